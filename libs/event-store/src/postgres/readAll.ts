import { InvalidReadOptions } from '../errors';
import { Position } from '../position';
import type { EventFilter, ReadAllOptions, RecordedEvent } from '../port';
import { assertValidCategory } from '../streamId';
import { checkMaxCount } from './readStream';
import { EVENT_COLUMNS, toRecordedEvent, type EventRow, type Queryable } from './rows';

/**
 * Sent unnamed, so PostgreSQL plans it for its actual parameters each time: a plan kept from
 * when the table was small could scan it whole later.
 *
 * Gap-free: concurrent transactions commit out of order, so a row with a smaller position can
 * become visible after a larger one was read. Rows of transactions older than the snapshot's
 * xmin are final (every such transaction has ended), so reading only those, ordered by
 * (transaction id, sequence), never skips one that commits later. A transaction holding its id
 * for long delays readers (cluster-wide); it never makes them skip.
 */
export const READ_ALL_SQL = `with horizon as (
    select pg_catalog.pg_snapshot_xmin(pg_catalog.pg_current_snapshot()) as xmin
  )
  select h.xmin::text as horizon, page.*
  from horizon h
  left join lateral (
    select ${EVENT_COLUMNS}
    from event_store.events e
    where (e.transaction_id, e.sequence) > ($1::text::xid8, $2::bigint)
      and e.transaction_id < h.xmin
      and ($3::text[] is null or e.stream_category = any($3::text[]))
      and ($4::text[] is null or e.type = any($4::text[]))
    order by e.transaction_id, e.sequence
    limit $5
  ) page on true`;

export const DEFAULT_READ_ALL_MAX_COUNT = 1000;

export interface ReadAllPage {
  events: RecordedEvent[];
  /**
   * Every event before this position has been seen by this read (with the filter applied) when
   * the page was not full: a filtered reader can continue from here without rescanning.
   */
  scannedTo: Position;
}

export interface CheckedFilter {
  categories: string[] | null;
  types: string[] | null;
}

export function checkFilter(filter: EventFilter | undefined): CheckedFilter {
  if (filter === undefined) return { categories: null, types: null };
  const asRecord = filter as { categories?: unknown; types?: unknown };
  const hasCategories = asRecord.categories !== undefined;
  const hasTypes = asRecord.types !== undefined;
  if (hasCategories === hasTypes) {
    throw new InvalidReadOptions('a filter names either categories or types');
  }
  const list = (hasCategories ? asRecord.categories : asRecord.types) as unknown;
  if (!Array.isArray(list) || list.length === 0) {
    throw new InvalidReadOptions('a filter needs at least one category or type');
  }
  if (hasCategories) {
    list.forEach((category) => assertValidCategory(category));
    return { categories: list as string[], types: null };
  }
  for (const type of list) {
    if (typeof type !== 'string' || type.length === 0)
      throw new InvalidReadOptions('event types are non-empty strings');
  }
  return { categories: null, types: list as string[] };
}

export async function readAllPage(
  db: Queryable,
  from: Position,
  filter: CheckedFilter,
  maxCount: number,
): Promise<ReadAllPage> {
  const result = await db.query<EventRow & { horizon: string }>({
    text: READ_ALL_SQL,
    values: [
      from.commit.toString(),
      from.prepare.toString(),
      filter.categories,
      filter.types,
      maxCount,
    ],
  });
  const rows = result.rows.filter((row) => row.document !== null);
  const events = rows.map(toRecordedEvent);
  const last = events.length ? events[events.length - 1].position : from;
  const horizon = Position.of(BigInt(result.rows[0].horizon), 0n);
  const scannedTo = events.length < maxCount ? Position.max(last, horizon) : last;
  return { events, scannedTo };
}

export async function readAll(
  db: Queryable,
  options: ReadAllOptions = {},
): Promise<RecordedEvent[]> {
  const from = options.from ?? Position.start;
  if (!Position.isPosition(from)) throw new InvalidReadOptions('from must be a Position');
  const maxCount = checkMaxCount(options.maxCount, DEFAULT_READ_ALL_MAX_COUNT) as number;
  return (await readAllPage(db, from, checkFilter(options.filter), maxCount)).events;
}
