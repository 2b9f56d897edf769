import {
  WrongExpectedVersion,
  categoryOf,
  isRetryable,
  type Actor,
  type EventStore,
  type NewEvent,
  type ServiceStandardRef,
} from '@dinsos/event-store';
import type { PoolClient } from 'pg';
import { IdempotencyStore } from '../idempotency/idempotency-store';
import { commandEventId, type IdempotencyScope } from '../idempotency/idempotency-scope';
import { ServiceMetrics } from '../metrics/service-metrics';
import { systemClock, type Clock } from '../runtime/tokens';
import type { Decider, DomainEvent } from './decider';
import { loadStream, schemaVersionOf, type StreamState } from './stream-state';

/** Who sends the command and how: filled from the request by @CommandContext(). */
export interface CommandContext {
  actor: Actor;
  correlationId: string;
  idempotencyKey: string;
  requestHash: string;
  /** From If-Match: the revision the client last saw. Absent: the latest, with retries on conflict. */
  expectedRevision?: number;
}

/** What the command is about and what goes into the envelope of the events it causes. */
export interface CommandTarget<C, S, E extends DomainEvent> {
  decider: Decider<C, S, E>;
  streamId: string;
  command: C;
  /** The owning office of the stream (the case's, for case streams). */
  officeCode: string;
  caseId?: string;
  serviceStandard?: ServiceStandardRef;
  /** Location of a created resource, answered as the Location header. */
  location?: string;
}

/**
 * Every command's answer: the stream's new revision (also the ETag) and the store position of
 * its last event, which a client passes to a read model to wait until it reflects the command.
 */
export interface CommandResult {
  streamId: string;
  revision: number;
  /** Position string (`Position.toString()`), null when the stream has no events. */
  position: string | null;
  eventIds: string[];
}

export interface CommandOutcome {
  result: CommandResult;
  /** True when an earlier request with the same Idempotency-Key and body was answered again. */
  replayed: boolean;
  location?: string;
}

interface StoredResponse {
  result: CommandResult;
  location?: string;
}

export interface CommandExecutorOptions {
  /** Attempts on a conflict nobody asked for (no If-Match) or a stream order conflict. Default 5. */
  maxAttempts?: number;
  /** The service's clock (`occurredAt`). Default: the system clock. */
  clock?: Clock;
}

/**
 * Runs a command: loads the stream, decides, appends with the expected revision, in the
 * idempotency transaction. A conflict with a concurrent writer is retried from a fresh load (a
 * bounded number of times) unless the client named the revision with If-Match: then the conflict
 * is the answer (409). The event store's retryable StreamOrderConflict is always retried.
 * The platform module provides one per service; inject it by its class.
 */
export class CommandExecutor {
  private readonly maxAttempts: number;
  private readonly clock: Clock;

  constructor(
    private readonly store: EventStore<PoolClient>,
    private readonly idempotency: IdempotencyStore,
    private readonly metrics: ServiceMetrics,
    private readonly service: string,
    options: CommandExecutorOptions = {},
  ) {
    this.maxAttempts = options.maxAttempts ?? 5;
    this.clock = options.clock ?? systemClock;
  }

  async execute<C, S, E extends DomainEvent>(
    context: CommandContext,
    target: CommandTarget<C, S, E>,
  ): Promise<CommandOutcome> {
    const scope: IdempotencyScope = {
      service: this.service,
      officeCode: context.actor.officeCode,
      actorId: context.actor.id,
      key: context.idempotencyKey,
    };
    const decider = target.decider as Decider<unknown, S, E>;
    for (let attempt = 1; ; attempt += 1) {
      try {
        // Loaded before the transaction takes a connection: loading through the pool while
        // holding one starves the pool when as many commands run at once as it has connections.
        // A stale load is caught by the expected revision of the append and retried.
        const current = await loadStream(this.store, target.streamId, decider);
        const outcome = await this.idempotency.run<StoredResponse>(
          scope,
          context.requestHash,
          (transaction) => this.decideAndAppend(context, target, scope, current, transaction),
        );
        if (!outcome.replayed) {
          this.metrics.recordAppended(
            categoryOf(target.streamId),
            outcome.response.result.eventIds.length,
            'command',
          );
        }
        return {
          result: outcome.response.result,
          replayed: outcome.replayed,
          location: outcome.response.location,
        };
      } catch (error) {
        const unaskedConflict =
          error instanceof WrongExpectedVersion && context.expectedRevision === undefined;
        if (attempt < this.maxAttempts && (unaskedConflict || isRetryable(error))) {
          await pause(attempt);
          continue;
        }
        throw error;
      }
    }
  }

  private async decideAndAppend<C, S, E extends DomainEvent>(
    context: CommandContext,
    target: CommandTarget<C, S, E>,
    scope: IdempotencyScope,
    current: StreamState<S>,
    transaction: PoolClient,
  ): Promise<StoredResponse> {
    if (context.expectedRevision !== undefined && context.expectedRevision !== current.revision) {
      throw new WrongExpectedVersion(
        target.streamId,
        context.expectedRevision,
        current.revision < 0 ? 'noStream' : current.revision,
      );
    }
    const decided = target.decider.decide(target.command, current.state);
    if (decided.length === 0) {
      const result = {
        streamId: target.streamId,
        revision: current.revision,
        position: current.position?.toString() ?? null,
        eventIds: [],
      };
      return { result, location: target.location };
    }
    const occurredAt = this.clock.now().toISOString();
    const events: NewEvent<object>[] = decided.map((event, index) => ({
      eventId: commandEventId(scope, index),
      type: event.type,
      schemaVersion: schemaVersionOf(
        target.decider as Decider<unknown, unknown, DomainEvent>,
        event.type,
      ),
      ...(target.caseId !== undefined ? { caseId: target.caseId } : {}),
      subjectIds: [...(event.subjectIds ?? [])],
      officeCode: target.officeCode,
      occurredAt,
      actor: {
        id: context.actor.id,
        role: context.actor.role,
        officeCode: context.actor.officeCode,
      },
      correlationId: context.correlationId,
      causationId: null,
      ...(target.serviceStandard ? { serviceStandard: target.serviceStandard } : {}),
      payload: event.payload,
    }));
    const appended = await this.store.appendToStream(target.streamId, events, {
      expectedRevision: current.revision < 0 ? 'noStream' : current.revision,
      transaction,
    });
    const result = {
      streamId: target.streamId,
      revision: appended.nextExpectedRevision,
      position: appended.position.toString(),
      eventIds: appended.events.map((event) => event.eventId),
    };
    return { result, location: target.location };
  }
}

/** A short, growing, jittered pause, so the writer we collided with can commit first. */
function pause(attempt: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, Math.random() * 10 * 2 ** attempt));
}
