import { Inject, Injectable } from '@nestjs/common';
import type { Pool } from 'pg';
import { DATABASE_POOL } from '../runtime/tokens';

/** An event of another context noted as a fact of a case (PlatformFeatures.follows.facts). */
export interface FollowedEvent {
  eventId: string;
  type: string;
  /** When it happened in its own context (the event's occurredAt), ISO 8601. */
  occurredAt: string;
}

/** What the service's deciders may know of other contexts: the facts it follows, per case. */
@Injectable()
export class FollowedEvents {
  constructor(@Inject(DATABASE_POOL) private readonly pool: Pick<Pool, 'query'>) {}

  /** The case's followed events, in the order they happened. */
  async ofCase(caseId: string): Promise<FollowedEvent[]> {
    const { rows } = await this.pool.query<{
      event_id: string;
      event_type: string;
      occurred_at: Date;
    }>(
      `select event_id, event_type, occurred_at from platform_followed_events
       where case_id = $1 order by occurred_at, event_id`,
      [caseId],
    );
    return rows.map((row) => ({
      eventId: row.event_id,
      type: row.event_type,
      occurredAt: row.occurred_at.toISOString(),
    }));
  }

  /** Only the types, in the order they happened: what a decider usually asks. */
  async typesOfCase(caseId: string): Promise<string[]> {
    return (await this.ofCase(caseId)).map((event) => event.type);
  }
}
