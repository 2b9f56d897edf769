import { Logger } from '@nestjs/common';
import type { ReceivedEvent } from '@dinsos/contracts';
import {
  EventIdConflict,
  WrongExpectedVersion,
  categoryOf,
  type Actor,
  type EventStore,
  type ServiceStandardRef,
} from '@dinsos/event-store';
import type { EventHandler, InboundEvent } from '@dinsos/messaging';
import type { Pool, PoolClient } from 'pg';
import type { Decider, DomainEvent } from '../commands/decider';
import { newEventsOf } from '../commands/new-events';
import { loadStream, type StreamState } from '../commands/stream-state';
import { reactionEventId } from '../idempotency/idempotency-scope';
import type { ServiceMetrics } from '../metrics/service-metrics';

/** The own command another service's event leads to, and the envelope of what it appends. */
export interface ReactionTarget<C> {
  streamId: string;
  command: C;
  officeCode: string;
  caseId?: string;
  serviceStandard?: ServiceStandardRef;
}

/**
 * A process-manager step: a Kafka event of another context → a command on an own stream.
 * Its events' ids derive from (service, causation eventId, `name`), so a redelivered or re-run
 * reaction appends nothing new on any store.
 */
export interface Reaction<C, S, E extends DomainEvent, P = undefined> {
  /** Part of every derived eventId: never rename a reaction once deployed. */
  name: string;
  decider: Decider<C, S, E>;
  /**
   * Slow work (calls to other systems, rendering, decryption), run before the transaction opens:
   * the store's read horizon is cluster-wide, so no transaction may wait on it.
   */
  prepare?(event: ReceivedEvent, dependencies: ReactionDependencies): Promise<P>;
  /** The command, or null when this event asks nothing of this service. */
  toCommand(event: ReceivedEvent, prepared: P): ReactionTarget<C> | null;
}

export interface ReactionDependencies {
  store: EventStore<PoolClient>;
  service: string;
  /** The service's pool (its role, its schema): a `prepare` reads the service's own tables. */
  pool?: Pick<Pool, 'query'>;
  metrics?: ServiceMetrics;
  /** Runs work with log lines carrying these bindings (correlationId, actor). */
  withLogContext?: <T>(bindings: Record<string, unknown>, work: () => Promise<T>) => Promise<T>;
  /** Reloads after a concurrent append to the same stream, within the transaction. Default 5. */
  maxAttempts?: number;
  /** The clock of `occurredAt`. Default: the system clock. */
  now?: () => Date;
}

/**
 * The usual target of a reaction on a case: the case's own stream of this service, for an office
 * (default: the event's), under the standard the event names. Null for an event without a case.
 */
export function caseReactionTarget<C>(
  event: ReceivedEvent,
  streamIdOf: (caseId: string) => string,
  command: C,
  officeCode: string = event.officeCode,
): ReactionTarget<C> | null {
  if (!event.caseId) return null;
  return {
    streamId: streamIdOf(event.caseId),
    command,
    officeCode,
    caseId: event.caseId,
    ...(event.serviceStandard
      ? {
          serviceStandard: {
            code: event.serviceStandard.code,
            version: Number(event.serviceStandard.version),
          },
        }
      : {}),
  };
}

/** What a reaction's prepare step hands its apply step: the command and the stream as read. */
export interface PreparedReaction<C, S> {
  target: ReactionTarget<C> | null;
  loaded?: StreamState<S>;
}

/** The account reactions act as: the service itself, for the owning office of the target. */
export function serviceActor(service: string, officeCode: string): Actor {
  return { id: `service:${service}`, role: 'service', officeCode };
}

/**
 * A messaging EventHandler (for an EventConsumer with messaging's decodeCloudEvent) that runs
 * the reaction: prepare and load outside the transaction, then decide and append inside the
 * consumer's transaction, beside its inbox record. A concurrent append to the same stream is
 * retried from a savepoint; the store's StreamOrderConflict (and anything else) is thrown, so the
 * consumer retries in a fresh transaction and dead-letters what keeps failing.
 */
export function reactionHandler<C, S, E extends DomainEvent, P>(
  reaction: Reaction<C, S, E, P>,
  dependencies: ReactionDependencies,
): EventHandler<PreparedReaction<C, S>> {
  const withLogContext =
    dependencies.withLogContext ??
    (<T>(_bindings: Record<string, unknown>, work: () => Promise<T>) => work());
  const contextOf = (received: ReceivedEvent) => ({
    correlationId: received.correlationId,
    causationId: received.eventId,
    actor: serviceActor(dependencies.service, received.officeCode),
    reaction: reaction.name,
  });

  const decider = reaction.decider as Decider<unknown, S, E>;

  return {
    // The stream is read here, before the consumer's transaction takes its connection: reading
    // through the pool while holding one starves the pool under load. Only a conflict rereads.
    prepare: (event: InboundEvent) => {
      const received = receivedOf(event);
      return withLogContext(contextOf(received), async () => {
        const prepared = reaction.prepare
          ? await reaction.prepare(received, dependencies)
          : (undefined as P);
        const target = reaction.toCommand(received, prepared);
        const loaded = target
          ? await loadStream(dependencies.store, target.streamId, decider)
          : undefined;
        return { target, loaded };
      });
    },
    apply(event: InboundEvent, prepared: PreparedReaction<C, S>, transaction: PoolClient) {
      const received = receivedOf(event);
      return withLogContext(contextOf(received), () => apply(received, prepared, transaction));
    },
  };

  function apply(
    received: ReceivedEvent,
    { target, loaded }: PreparedReaction<C, S>,
    transaction: PoolClient,
  ): Promise<void> {
    return appendOwnCommand(
      dependencies,
      {
        name: reaction.name,
        decider,
        target,
        loaded,
        correlationId: received.correlationId,
        causationId: received.eventId,
        idSource: received.eventId,
      },
      transaction,
    );
  }
}

/** What one reaction (or timer) appends, and why: the envelope's causation and id source. */
export interface OwnCommandStep<C, S> {
  /** The reaction's or timer's name: part of every derived event id. */
  name: string;
  decider: Decider<unknown, S, DomainEvent>;
  target: ReactionTarget<C> | null;
  /** The target stream as read before the transaction. */
  loaded?: StreamState<S>;
  correlationId: string;
  causationId: string | null;
  /** What the events' ids derive from (with the service and name): the causing event, a timer. */
  idSource: string;
}

/**
 * Decides the command on the stream's state and appends what it decides in the caller's
 * transaction, with ids derived from (service, idSource, name): a re-run appends nothing new. A
 * concurrent append to the stream is retried from a savepoint on the new state.
 */
export async function appendOwnCommand<C, S>(
  dependencies: ReactionDependencies,
  step: OwnCommandStep<C, S>,
  transaction: PoolClient,
): Promise<void> {
  const { target, loaded, decider } = step;
  if (!target || !loaded) return;
  const maxAttempts = dependencies.maxAttempts ?? 5;
  const log = new Logger('Reaction');
  const actor = serviceActor(dependencies.service, target.officeCode);
  for (let attempt = 1; ; attempt += 1) {
    const current =
      attempt === 1 ? loaded : await loadStream(dependencies.store, target.streamId, decider);
    const decided = decider.decide(target.command, current.state);
    if (decided.length === 0) return;
    const events = newEventsOf(
      decider,
      decided,
      {
        officeCode: target.officeCode,
        caseId: target.caseId,
        serviceStandard: target.serviceStandard,
        occurredAt: (dependencies.now?.() ?? new Date()).toISOString(),
        actor,
        correlationId: step.correlationId,
        causationId: step.causationId,
      },
      (index) => reactionEventId(dependencies.service, step.idSource, step.name, index),
    );
    await transaction.query('savepoint reaction_append');
    try {
      const appended = await dependencies.store.appendToStream(target.streamId, events, {
        expectedRevision: current.revision < 0 ? 'noStream' : current.revision,
        transaction,
      });
      await transaction.query('release savepoint reaction_append');
      if (!appended.alreadyStored) {
        dependencies.metrics?.recordAppended(
          categoryOf(target.streamId),
          events.length,
          'reaction',
        );
      }
      log.log({
        msg: 'reaction appended',
        reaction: step.name,
        streamId: target.streamId,
        revision: appended.nextExpectedRevision,
        alreadyStored: appended.alreadyStored,
      });
      return;
    } catch (error) {
      await transaction.query('rollback to savepoint reaction_append');
      // An earlier run appended these ids and the stream has moved on since: nothing to do.
      if (error instanceof EventIdConflict && error.existing) return;
      if (error instanceof WrongExpectedVersion && attempt < maxAttempts) continue;
      throw error;
    }
  }
}

/** The decoded CloudEvent of a followed event, which reactions and projections need. */
export function receivedOf(event: InboundEvent): ReceivedEvent {
  if (!event.received) {
    throw new Error(
      `event ${event.eventId}: a reaction or projection needs the decoded CloudEvent (decode with decodeCloudEvent)`,
    );
  }
  return event.received;
}
