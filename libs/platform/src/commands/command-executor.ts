import {
  WrongExpectedVersion,
  categoryOf,
  isRetryable,
  type Actor,
  type EventStore,
  type ServiceStandardRef,
} from '@dinsos/event-store';
import type { PoolClient } from 'pg';
import { IdempotencyStore } from '../idempotency/idempotency-store';
import { commandEventId, type IdempotencyScope } from '../idempotency/idempotency-scope';
import { ServiceMetrics } from '../metrics/service-metrics';
import { systemClock, type Clock } from '../runtime/tokens';
import type { Decider, DomainEvent } from './decider';
import { newEventsOf } from './new-events';
import { loadStream, type StreamState } from './stream-state';

/** Who sends the command and how: filled from the request by `@CommandContext()`. */
export interface CommandContext {
  actor: Actor;
  correlationId: string;
  idempotencyKey: string;
  requestHash: string;
  /** From If-Match: the revision the client last saw. Absent: the latest, with retries on conflict. */
  expectedRevision?: number;
}

/** A command on one stream, and what goes into the envelope of the events it causes. */
export type CommandTarget<C, S, E extends DomainEvent> = CommandTargetEnvelope<C, S, E> &
  (
    | { command: C }
    | {
        /**
         * Builds the command from the stream as read, before the transaction opens: for slow
         * work that needs the state (encrypting under the client key the state names). Runs
         * after `authorize`, so nothing is prepared for a caller who may not act; a concurrent
         * change makes it run again on the new state.
         */
        prepareCommand(state: S): Promise<C>;
      }
  );

interface CommandTargetEnvelope<C, S, E extends DomainEvent> {
  decider: Decider<C, S, E>;
  streamId: string;
  /** The owning office of the stream (the case's, for case streams). */
  officeCode: string;
  caseId?: string;
  /** The case's pinned standard, or how to find it in the stream's state (where it is kept). */
  serviceStandard?: ServiceStandardRef | ((state: S) => ServiceStandardRef | undefined);
  /**
   * Who may: decided on the very state the command decides on (throw to refuse). A change
   * committed after the state was read fails the append and the command is decided again.
   */
  authorize?(state: S): void;
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

/** The answer of `execute`/`run` as the HTTP layer sends it (see `@Command()`). */
export interface CommandReply<R extends CommandResult = CommandResult> {
  result: R;
  /** True when an earlier request with the same Idempotency-Key and body was answered again. */
  replayed: boolean;
  location?: string;
}

/** A stream a command decides on, read before its transaction opens. */
export interface StreamToRead<S> {
  streamId: string;
  // Any command and event type: the read only folds.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  decider: Decider<any, S, any>;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Reads = Record<string, StreamToRead<any>>;
/** The states of a command's reads, by the names the command gave them. */
export type StatesOf<R extends Reads> = {
  [K in keyof R]: StreamState<R[K] extends StreamToRead<infer S> ? S : never>;
};

/** One stream a command writes: the decider decides `command` on the state it was read in. */
export interface StreamWrite<C = unknown, S = unknown> {
  decider: Decider<C, S, DomainEvent>;
  streamId: string;
  command: C;
  /** The stream as the command read it; absent for a stream the command creates. */
  current?: StreamState<S>;
  officeCode: string;
  caseId?: string;
  serviceStandard?: ServiceStandardRef;
}

/** What a command decided in its transaction: the streams it writes, in order. */
export interface CommandDecision<R extends CommandResult> {
  /** The first is the answer's stream and revision (the ETag); the position is the last event's. */
  // Each write's command and state are its own.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  writes: StreamWrite<any, any>[];
  /** The answer with what else the client needs (a case number it allocated…). */
  answer?(result: CommandResult): R;
  location?: string;
}

/**
 * A command over any number of streams, in one transaction with its idempotency record: the
 * streams it decides on are read first; `authorize` and `decide` see the same states. `decide`
 * runs in the transaction, so it may take a number of a series or write a row of the service's
 * own, which commit or roll back with the events.
 */
export interface CommandPlan<
  T extends Reads,
  R extends CommandResult = CommandResult,
  P = undefined,
> {
  reads: T;
  /** Which read If-Match names (default: the first). */
  ifMatch?: keyof T;
  authorize?(states: StatesOf<T>): void;
  /**
   * Slow work on the states as read (encryption, rendering), before the transaction takes a
   * connection: work on the pool from inside a transaction starves the pool under load. Runs
   * after `authorize`; its result goes to `decide`, and it runs again when the command is
   * decided again.
   */
  prepare?(states: StatesOf<T>): Promise<P>;
  decide(
    states: StatesOf<T>,
    transaction: PoolClient,
    prepared: P,
  ): CommandDecision<R> | Promise<CommandDecision<R>>;
}

/** The store as the executor uses it: reads, appends, and holding a read stream where it was. */
export type CommandStore = EventStore<PoolClient> & {
  expectStreamRevision(
    streamId: string,
    revision: number,
    options: { transaction: PoolClient },
  ): Promise<void>;
};

export interface CommandExecutorOptions {
  /** Attempts on a conflict nobody asked for (no If-Match) or a stream order conflict. Default 5. */
  maxAttempts?: number;
  /** The service's clock (`occurredAt`). Default: the system clock. */
  clock?: Clock;
}

interface StoredResponse<R> {
  result: R;
  location?: string;
}

/**
 * The one write path of a service's commands. Reads the streams a command decides on, then in
 * one transaction with the idempotency record: checks If-Match, authorizes and decides on those
 * states, appends to each written stream at the revision it was read, and holds every stream it
 * read but did not write at that revision until commit. So no decision (and no access check)
 * rests on a state that changed before the command committed: a conflict with a concurrent
 * writer is decided again from a fresh read (a bounded number of times), unless the client named
 * the revision with If-Match: then the conflict is the answer (409). The event store's retryable
 * StreamOrderConflict is always retried. The platform module provides one per service.
 */
export class CommandExecutor {
  private readonly maxAttempts: number;
  private readonly clock: Clock;

  constructor(
    private readonly store: CommandStore,
    private readonly idempotency: IdempotencyStore,
    private readonly metrics: ServiceMetrics,
    private readonly service: string,
    options: CommandExecutorOptions = {},
  ) {
    this.maxAttempts = options.maxAttempts ?? 5;
    this.clock = options.clock ?? systemClock;
  }

  /** A command on one stream. */
  execute<C, S, E extends DomainEvent>(
    context: CommandContext,
    target: CommandTarget<C, S, E>,
  ): Promise<CommandReply> {
    const { authorize, location, ...rest } = target;
    const { command, prepareCommand, serviceStandard, ...write } = rest as typeof rest &
      Partial<{ command: C; prepareCommand(state: S): Promise<C> }>;
    return this.run<{ stream: StreamToRead<S> }, CommandResult, C | undefined>(context, {
      reads: { stream: { streamId: target.streamId, decider: target.decider } },
      ...(authorize ? { authorize: (states) => authorize(states.stream.state as S) } : {}),
      ...(prepareCommand ? { prepare: (states) => prepareCommand(states.stream.state as S) } : {}),
      decide: (states, _transaction, prepared) => ({
        writes: [
          {
            ...write,
            command: prepareCommand ? prepared : command,
            current: states.stream as StreamState<S>,
            serviceStandard:
              typeof serviceStandard === 'function'
                ? serviceStandard(states.stream.state as S)
                : serviceStandard,
          },
        ],
        location,
      }),
    });
  }

  /** A command over several streams (see CommandPlan). */
  async run<T extends Reads, R extends CommandResult = CommandResult, P = undefined>(
    context: CommandContext,
    plan: CommandPlan<T, R, P>,
  ): Promise<CommandReply<R>> {
    const scope: IdempotencyScope = {
      service: this.service,
      officeCode: context.actor.officeCode,
      actorId: context.actor.id,
      key: context.idempotencyKey,
    };
    // The read If-Match names (the first, unless the plan says): also the answer's stream when
    // the decision writes none.
    const ifMatch = (plan.ifMatch ?? Object.keys(plan.reads)[0]) as keyof T | undefined;
    for (let attempt = 1; ; attempt += 1) {
      try {
        // Read before the transaction takes a connection: reading through the pool while
        // holding one starves the pool when as many commands run at once as it has connections.
        const states = await this.read(plan.reads);
        let prepared = undefined as P;
        if (plan.prepare) {
          // Refused callers get nothing prepared (no key is made for them); authorize runs again
          // in the transaction, where an answer already stored for this key comes first.
          plan.authorize?.(states);
          prepared = await plan.prepare(states);
        }
        let appended: Array<{ streamId: string; count: number }> = [];
        const outcome = await this.idempotency.run<StoredResponse<R>>(
          scope,
          context.requestHash,
          async (transaction) => {
            const decided = await this.decideAndAppend(
              context,
              scope,
              plan,
              ifMatch,
              states,
              prepared,
              transaction,
            );
            appended = decided.appended;
            return decided.response;
          },
        );
        if (!outcome.replayed) {
          for (const { streamId, count } of appended) {
            this.metrics.recordAppended(categoryOf(streamId), count, 'command');
          }
        }
        return {
          result: outcome.response.result,
          replayed: outcome.replayed,
          location: outcome.response.location,
        };
      } catch (error) {
        const retryable =
          isRetryable(error) ||
          (error instanceof WrongExpectedVersion &&
            (context.expectedRevision === undefined ||
              ifMatch === undefined ||
              error.streamId !== plan.reads[ifMatch].streamId));
        if (attempt < this.maxAttempts && retryable) {
          await pause(attempt);
          continue;
        }
        throw error;
      }
    }
  }

  private async read<T extends Reads>(reads: T): Promise<StatesOf<T>> {
    const entries = await Promise.all(
      Object.entries(reads).map(async ([name, read]) => [
        name,
        await loadStream(this.store, read.streamId, read.decider),
      ]),
    );
    return Object.fromEntries(entries) as StatesOf<T>;
  }

  private async decideAndAppend<T extends Reads, R extends CommandResult, P>(
    context: CommandContext,
    scope: IdempotencyScope,
    plan: CommandPlan<T, R, P>,
    ifMatch: keyof T | undefined,
    states: StatesOf<T>,
    prepared: P,
    transaction: PoolClient,
  ) {
    const names = Object.keys(plan.reads);
    const named =
      ifMatch === undefined
        ? undefined
        : { streamId: plan.reads[ifMatch].streamId, ...states[ifMatch] };
    if (context.expectedRevision !== undefined && named) {
      if (context.expectedRevision !== named.revision) {
        throw new WrongExpectedVersion(
          named.streamId,
          context.expectedRevision,
          named.revision < 0 ? 'noStream' : named.revision,
        );
      }
    }
    plan.authorize?.(states);
    const decision = await plan.decide(states, transaction, prepared);
    const occurredAt = this.clock.now().toISOString();
    const toAppend = decision.writes.map((write) => {
      const state = write.current?.state ?? write.decider.initialState();
      return { write, decided: write.decider.decide(write.command, state) };
    });

    const appended: Array<{ streamId: string; count: number }> = [];
    const answered: CommandResult[] = [];
    let offset = 0;
    if (toAppend.some(({ decided }) => decided.length > 0)) {
      const written = new Set(decision.writes.map((write) => write.streamId));
      for (const name of names.filter((n) => !written.has(plan.reads[n].streamId))) {
        await this.store.expectStreamRevision(plan.reads[name].streamId, states[name].revision, {
          transaction,
        });
      }
    }
    for (const { write, decided } of toAppend) {
      const revision = write.current?.revision ?? -1;
      if (decided.length === 0) {
        answered.push({
          streamId: write.streamId,
          revision,
          position: write.current?.position?.toString() ?? null,
          eventIds: [],
        });
        continue;
      }
      const first = offset;
      const events = newEventsOf(
        write.decider as Decider<unknown, unknown, DomainEvent>,
        decided,
        {
          officeCode: write.officeCode,
          caseId: write.caseId,
          serviceStandard: write.serviceStandard,
          occurredAt,
          actor: context.actor,
          correlationId: context.correlationId,
          causationId: null,
        },
        (index) => commandEventId(scope, first + index),
      );
      offset += events.length;
      const result = await this.store.appendToStream(write.streamId, events, {
        expectedRevision: revision < 0 ? 'noStream' : revision,
        transaction,
      });
      appended.push({ streamId: write.streamId, count: events.length });
      answered.push({
        streamId: write.streamId,
        revision: result.nextExpectedRevision,
        position: result.position.toString(),
        eventIds: result.events.map((event) => event.eventId),
      });
    }
    // A decision that writes no stream answers with the stream If-Match names, as it was read.
    const primary: CommandResult = answered[0] ?? {
      streamId: named?.streamId ?? '',
      revision: named?.revision ?? -1,
      position: named?.position?.toString() ?? null,
      eventIds: [],
    };
    const lastPosition = answered.reduce<string | null>(
      (position, result) => (result.eventIds.length ? result.position : position),
      primary.position,
    );
    const result: CommandResult = {
      streamId: primary.streamId,
      revision: primary.revision,
      position: lastPosition,
      eventIds: answered.flatMap((each) => each.eventIds),
    };
    return {
      appended,
      response: {
        result: decision.answer ? decision.answer(result) : (result as R),
        location: decision.location,
      },
    };
  }
}

/** A short, growing, jittered pause, so the writer we collided with can commit first. */
function pause(attempt: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, Math.random() * 10 * 2 ** attempt));
}
