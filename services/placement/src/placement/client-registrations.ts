import type { EventPayload } from '@dinsos/contracts';
import type { KafkaProjection, ProjectionDependencies } from '@dinsos/platform';
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

/**
 * Reads the latest registration of a client, for the reaction that opens a placement (its
 * `prepare`, before the consumer's transaction). Reactions are declared before Nest starts, so
 * the service's pool is handed over as the platform builds its projections
 * (`PlatformFeatures.projections` as a function: `attachedTo`). Every instance built from the
 * same features attaches its own pool; the latest one not ended answers.
 */
export class ClientRegistrations {
  private pools: Pool[] = [];

  /** `PlatformFeatures.projections`: placement keeps no store projection, it takes the pool. */
  readonly attachedTo = (dependencies: ProjectionDependencies): [] => {
    this.pools = [...this.pools.filter((pool) => !pool.ended), dependencies.pool];
    return [];
  };

  /** The client's latest registration, or undefined when placement never heard of one. */
  async latestOf(clientId: string): Promise<ClientRegistration | undefined> {
    const pool = this.pools.filter((candidate) => !candidate.ended).at(-1);
    if (!pool)
      throw new Error(
        'client registrations: no database pool (the platform never built its projections)',
      );
    const { rows } = await pool.query<{ payload: ClientRegistration }>(
      'select payload from client_registrations where client_id = $1',
      [clientId],
    );
    return rows[0]?.payload;
  }
}
