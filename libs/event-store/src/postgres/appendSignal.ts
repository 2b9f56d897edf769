import { Client, type Pool } from 'pg';

/** The channel stores announce their committed appends on (see AppendAnnouncer). */
export const appendedChannel = 'event_store_appended';

/**
 * Wakes a store's subscriptions when another transaction has appended, through one LISTEN
 * connection per store, opened when the first subscription waits. Notifications are a hint:
 * subscriptions still poll (less often while listening), so a lost connection or a missed
 * notification delays a reader, never loses an event.
 */
export class AppendSignal {
  /** Appends heard so far: a reader compares it before and after a read to skip a wait. */
  heard = 0;
  private client?: Client;
  private connecting?: Promise<void>;
  private closed = false;
  private readonly waiters = new Set<() => void>();

  constructor(private readonly pool: Pool) {}

  get listening(): boolean {
    return this.client !== undefined;
  }

  /**
   * Resolves on the next append heard, after `ms`, or when `signal` aborts, whichever is first.
   * Returns at once when an append was heard since `since` (a value of `heard`).
   */
  async wait(ms: number, signal: AbortSignal, since: number): Promise<void> {
    this.listen();
    if (this.heard !== since || signal.aborted) return;
    await new Promise<void>((resolve) => {
      const done = () => {
        clearTimeout(timer);
        signal.removeEventListener('abort', done);
        this.waiters.delete(done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      signal.addEventListener('abort', done, { once: true });
      this.waiters.add(done);
    });
  }

  /** As if an append was heard: waiting subscriptions read at once. */
  wake(): void {
    this.heard += 1;
    for (const wake of [...this.waiters]) wake();
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const wake of [...this.waiters]) wake();
    await this.connecting;
    const client = this.client;
    this.client = undefined;
    await client?.end().catch(() => undefined);
  }

  private listen(): void {
    if (this.client || this.connecting || this.closed) return;
    this.connecting = this.connect().finally(() => (this.connecting = undefined));
  }

  private async connect(): Promise<void> {
    const client = new Client(this.pool.options);
    const drop = () => {
      if (this.client === client) this.client = undefined;
      void client.end().catch(() => undefined);
    };
    client.on('error', drop);
    client.on('end', drop);
    client.on('notification', () => this.wake());
    try {
      await client.connect();
      await client.query(`listen ${appendedChannel}`);
    } catch {
      // Unreachable for now: the subscriptions poll, and the next wait tries again.
      drop();
      return;
    }
    if (this.closed) return drop();
    this.client = client;
  }
}
