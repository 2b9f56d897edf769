import type { EventPayload } from '@dinsos/contracts';
import type { KafkaProjection } from '@dinsos/platform';
import type { Pool } from 'pg';

/** Intake's registration of a client, as placement notes it (ClientIdentityNoted's payload). */
export type ClientRegistration = EventPayload<'ClientRegistered'>;

/**
 * Intake's ClientRegistered, whatever its case → the client's latest registration in
 * `client_registrations` (placement.migrations.ts), in the follows consumer's transaction. The
 * payload is kept as received (personal fields encrypted under the client's key). The newest
 * wins: within intake's client stream by revision, else by occurredAt; a redelivery changes
 * nothing.
 */
export const keepLatestClientRegistration: KafkaProjection = async (event, transaction) => {
  const registered = event.payload as ClientRegistration;
  await transaction.query(
    `insert into client_registrations
       (client_id, payload, schema_version, event_id, case_id, stream_id, stream_revision, occurred_at)
     values ($1, $2, $3, $4, $5, $6, $7, $8)
     on conflict (client_id) do update set
       payload = excluded.payload,
       schema_version = excluded.schema_version,
       event_id = excluded.event_id,
       case_id = excluded.case_id,
       stream_id = excluded.stream_id,
       stream_revision = excluded.stream_revision,
       occurred_at = excluded.occurred_at
     where case
       when client_registrations.stream_id = excluded.stream_id
         then excluded.stream_revision > client_registrations.stream_revision
       else excluded.occurred_at > client_registrations.occurred_at
     end`,
    [
      registered.clientId,
      JSON.stringify(registered),
      event.schemaVersion,
      event.eventId,
      event.caseId ?? null,
      event.streamId,
      event.streamRevision,
      event.occurredAt,
    ],
  );
};

/** The client's latest registration placement heard of, or undefined. */
export async function latestRegistrationOf(
  pool: Pick<Pool, 'query'>,
  clientId: string,
): Promise<ClientRegistration | undefined> {
  const { rows } = await pool.query<{ payload: ClientRegistration }>(
    'select payload from client_registrations where client_id = $1',
    [clientId],
  );
  return rows[0]?.payload;
}
