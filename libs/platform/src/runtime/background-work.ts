import { Logger } from '@nestjs/common';

/** Something the service runs besides HTTP: the relay, a consumer. */
export interface BackgroundPart {
  name: string;
  start(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * Starts the relay and consumers without holding up the HTTP side: while Kafka is down the
 * service still answers commands (the store is the outbox), and each part keeps trying to start
 * with a growing pause. stop() lets in-flight work finish (kafkajs finishes the running message;
 * the relay finishes its batch).
 */
export class BackgroundWork {
  private readonly log = new Logger('BackgroundWork');
  private stopping = false;
  private readonly wakers = new Set<() => void>();
  private readonly starting: Array<Promise<void>> = [];
  private readonly running = new Set<BackgroundPart>();

  constructor(private readonly parts: BackgroundPart[]) {}

  start(): void {
    for (const part of this.parts) this.starting.push(this.keepStarting(part));
  }

  /** Resolves once every part is running (for tests; the service does not wait for it). */
  async started(): Promise<void> {
    await Promise.all(this.starting);
  }

  async stop(): Promise<void> {
    this.stopping = true;
    for (const wake of this.wakers) wake();
    // Running parts finish their in-flight work; a part still starting stops itself once started.
    const running = [...this.running];
    this.running.clear();
    await Promise.all(
      running.map((part) =>
        part
          .stop()
          .catch((error: unknown) =>
            this.log.error({ msg: 'stopping failed', part: part.name, err: error }),
          ),
      ),
    );
    await Promise.all(this.starting);
  }

  private async keepStarting(part: BackgroundPart): Promise<void> {
    for (let attempt = 1; !this.stopping; attempt += 1) {
      try {
        await part.start();
        // stop() came while this part was starting: it did not stop it, so stop it here.
        if (this.stopping) {
          await part.stop();
          return;
        }
        this.running.add(part);
        this.log.log({ msg: 'started', part: part.name });
        return;
      } catch (error) {
        this.log.warn({ msg: 'could not start; retrying', part: part.name, attempt, err: error });
        await part.stop().catch(() => undefined);
        await this.pause(Math.min(30_000, 500 * 2 ** Math.min(attempt, 6)));
      }
    }
  }

  /** Waits `ms`, or less when stop() comes; at once when stop() already came (nobody would wake it). */
  private pause(ms: number): Promise<void> {
    if (this.stopping) return Promise.resolve();
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.wakers.delete(done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.wakers.add(done);
    });
  }
}
