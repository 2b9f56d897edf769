/**
 * `@dinsos/platform/testing`: what a service's tests share, never imported by a service's own
 * code. Real PostgreSQL and Kafka come from @dinsos/testing.
 *
 * - `given(decider, past).when(command).then(events)` / `.thenRefuses(rule)`.
 * - `LogCapture`: the service's JSON log lines (pass as `logDestination` to createServiceApp).
 * - `TestClock`: a clock the test moves (pass as `PlatformFeatures.clock`).
 */
import { Writable } from 'node:stream';
import type { Clock } from '../runtime/tokens';

export { given } from '../commands/given-when-then';

/** The service's log lines, parsed (one destination per test file: nestjs-pino). */
export class LogCapture extends Writable {
  readonly lines: Array<Record<string, unknown>> = [];
  readonly raw: string[] = [];

  override _write(chunk: Buffer, _encoding: string, done: () => void): void {
    for (const text of chunk.toString('utf8').split('\n').filter(Boolean)) {
      this.raw.push(text);
      this.lines.push(JSON.parse(text) as Record<string, unknown>);
    }
    done();
  }
}

/** A clock the test moves; starts at the given instant. */
export class TestClock implements Clock {
  constructor(private current: Date) {}

  now(): Date {
    return new Date(this.current);
  }

  set(instant: string): void {
    this.current = new Date(instant);
  }
}
