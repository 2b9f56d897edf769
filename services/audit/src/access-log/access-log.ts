import { Inject, Injectable } from '@nestjs/common';
import { auditAccessCategory, type AuditRecordReadPayload } from '@dinsos/contracts';
import type { PostgresEventStore } from '@dinsos/event-store';
import {
  CLOCK,
  EVENT_STORE,
  appendReadRecord,
  type Clock,
  type ReadContextShape,
} from '@dinsos/platform';

export type AccessRecord = Omit<AuditRecordReadPayload, 'purpose'>;

/** The stream of the records about one case; reads of no case (the whole store) share one. */
export function accessStreamId(caseId: string | undefined): string {
  return `${auditAccessCategory}-${caseId ?? 'store'}`;
}

/**
 * Every use of the audit service, recorded in its own category before the answer goes out: the
 * reader (envelope actor), the moment (occurredAt, recordedAt), the stated purpose and what was
 * read. The case id is in the payload only, so the case's own history never shows who looked.
 */
@Injectable()
export class AccessLog {
  constructor(
    @Inject(EVENT_STORE) private readonly store: PostgresEventStore,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  record(
    context: ReadContextShape,
    record: AccessRecord,
  ): Promise<{ eventId: string; position: string }> {
    // The reader's office owns the record: it is what that office did, not a fact of the case.
    return appendReadRecord(this.store, context, {
      type: 'AuditRecordRead',
      schemaVersion: 1,
      streamId: accessStreamId(record.caseId),
      payload: compactRecord({ ...record, purpose: context.purpose }),
      occurredAt: this.clock.now().toISOString(),
    });
  }

  /** Who read the case through the audit service, oldest first. */
  ofCase(caseId: string) {
    return this.recordsOf(accessStreamId(caseId));
  }

  /** The records of no case (the whole store's verifications, these listings), oldest first. */
  ofStore() {
    return this.recordsOf(accessStreamId(undefined));
  }

  private async recordsOf(streamId: string) {
    const events = await this.store.readStream(streamId);
    return events.map((event) => ({
      eventId: event.eventId,
      position: event.position.toString(),
      at: event.occurredAt,
      recordedAt: event.recordedAt,
      actor: event.actor,
      ...(event.payload as Record<string, unknown>),
    }));
  }
}

function compactRecord<T extends Record<string, unknown>>(record: T): T {
  return Object.fromEntries(Object.entries(record).filter(([, value]) => value !== undefined)) as T;
}
