import { InvalidReadOptions } from '../errors';
import { Position } from '../position';
import type { EventSubscription, RecordedEvent, SubscribeToAllOptions } from '../port';
import { checkFilter, readAllPage } from './readAll';
import type { Queryable } from './rows';

export interface SubscriptionSettings {
  /** How long to wait before polling again once caught up. */
  pollIntervalMs: number;
  pageSize: number;
}

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
 * Polls readAll's gap-free page from the last delivered position. Appends do not NOTIFY: a NOTIFY
 * serialises every committing transaction of the cluster, which costs more than polling.
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
      while (!stop.signal.aborted) {
        const page = await readAllPage(db, cursor, filter, settings.pageSize);
        for (const event of page.events) {
          if (stop.signal.aborted) return;
          yield event;
        }
        cursor = page.scannedTo;
        if (page.events.length < settings.pageSize)
          await sleep(settings.pollIntervalMs, stop.signal);
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
