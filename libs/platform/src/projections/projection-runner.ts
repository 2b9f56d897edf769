import { Logger } from '@nestjs/common';
import {
  Position,
  type EventFilter,
  type EventStore,
  type RecordedEvent,
} from '@dinsos/event-store';
import type { PoolClient } from 'pg';
import { inBatches } from './event-batches';
import type { ProjectionTransactions } from './projection-transactions';

interface ProjectionBase<P, T> {
  /** The checkpoint's name: never rename a projection once deployed (it would start again). */
  name: string;
  filter?: EventFilter;
  /** The slow work for one event (decryption, lookups), outside any transaction. */
  prepare?(event: RecordedEvent): Promise<P>;
  /** Empties the read model, in the rebuild's transaction. */
  reset(transaction: T): Promise<void>;
}

/** Applies one event at a time, each in its own transaction with the checkpoint. */
export interface PerEventProjection<P = unknown, T = PoolClient> extends ProjectionBase<P, T> {
  apply(event: RecordedEvent, prepared: P, transaction: T): Promise<void>;
  applyBatch?: never;
}

/**
 * Applies every event of a read batch at once (one multi-row insert, say), in one transaction
 * with the checkpoint; `prepared[i]` is what prepare gave for `events[i]`.
 */
export interface BatchProjection<P = unknown, T = PoolClient> extends ProjectionBase<P, T> {
  applyBatch(
    events: readonly RecordedEvent[],
    prepared: readonly P[],
    transaction: T,
  ): Promise<void>;
  apply?: never;
}

/**
 * A read model of a service's own, fed from the store in global order. `prepare` does the slow
 * work outside any transaction; `apply` (per event) or `applyBatch` (per read batch) writes the
 * read model in the transaction that also moves the checkpoint, so the two never disagree. `T`
 * is the transaction the handlers receive: a pg PoolClient (pgTransactions) or a TypeORM
 * QueryRunner (typeormTransactions).
 */
export type StoreProjection<P = unknown, T = PoolClient> =
  PerEventProjection<P, T> | BatchProjection<P, T>;

export interface ProjectionRunnerOptions {
  /** How long to wait after a failed apply before reading from the checkpoint again. */
  retryAfterMs?: number;
  /** The most events one applyBatch receives (default 500, the store's page). */
  maxBatchSize?: number;
  /**
   * How often `waitFor` reads the checkpoint again while this runner commits nothing (another
   * instance may be the one moving it); a commit of this runner wakes it at once. Default 200.
   */
  waitPollMs?: number;
}

/** Someone else moved the checkpoint (a rebuild, another instance): start again from it. */
class CheckpointMoved extends Error {}

/**
 * Runs a StoreProjection. Any number of instances may run one: the checkpoint is moved
 * optimistically (only from where this runner read it), so a rebuild or another instance makes a
 * runner start again from the checkpoint. The checkpoints are in platform_projection_checkpoints,
 * found on the transactions' search path (the service's schema, or a fresh one for a rebuild
 * beside the live read model).
 */
export class ProjectionRunner<P = unknown, T = PoolClient> {
  private readonly log: Logger;
  private readonly maxBatchSize: number;
  private stopping?: AbortController;
  private running?: Promise<void>;
  private round?: AbortController;
  /** Callers of waitFor, woken after each batch this runner commits. */
  private readonly commitWaiters = new Set<() => void>();
  /** Batches this runner committed: which shared checkpoint read reflects which commit. */
  private commits = 0;
  private sharedRead?: { after: number; read: Promise<string | undefined> };

  constructor(
    private readonly transactions: ProjectionTransactions<T>,
    private readonly store: Pick<EventStore<PoolClient>, 'subscribeToAll'> & {
      /** The PostgreSQL store's: caught-up subscriptions read at once. */
      wakeSubscriptions?(): void;
    },
    private readonly projection: StoreProjection<P, T>,
    private readonly options: ProjectionRunnerOptions = {},
  ) {
    const perEvent = typeof projection.apply === 'function';
    const batched = typeof projection.applyBatch === 'function';
    if (perEvent === batched) {
      throw new Error(`projection "${projection.name}" needs exactly one of apply and applyBatch`);
    }
    this.maxBatchSize = options.maxBatchSize ?? 500;
    if (!Number.isInteger(this.maxBatchSize) || this.maxBatchSize < 1) {
      throw new Error(`maxBatchSize must be a positive integer, not ${options.maxBatchSize}`);
    }
    this.log = new Logger(`Projection ${projection.name}`);
  }

  start(): void {
    if (this.running) return;
    const stopping = new AbortController();
    this.stopping = stopping;
    this.running = this.run(stopping.signal);
  }

  async stop(): Promise<void> {
    this.stopping?.abort();
    await this.running;
    this.running = undefined;
  }

  /** Empties the read model and its checkpoint: every runner starts again from the first event. */
  async rebuild(): Promise<void> {
    await this.transactions.run(async (transaction) => {
      // The checkpoint first: its row lock waits for a batch in flight to commit, so the reset
      // that follows sees (and empties) that batch's rows too.
      await this.transactions.query(
        'delete from platform_projection_checkpoints where name = $1',
        [this.projection.name],
        transaction,
      );
      await this.projection.reset(transaction);
    });
    this.round?.abort();
  }

  /** The position of the last event the read model reflects, or undefined before the first. */
  async checkpoint(): Promise<string | undefined> {
    const { rows } = await this.transactions.query<{ position: string }>(
      'select position from platform_projection_checkpoints where name = $1',
      [this.projection.name],
    );
    return rows[0]?.position;
  }

  /**
   * Reads the read model in one snapshot with its checkpoint, so the answer can say exactly
   * which store position it reflects (`reflects`, undefined before the first event).
   */
  async read<R>(
    work: (transaction: T) => Promise<R>,
  ): Promise<{ result: R; reflects: string | undefined }> {
    return this.transactions.snapshot(async (transaction) => {
      // First, so the snapshot is taken here: the rows read next are those of this checkpoint.
      const { rows } = await this.transactions.query<{ position: string }>(
        'select position from platform_projection_checkpoints where name = $1',
        [this.projection.name],
        transaction,
      );
      return { result: await work(transaction), reflects: rows[0]?.position };
    });
  }

  /**
   * Waits until the read model reflects the event at `position`; false when it took too long.
   * Woken as soon as this runner commits a batch (no polling delay for the instance that
   * projects); the checkpoint is also read every `waitPollMs`, for another instance's commits.
   * Waiters woken by the same commit share one read of the checkpoint: a crowd of readers waiting
   * on their own writes must not queue behind the runner on its pool. Behind, it makes the
   * store's subscriptions read at once, once per wait (the writer's announcement may be on its
   * way, or lost).
   */
  async waitFor(position: string, timeoutMs = 10_000): Promise<boolean> {
    const deadline = Date.now() + timeoutMs;
    let woken = false;
    for (;;) {
      const reached = await this.checkpointAfter(this.commits);
      if (reached !== undefined && reached >= position) return true;
      const left = deadline - Date.now();
      if (left <= 0) return false;
      if (!woken) {
        this.store.wakeSubscriptions?.();
        woken = true;
      }
      await this.nextCommit(Math.min(left, this.options.waitPollMs ?? 200));
    }
  }

  /**
   * The checkpoint as read after this runner's `commits`-th commit: a read in flight that began
   * after it is shared, so it reflects that commit (and whatever another instance did before).
   */
  private checkpointAfter(commits: number): Promise<string | undefined> {
    if (this.sharedRead && this.sharedRead.after >= commits) return this.sharedRead.read;
    const read = this.checkpoint();
    const entry = { after: this.commits, read };
    this.sharedRead = entry;
    const forget = () => {
      if (this.sharedRead === entry) this.sharedRead = undefined;
    };
    read.then(forget, forget);
    return read;
  }

  /** Resolves after this runner's next committed batch, or after `ms`, whichever comes first. */
  private nextCommit(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.commitWaiters.delete(done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.commitWaiters.add(done);
    });
  }

  private async run(signal: AbortSignal): Promise<void> {
    while (!signal.aborted) {
      // One round per subscription: a rebuild here ends it at once (elsewhere, at the next event).
      const round = new AbortController();
      this.round = round;
      try {
        let last = await this.checkpoint();
        const subscription = this.store.subscribeToAll({
          from: last === undefined ? 'start' : Position.parse(last),
          ...(this.projection.filter ? { filter: this.projection.filter } : {}),
          signal: AbortSignal.any([signal, round.signal]),
        });
        const batchSize = this.projection.applyBatch ? this.maxBatchSize : 1;
        for await (const events of inBatches(subscription, batchSize)) {
          await this.handle(events, last);
          last = events[events.length - 1].position.toString();
        }
      } catch (error) {
        if (signal.aborted) return;
        if (!(error instanceof CheckpointMoved)) {
          this.log.warn({ msg: 'projection failed; retrying', err: error });
          await new Promise((resolve) => setTimeout(resolve, this.options.retryAfterMs ?? 1000));
        }
      } finally {
        round.abort();
      }
    }
  }

  private async handle(events: RecordedEvent[], last: string | undefined): Promise<void> {
    const prepared: P[] = [];
    for (const event of events) {
      prepared.push(
        this.projection.prepare ? await this.projection.prepare(event) : (undefined as P),
      );
    }
    const reached = events[events.length - 1].position.toString();
    await this.transactions.run(async (transaction) => {
      // The checkpoint first: a rebuild or another instance that moved it stops this batch
      // before it writes a row.
      const moved =
        last === undefined
          ? await this.transactions.query(
              `insert into platform_projection_checkpoints (name, position) values ($1, $2)
               on conflict (name) do nothing`,
              [this.projection.name, reached],
              transaction,
            )
          : await this.transactions.query(
              `update platform_projection_checkpoints set position = $2, updated_at = now()
                where name = $1 and position = $3`,
              [this.projection.name, reached, last],
              transaction,
            );
      if (moved.rowCount !== 1) throw new CheckpointMoved();
      if (this.projection.applyBatch) {
        await this.projection.applyBatch(events, prepared, transaction);
      } else {
        await this.projection.apply(events[0], prepared[0], transaction);
      }
    });
    this.commits += 1;
    for (const wake of [...this.commitWaiters]) wake();
  }
}
