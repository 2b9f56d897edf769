import { InvalidReadOptions } from '../errors';
import { Position } from '../position';
import type { EventSubscription, RecordedEvent, SubscribeToAllOptions } from '../port';
import { checkFilter, readAllPage } from './readAll';
import type { AppendSignal } from './appendSignal';
import type { Queryable } from './rows';

export interface SubscriptionSettings {
  /** How long to wait before polling again once caught up, when no append signal is heard. */
  pollIntervalMs: number;
  /** How long to wait once caught up while the append signal listens (it wakes the wait). */
  listeningPollIntervalMs: number;
  pageSize: number;
  /** Appends heard from the database; without it, subscriptions only poll. */
  appended?: AppendSignal;
}

/** How long a subscription polls at the short interval after an append was heard. */
const quickPollingAfterAppendMs = 3000;

const HORIZON_SQL =
  'select pg_catalog.pg_snapshot_xmin(pg_catalog.pg_current_snapshot())::text as xmin';

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
    signal.addEventListener('abort', done, { once: true });
  });
}

/**
 * Reads readAll's gap-free page from the last delivered position; once caught up, waits for an
 * append to be heard (the events table notifies after each appending commit) or for the poll
 * interval, whichever comes first.
 */
export function subscribeToAll(
  db: Queryable,
  options: SubscribeToAllOptions,
  settings: SubscriptionSettings,
  onEnd: (subscription: EventSubscription) => void,
): EventSubscription {
  const from = options.from ?? Position.start;
  if (from !== 'start' && from !== 'end' && !Position.isPosition(from)) {
    throw new InvalidReadOptions("from must be a Position, 'start' or 'end'");
  }
  const filter = checkFilter(options.filter);
  const stop = new AbortController();
  const onExternalAbort = () => stop.abort();
  options.signal?.addEventListener('abort', onExternalAbort, { once: true });
  if (options.signal?.aborted) stop.abort();

  async function* deliver(): AsyncGenerator<RecordedEvent, void, undefined> {
    try {
      let cursor: Position;
      if (from === 'end') {
        const { rows } = await db.query<{ xmin: string }>(HORIZON_SQL);
        cursor = Position.of(BigInt(rows[0].xmin), 0n);
      } else {
        cursor = from === 'start' ? Position.start : from;
      }
      const { appended } = settings;
      // After an append is heard, its events may still be behind the cluster's read horizon (a
      // transaction anywhere in the cluster older than the append keeps them back): poll at the
      // short interval for a while, or the reader would wait for the long one.
      let pollQuicklyUntil = 0;
      while (!stop.signal.aborted) {
        // Read before the page: an append heard while it is read must not be slept through.
        const heard = appended?.heard ?? 0;
        const page = await readAllPage(db, cursor, filter, settings.pageSize);
        for (const event of page.events) {
          if (stop.signal.aborted) return;
          yield event;
        }
        cursor = page.scannedTo;
        if (page.events.length >= settings.pageSize) continue;
        if (appended) {
          const interval =
            appended.listening && Date.now() >= pollQuicklyUntil
              ? settings.listeningPollIntervalMs
              : settings.pollIntervalMs;
          await appended.wait(interval, stop.signal, heard);
          if (appended.heard !== heard) pollQuicklyUntil = Date.now() + quickPollingAfterAppendMs;
        } else {
          await sleep(settings.pollIntervalMs, stop.signal);
        }
      }
    } finally {
      options.signal?.removeEventListener('abort', onExternalAbort);
      onEnd(subscription);
    }
  }

  const iterator = deliver();
  const subscription: EventSubscription = Object.assign(iterator, {
    async close(): Promise<void> {
      stop.abort();
      await iterator.return(undefined);
      onEnd(subscription);
    },
  });
  return subscription;
}
