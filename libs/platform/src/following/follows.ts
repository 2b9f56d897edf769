import {
  contexts,
  type ReceivedEvent,
  isEventType,
  owningContextOf,
  serviceNames,
  type ContextName,
} from '@dinsos/contracts';
import type { EventHandler, InboundEvent } from '@dinsos/messaging';
import type { PoolClient } from 'pg';
import type { DomainEvent } from '../commands/decider';
import {
  reactionHandler,
  receivedOf,
  type Reaction,
  type ReactionDependencies,
} from '../reactions/reaction-handler';

// Each reaction's command, state, events and prepared value are its own: a registry cannot name them.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyReaction = Reaction<any, any, DomainEvent, any>;

/**
 * What a service follows of other contexts, by event type (the contracts' names). The topics are
 * the contracts' too: each type is published on the topic of the context that owns it.
 */
export interface Follows {
  /** A reaction per event type: `{ CaseOpened: scheduleFirstContact(…) }`. */
  reactions?: Readonly<Record<string, AnyReaction>>;
  /**
   * Event types noted per case as facts (platform_followed_events), for the service's deciders
   * to read with FollowedEvents: `['RecommendationMade']`.
   */
  facts?: readonly string[];
  /**
   * Read models fed from Kafka: per event type, what the event changes in the service's own
   * tables, applied in the consumer's transaction beside its inbox record (so exactly once,
   * whatever the redeliveries and instances). Read models fed from the store run on
   * ProjectionRunner instead.
   */
  projections?: Readonly<Record<string, KafkaProjection>>;
}

/** Applies one followed event to a read model, in the consumer's transaction. */
export type KafkaProjection = (event: ReceivedEvent, transaction: PoolClient) => Promise<void>;

/** A follows declaration that names something the contracts do not have, or the service's own. */
export class FollowsDeclarationError extends Error {
  constructor(message: string) {
    super(`PlatformFeatures.follows: ${message}`);
    this.name = 'FollowsDeclarationError';
  }
}

/** The contexts of the followed types, checked against the contracts; throws at startup. */
/** Every event type a declaration names, once each. */
function followedTypes(follows: Follows): string[] {
  return [
    ...new Set([
      ...Object.keys(follows.reactions ?? {}),
      ...(follows.facts ?? []),
      ...Object.keys(follows.projections ?? {}),
    ]),
  ];
}

export function followedContexts(follows: Follows, service: string): ContextName[] {
  const types = followedTypes(follows);
  const unknown = types.filter((type) => !isEventType(type));
  if (unknown.length > 0) {
    throw new FollowsDeclarationError(
      `${unknown.join(', ')} ${unknown.length === 1 ? 'is no event type' : 'are no event types'} of the contracts (libs/contracts/src/events)`,
    );
  }
  const own = (serviceNames as readonly string[]).includes(service)
    ? types.filter((type) => contexts[owningContextOf(type)].service === service)
    : [];
  if (own.length > 0) {
    throw new FollowsDeclarationError(
      `${own.join(', ')} ${own.length === 1 ? 'is' : 'are'} ${service}'s own: a service follows other contexts, and reads its own events from its store`,
    );
  }
  return [...new Set(types.map(owningContextOf))];
}

export interface FollowedConsumer {
  /** Topic names as in the contracts (without the test or deployment prefix). */
  topics: string[];
  handlers: Record<string, EventHandler<unknown>>;
}

/**
 * The one consumer of what a service follows: a handler per event type that notes the fact,
 * applies the projection and runs the reaction, all in the consumer's transaction with its inbox
 * record (so exactly once).
 * Undefined when the service follows nothing.
 */
export function followedConsumer(
  follows: Follows | undefined,
  dependencies: ReactionDependencies,
): FollowedConsumer | undefined {
  if (!follows) return undefined;
  const topics = followedContexts(follows, dependencies.service).map(
    (context) => contexts[context].topic,
  );
  if (topics.length === 0) return undefined;
  const facts = new Set(follows.facts ?? []);
  const handlers: Record<string, EventHandler<unknown>> = {};
  for (const type of followedTypes(follows)) {
    const reaction = follows.reactions?.[type];
    const project = follows.projections?.[type];
    const react = reaction
      ? (reactionHandler(reaction, dependencies) as EventHandler<unknown>)
      : undefined;
    const noted = facts.has(type);
    handlers[type] = {
      prepare: react?.prepare ? (event) => react.prepare!(event) : undefined,
      async apply(event: InboundEvent, prepared: unknown, transaction: PoolClient) {
        if (noted) await noteFact(event, transaction, dependencies.now ?? (() => new Date()));
        if (project) await project(receivedOf(event), transaction);
        if (react) await react.apply(event, prepared, transaction);
      },
    };
  }
  return { topics, handlers };
}

async function noteFact(
  event: InboundEvent,
  transaction: PoolClient,
  now: () => Date,
): Promise<void> {
  await transaction.query(
    `insert into platform_followed_events (event_id, case_id, event_type, occurred_at)
     values ($1, $2, $3, $4) on conflict (event_id) do nothing`,
    [
      event.eventId,
      // The Kafka key of a case event is its case id (the contracts' ce_subject).
      event.received?.caseId ?? event.caseKey,
      event.type,
      event.received?.occurredAt ?? now().toISOString(),
    ],
  );
}
