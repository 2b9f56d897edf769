import type { Pool, PoolClient, QueryConfig, QueryResult, QueryResultRow } from 'pg';
import { parseDocument } from '../canonicalEvent';
import { Position } from '../position';
import type { RecordedEvent } from '../port';

/** Anything that runs a query: a pool, a pooled client, a client. */
export interface Queryable {
  query<R extends QueryResultRow = QueryResultRow>(config: QueryConfig): Promise<QueryResult<R>>;
  query<R extends QueryResultRow = QueryResultRow>(
    text: string,
    values?: unknown[],
  ): Promise<QueryResult<R>>;
}

export type PoolOrClient = Pool | PoolClient;

/** The columns every read selects, in the order of EventRow. */
export const EVENT_COLUMNS = `e.transaction_id::text as transaction_id, e.sequence::text as sequence,
  e.stream_revision::text as stream_revision, e.document,
  pg_catalog.encode(e.prev_hash, 'hex') as prev_hash, pg_catalog.encode(e.hash, 'hex') as hash`;

export interface EventRow {
  transaction_id: string;
  sequence: string;
  stream_revision: string;
  document: string;
  prev_hash: string;
  hash: string;
}

export function positionOf(transactionId: string, sequence: string): Position {
  return Position.of(BigInt(transactionId), BigInt(sequence));
}

export function toRecordedEvent(row: EventRow): RecordedEvent {
  const document = parseDocument(row.document);
  return {
    eventId: document.eventId,
    type: document.type,
    schemaVersion: document.schemaVersion,
    streamId: document.streamId,
    streamRevision: Number(row.stream_revision),
    position: positionOf(row.transaction_id, row.sequence),
    ...(document.caseId !== undefined ? { caseId: document.caseId } : {}),
    subjectIds: document.subjectIds,
    officeCode: document.officeCode,
    occurredAt: document.occurredAt,
    recordedAt: document.recordedAt,
    actor: document.actor,
    correlationId: document.correlationId,
    causationId: document.causationId,
    ...(document.serviceStandard !== undefined
      ? { serviceStandard: document.serviceStandard }
      : {}),
    payload: document.payload,
    prevHash: row.prev_hash,
    hash: row.hash,
  };
}
