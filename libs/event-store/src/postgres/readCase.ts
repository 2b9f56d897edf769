import { InvalidReadOptions } from '../errors';
import type { RecordedEvent } from '../port';
import { EVENT_COLUMNS, toRecordedEvent, type EventRow, type Queryable } from './rows';

/** By the envelope's caseId column, so client and complaint streams are included. */
const READ_CASE_SQL = `select ${EVENT_COLUMNS} from event_store.events e
  where e.case_id = $1
  order by e.transaction_id, e.sequence`;

export async function readCase(db: Queryable, caseId: string): Promise<RecordedEvent[]> {
  if (typeof caseId !== 'string' || caseId.length === 0) {
    throw new InvalidReadOptions('caseId must be a non-empty string');
  }
  const result = await db.query<EventRow>({
    text: READ_CASE_SQL,
    values: [caseId],
  });
  return result.rows.map(toRecordedEvent);
}
