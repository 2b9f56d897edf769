import type { Pool } from 'pg';
import { appendedChannel } from './appendSignal';

/**
 * Tells listening subscriptions that events were appended: a NOTIFY sent after the append
 * committed, in a transaction of its own. Not from the appending transaction itself: PostgreSQL
 * serialises the commits of all transactions that notify (a cluster-wide lock held through the
 * commit's WAL flush), which cost the append benchmark 10–50% when the events table notified by
 * trigger. A transaction that only notifies writes nothing but its commit record and holds that lock
 * for as long as that takes.
 *
 * Announcements are coalesced: one NOTIFY at a time per store, at most one per `intervalMs`, so
 * a busy writer sends at most 50 a second, and a listener hears of an append within that interval
 * plus a round trip. In the append benchmark a NOTIFY per append cost a single writer 28% of its
 * rate, one per 5 ms still 9-13%; one per 20 ms is within the noise. A failed NOTIFY is
 * forgotten: subscriptions still poll.
 */
export class AppendAnnouncer {
  /** Whether a NOTIFY is sent or waits for its turn: appends meanwhile ride on it. */
  private busy = false;
  /** Appends committed after the NOTIFY in flight left. */
  private again = false;
  private lastSentAt = -Infinity;
  private timer?: NodeJS.Timeout;
  private closed = false;

  constructor(
    private readonly pool: Pool,
    private readonly intervalMs = 20,
  ) {}

  announce(): void {
    if (this.closed) return;
    if (this.busy) {
      this.again = true;
      return;
    }
    this.busy = true;
    const wait = this.lastSentAt + this.intervalMs - performance.now();
    if (wait > 0) this.timer = setTimeout(() => this.send(), wait);
    else this.send();
  }

  close(): void {
    this.closed = true;
    clearTimeout(this.timer);
  }

  private send(): void {
    this.timer = undefined;
    this.again = false;
    if (this.closed) return;
    this.lastSentAt = performance.now();
    void this.pool
      .query(`select pg_catalog.pg_notify('${appendedChannel}', '')`)
      .catch(() => undefined)
      .finally(() => {
        this.busy = false;
        if (this.again) this.announce();
      });
  }
}
