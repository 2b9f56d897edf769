import type { EventHandler, InboundEvent } from '@dinsos/messaging';
import type { PoolClient } from 'pg';

/** The intake events the ownership table is built from (DESIGN.md section 2). */
export const ownershipEventTypes = ['CaseOpened', 'CaseTransferred'] as const;

interface CaseOpenedPayload {
  owningOfficeCode: string;
}
interface CaseTransferredPayload {
  fromOfficeCode: string;
  toOfficeCode: string;
}

function caseIdOf(event: InboundEvent): string {
  // The Kafka key of a case event is its caseId (the contracts' ce_subject).
  return event.received?.caseId ?? event.caseKey;
}

/**
 * Handlers for an EventConsumer of the intake topic. They run in the consumer's transaction with
 * its inbox record, so each event changes the table exactly once.
 */
export function ownershipProjectionHandlers(): Record<
  (typeof ownershipEventTypes)[number],
  EventHandler<void>
> {
  return {
    CaseOpened: {
      async apply(event: InboundEvent, _prepared: void, transaction: PoolClient) {
        const payload = event.payload as CaseOpenedPayload;
        await transaction.query(
          `insert into auth_case_ownership (case_id, owning_office_code, updated_by_event_id)
           values ($1, $2, $3) on conflict (case_id) do nothing`,
          [caseIdOf(event), payload.owningOfficeCode, event.eventId],
        );
      },
    },
    CaseTransferred: {
      async apply(event: InboundEvent, _prepared: void, transaction: PoolClient) {
        const payload = event.payload as CaseTransferredPayload;
        const caseId = caseIdOf(event);
        await transaction.query(
          `insert into auth_case_ownership (case_id, owning_office_code, updated_by_event_id)
           values ($1, $2, $3)
           on conflict (case_id) do update
             set owning_office_code = excluded.owning_office_code,
                 updated_by_event_id = excluded.updated_by_event_id, updated_at = now()`,
          [caseId, payload.toOfficeCode, event.eventId],
        );
        // The sending office keeps read access; an office that gets a case back owns it again.
        await transaction.query(
          `insert into auth_case_read_grant (case_id, office_code, granted_by_event_id)
           values ($1, $2, $3) on conflict (case_id, office_code) do nothing`,
          [caseId, payload.fromOfficeCode, event.eventId],
        );
        await transaction.query(
          'delete from auth_case_read_grant where case_id = $1 and office_code = $2',
          [caseId, payload.toOfficeCode],
        );
      },
    },
  };
}
