import { Injectable } from '@nestjs/common';
import { contextOfStreamCategory, isStreamCategory } from '@dinsos/contracts';
import { categoryOf, type RecordedEvent } from '@dinsos/event-store';
import { PersonalFields, type ReadContextShape } from '@dinsos/platform';
import { AccessLog } from '../access-log/access-log';
import { CaseRecords, recordedQuery } from '../case-record/case-record';
import type { HistoryQuery } from './history.requests';

/** One event of the history: the whole envelope, the chain links, the payload. */
export interface HistoryEntry {
  position: string;
  streamId: string;
  streamRevision: number;
  context: string | null;
  eventId: string;
  type: string;
  schemaVersion: number;
  officeCode: string;
  occurredAt: string;
  recordedAt: string;
  actor: RecordedEvent['actor'];
  correlationId: string;
  causationId: string | null;
  serviceStandard: RecordedEvent['serviceStandard'] | null;
  subjectIds: readonly string[];
  payload: unknown;
  prevHash: string;
  hash: string;
}

export function contextOfStream(streamId: string): string | null {
  const category = categoryOf(streamId);
  return isStreamCategory(category) ? contextOfStreamCategory(category) : null;
}

@Injectable()
export class CaseHistory {
  constructor(
    private readonly records: CaseRecords,
    private readonly accessLog: AccessLog,
    private readonly fields: PersonalFields,
  ) {}

  async history(context: ReadContextShape, caseId: string, query: HistoryQuery) {
    const recorded = recordedQuery(query);
    const opened = await this.records.open(context, caseId, 'caseHistory', recorded);
    const selected = opened.events.filter(
      (event) =>
        (!query.context || contextOfStream(event.streamId) === query.context) &&
        (!query.type || event.type === query.type) &&
        (!query.actor || event.actor.id === query.actor),
    );
    const decrypt = query.personalData === 'decrypted';
    const entries: HistoryEntry[] = [];
    for (const event of selected) {
      entries.push({
        position: event.position.toString(),
        streamId: event.streamId,
        streamRevision: event.streamRevision,
        context: contextOfStream(event.streamId),
        eventId: event.eventId,
        type: event.type,
        schemaVersion: event.schemaVersion,
        officeCode: event.officeCode,
        occurredAt: event.occurredAt,
        recordedAt: event.recordedAt,
        actor: event.actor,
        correlationId: event.correlationId,
        causationId: event.causationId,
        serviceStandard: event.serviceStandard ?? null,
        subjectIds: event.subjectIds,
        // Decrypted through the one decrypt function, which records each key's use itself.
        payload: decrypt
          ? await this.fields.decryptPayload(event, { actor: context.actor, purpose: 'audit' })
          : event.payload,
        prevHash: event.prevHash,
        hash: event.hash,
      });
    }
    await this.accessLog.record(context, {
      access: 'caseHistory',
      caseId,
      ...(recorded ? { query: recorded } : {}),
      personalData: decrypt ? 'decrypted' : 'asStored',
      outcome: 'answered',
    });
    return {
      caseId,
      owningOfficeCode: opened.ownership.owningOfficeCode,
      access: opened.access,
      pinnedStandard: opened.summary.pinnedStandard ?? null,
      personalData: decrypt ? 'decrypted' : 'asStored',
      events: entries,
    };
  }
}
