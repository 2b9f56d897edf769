import { contexts } from '@dinsos/contracts';
import type { EventHandler, InboundEvent } from '@dinsos/messaging';
import type { PoolClient } from 'pg';

/**
 * Events of other services that steps of intake follow, from their topics: under seed 000 the
 * fingerprints and photo come after the Peksos assessment (RecommendationMade). Each is noted for
 * its case in the consumer's transaction (with messaging's inbox, so exactly once); the
 * biometrics command reads them as facts for the client decider.
 */
export const followedEvents = { RecommendationMade: contexts.assessment.topic } as const;

export function otherServicesProgressHandlers(now: () => Date): Record<string, EventHandler<void>> {
  const note: EventHandler<void> = {
    async apply(event: InboundEvent, _prepared: void, transaction: PoolClient) {
      const caseId = event.received?.caseId ?? event.caseKey;
      await transaction.query(
        `insert into intake.other_service_events (event_id, case_id, event_type, occurred_at)
         values ($1, $2, $3, $4) on conflict (event_id) do nothing`,
        [event.eventId, caseId, event.type, event.received?.occurredAt ?? now().toISOString()],
      );
    },
  };
  return Object.fromEntries(Object.keys(followedEvents).map((type) => [type, note]));
}

export const followedTopics = [...new Set(Object.values(followedEvents))];
