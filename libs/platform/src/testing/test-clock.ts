import type { Clock } from '../runtime/tokens';

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
