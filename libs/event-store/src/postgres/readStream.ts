import { InvalidReadOptions } from '../errors';
import type { ReadStreamOptions, RecordedEvent } from '../port';
import { parseStreamId } from '../streamId';
import { EVENT_COLUMNS, toRecordedEvent, type EventRow, type Queryable } from './rows';

const FORWARDS_SQL = `select ${EVENT_COLUMNS} from event_store.events e
  where e.stream_id = $1 and e.stream_revision >= $2
  order by e.stream_revision limit $3`;

const BACKWARDS_SQL = `select ${EVENT_COLUMNS} from event_store.events e
  where e.stream_id = $1 and e.stream_revision <= $2
  order by e.stream_revision desc limit $3`;

const LAST_REVISION = Number.MAX_SAFE_INTEGER;

export function checkMaxCount(maxCount: unknown, fallback: number | null): number | null {
  if (maxCount === undefined) return fallback;
  if (typeof maxCount !== 'number' || !Number.isSafeInteger(maxCount) || maxCount < 1) {
    throw new InvalidReadOptions(`maxCount must be an integer ≥ 1, not ${String(maxCount)}`);
  }
  return maxCount;
}

export async function readStream(
  db: Queryable,
  streamId: string,
  options: ReadStreamOptions = {},
): Promise<RecordedEvent[]> {
  parseStreamId(streamId);
  const direction = options.direction ?? 'forwards';
  if (direction !== 'forwards' && direction !== 'backwards') {
    throw new InvalidReadOptions(
      `direction must be 'forwards' or 'backwards', not ${String(direction)}`,
    );
  }
  const from = options.from ?? (direction === 'forwards' ? 'start' : 'end');
  let fromRevision: number;
  if (from === 'start') fromRevision = 0;
  else if (from === 'end') fromRevision = LAST_REVISION;
  else if (typeof from === 'number' && Number.isSafeInteger(from) && from >= 0) fromRevision = from;
  else
    throw new InvalidReadOptions(
      `from must be 'start', 'end' or a revision ≥ 0, not ${String(from)}`,
    );
  const maxCount = checkMaxCount(options.maxCount, null);
  const result = await db.query<EventRow>({
    text: direction === 'forwards' ? FORWARDS_SQL : BACKWARDS_SQL,
    values: [streamId, fromRevision, maxCount],
  });
  return result.rows.map(toRecordedEvent);
}
