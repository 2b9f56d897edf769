import { Logger } from '@nestjs/common';
import type { EventStore } from '@dinsos/event-store';
import type { Pool, PoolClient } from 'pg';
import { withTransaction } from '../persistence/with-transaction';
import type { Decider, DomainEvent } from '../commands/decider';
import { loadStream } from '../commands/stream-state';
import {
  appendOwnCommand,
  type ReactionDependencies,
  type ReactionTarget,
} from '../reactions/reaction-handler';

/** A timer to schedule: when it is due, its definition (by `name`) turns it into a command. */
export interface TimerToSchedule {
  /** Unique and stable (e.g. from the scheduling event and the purpose): scheduling is idempotent. */
  timerId: string;
  name: string;
  dueAt: Date;
  officeCode: string;
  caseId?: string;
  data?: Record<string, unknown>;
  /** The command's or event's correlation id, as given (a caller's need not be a UUID). */
  correlationId: string;
  /** The event that scheduled it: the cause of what the timer appends. */
  causationId: string | null;
}

/** A timer that is due, as its definition sees it. */
export interface DueTimer {
  timerId: string;
  name: string;
  dueAt: string;
  officeCode: string;
  caseId?: string;
  data: Record<string, unknown>;
  correlationId: string;
  causationId: string | null;
}

/**
 * What a service declares for a kind of timer: the command a due timer sends to an own stream.
 * Its events' ids derive from (service, timer id, `name`): never rename a timer once deployed.
 */
export interface TimerDefinition<C, S, E extends DomainEvent> {
  name: string;
  decider: Decider<C, S, E>;
  /** The command, or null when the timer has nothing left to do (the work was done in time). */
  toCommand(timer: DueTimer): ReactionTarget<C> | null;
}

/** Schedules a timer in the caller's transaction (beside the append that makes it needed). */
export async function scheduleTimer(
  transaction: PoolClient,
  timer: TimerToSchedule,
): Promise<void> {
  await transaction.query(
    `insert into platform_timers
       (timer_id, name, due_at, office_code, case_id, data, correlation_id, causation_id)
     values ($1, $2, $3, $4, $5, $6, $7, $8)
     on conflict (timer_id) do nothing`,
    [
      timer.timerId,
      timer.name,
      timer.dueAt,
      timer.officeCode,
      timer.caseId ?? null,
      JSON.stringify(timer.data ?? {}),
      timer.correlationId,
      timer.causationId,
    ],
  );
}

/** Cancels a timer that has not fired (the work was done in time); true when one was cancelled. */
export async function cancelTimer(transaction: PoolClient, timerId: string): Promise<boolean> {
  const { rowCount } = await transaction.query(
    `update platform_timers set cancelled_at = now()
      where timer_id = $1 and fired_at is null and cancelled_at is null`,
    [timerId],
  );
  return rowCount === 1;
}

interface TimerRow {
  timer_id: string;
  name: string;
  due_at: Date;
  office_code: string;
  case_id: string | null;
  data: Record<string, unknown>;
  correlation_id: string;
  causation_id: string | null;
}

export interface TimerRunnerOptions {
  pool: Pool;
  store: EventStore<PoolClient>;
  service: string;
  // Each definition's command, state and event types are its own.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  definitions: ReadonlyArray<TimerDefinition<any, any, any>>;
  now?: () => Date;
  pollIntervalMs?: number;
  /** Timers fired per transaction. Default 50. */
  batchSize?: number;
  metrics?: ReactionDependencies['metrics'];
}

/**
 * Fires due timers. Any number of instances may run one: due rows are taken with FOR UPDATE SKIP
 * LOCKED, and each timer's events are appended, and the timer marked fired, in the transaction
 * that holds its row, so each fires exactly once. A timer whose command fails is left for the
 * next poll (attempts and the last error are kept), without holding up the others.
 */
export class TimerRunner {
  private readonly log = new Logger('Timers');
  private readonly now: () => Date;
  private timer?: NodeJS.Timeout;
  private running: Promise<number> = Promise.resolve(0);
  private readonly definitions: Map<string, TimerRunnerOptions['definitions'][number]>;

  constructor(private readonly options: TimerRunnerOptions) {
    this.now = options.now ?? (() => new Date());
    this.definitions = new Map(options.definitions.map((d) => [d.name, d]));
    if (this.definitions.size !== options.definitions.length) {
      throw new Error('two timer definitions have the same name');
    }
  }

  start(): void {
    this.timer ??= setInterval(() => {
      this.fireDue().catch((error: unknown) =>
        this.log.error({ msg: 'firing timers failed', err: error }),
      );
    }, this.options.pollIntervalMs ?? 1000);
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    this.timer = undefined;
    await this.running.catch(() => 0);
  }

  /** One pass (after any pass in progress): fires what is due now; returns how many fired. */
  fireDue(): Promise<number> {
    this.running = this.running.catch(() => 0).then(() => this.firePass());
    return this.running;
  }

  private firePass(): Promise<number> {
    return withTransaction(this.options.pool, async (client) => {
      const { rows } = await client.query<TimerRow>(
        `select timer_id, name, due_at, office_code, case_id, data,
                correlation_id, causation_id::text as causation_id
           from platform_timers
          where fired_at is null and cancelled_at is null and due_at <= $1
          order by due_at
          limit $2
            for update skip locked`,
        [this.now(), this.options.batchSize ?? 50],
      );
      let fired = 0;
      for (const row of rows) {
        await client.query('savepoint timer');
        try {
          await this.fire(row, client);
          await client.query(
            'update platform_timers set fired_at = $2, attempts = attempts + 1 where timer_id = $1',
            [row.timer_id, this.now()],
          );
          await client.query('release savepoint timer');
          fired += 1;
        } catch (error) {
          await client.query('rollback to savepoint timer');
          await client.query(
            'update platform_timers set attempts = attempts + 1, last_error = $2 where timer_id = $1',
            [row.timer_id, String(error).slice(0, 2000)],
          );
          this.log.warn({
            msg: 'timer failed; retried next poll',
            timer: row.timer_id,
            err: error,
          });
        }
      }
      return fired;
    });
  }

  private async fire(row: TimerRow, transaction: PoolClient): Promise<void> {
    const definition = this.definitions.get(row.name);
    if (!definition) throw new Error(`no timer definition named ${row.name} in this service`);
    const due: DueTimer = {
      timerId: row.timer_id,
      name: row.name,
      dueAt: row.due_at.toISOString(),
      officeCode: row.office_code,
      ...(row.case_id !== null ? { caseId: row.case_id } : {}),
      data: row.data,
      correlationId: row.correlation_id,
      causationId: row.causation_id,
    };
    const target = definition.toCommand(due);
    if (!target) return;
    const loaded = await loadStream(this.options.store, target.streamId, definition.decider);
    await appendOwnCommand(
      {
        store: this.options.store,
        service: this.options.service,
        metrics: this.options.metrics,
        now: this.now,
      },
      {
        name: definition.name,
        decider: definition.decider,
        target,
        loaded,
        correlationId: due.correlationId,
        causationId: due.causationId,
        idSource: `timer:${due.timerId}`,
      },
      transaction,
    );
  }
}
