import { Logger } from '@nestjs/common';
import {
  Position,
  type EventFilter,
  type EventStore,
  type RecordedEvent,
} from '@dinsos/event-store';
import type { Pool, PoolClient } from 'pg';
import { withTransaction } from '../persistence/with-transaction';

/**
 * A read model of a service's own, fed from the store in global order. `prepare` does the slow
 * work (decryption, lookups) outside any transaction; `apply` writes the read model in the
 * transaction that also moves the checkpoint, so the two never disagree.
 */
export interface StoreProjection<P = unknown> {
  /** The checkpoint's name: never rename a projection once deployed (it would start again). */
  name: string;
  filter?: EventFilter;
  prepare?(event: RecordedEvent): Promise<P>;
  apply(event: RecordedEvent, prepared: P, transaction: PoolClient): Promise<void>;
  /** Empties the read model, in the rebuild's transaction. */
  reset(transaction: PoolClient): Promise<void>;
}

/** Someone else moved the checkpoint (a rebuild, another instance): start again from it. */
class CheckpointMoved extends Error {}

/**
 * Runs a StoreProjection. Any number of instances may run one: the checkpoint is moved
 * optimistically (only from where this runner read it), so a rebuild or another instance makes a
 * runner start again from the checkpoint. Needs the service's schema on the search path (the
 * platform's pool has it): the checkpoints are in platform_projection_checkpoints.
 */
export class ProjectionRunner<P = unknown> {
  private readonly log: Logger;
  private stopping?: AbortController;
  private running?: Promise<void>;
  private round?: AbortController;

  constructor(
    private readonly pool: Pool,
    private readonly store: Pick<EventStore<PoolClient>, 'subscribeToAll'>,
    private readonly projection: StoreProjection<P>,
    private readonly options: { retryAfterMs?: number } = {},
  ) {
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
    await withTransaction(this.pool, async (transaction) => {
      await this.projection.reset(transaction);
      await transaction.query('delete from platform_projection_checkpoints where name = $1', [
        this.projection.name,
      ]);
    });
    this.round?.abort();
  }

  /** The position of the last event the read model reflects, or undefined before the first. */
  async checkpoint(): Promise<string | undefined> {
    const { rows } = await this.pool.query<{ position: string }>(
      'select position from platform_projection_checkpoints where name = $1',
      [this.projection.name],
    );
    return rows[0]?.position;
  }

  /** Waits until the read model reflects the event at `position`; false when it took too long. */
  async waitFor(position: string, timeoutMs = 10_000): Promise<boolean> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const reached = await this.checkpoint();
      if (reached !== undefined && reached >= position) return true;
      if (Date.now() > deadline) return false;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
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
        for await (const event of subscription) {
          await this.handle(event, last);
          last = event.position.toString();
        }
      } catch (error) {
        if (signal.aborted) return;
        if (!(error instanceof CheckpointMoved)) {
          this.log.warn({ msg: 'projection failed; retrying', err: error });
          await new Promise((resolve) => setTimeout(resolve, this.options.retryAfterMs ?? 1000));
        }
      }
    }
  }

  private async handle(event: RecordedEvent, last: string | undefined): Promise<void> {
    const prepared = this.projection.prepare
      ? await this.projection.prepare(event)
      : (undefined as P);
    await withTransaction(this.pool, async (transaction) => {
      const moved =
        last === undefined
          ? await transaction.query(
              `insert into platform_projection_checkpoints (name, position) values ($1, $2)
               on conflict (name) do nothing`,
              [this.projection.name, event.position.toString()],
            )
          : await transaction.query(
              `update platform_projection_checkpoints set position = $2, updated_at = now()
                where name = $1 and position = $3`,
              [this.projection.name, event.position.toString(), last],
            );
      if (moved.rowCount !== 1) throw new CheckpointMoved();
      await this.projection.apply(event, prepared, transaction);
    });
  }
}
