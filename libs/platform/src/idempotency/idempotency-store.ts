import type { Pool, PoolClient } from 'pg';
import { IdempotencyKeyReused } from '../errors/errors';
import type { IdempotencyScope } from './idempotency-scope';

export interface IdempotentOutcome<T> {
  response: T;
  /** True when the stored response of an earlier request with the same key was returned. */
  replayed: boolean;
}

/**
 * Runs a command at most once per idempotency scope. In one transaction: a transaction-scoped
 * advisory lock on the scope (a concurrent request with the same key waits here, then finds the
 * first one's record), the stored record if any, else the work and its record. The work appends
 * in the same transaction, so the record and the events commit together or not at all. A failed
 * command stores nothing: the same key may be retried.
 */
export class IdempotencyStore {
  constructor(private readonly pool: Pool) {}

  async run<T>(
    scope: IdempotencyScope,
    requestHash: string,
    work: (transaction: PoolClient) => Promise<T>,
  ): Promise<IdempotentOutcome<T>> {
    const client = await this.pool.connect();
    try {
      await client.query('begin');
      await client.query('select pg_advisory_xact_lock(hashtextextended($1, 0))', [
        [scope.service, scope.officeCode, scope.actorId, scope.key].join('\n'),
      ]);
      const stored = await client.query<{ request_hash: string; response: T }>(
        `select request_hash, response from platform_idempotency
          where service = $1 and office_code = $2 and actor_id = $3 and idempotency_key = $4`,
        [scope.service, scope.officeCode, scope.actorId, scope.key],
      );
      if (stored.rows[0]) {
        await client.query('rollback');
        if (stored.rows[0].request_hash !== requestHash) throw new IdempotencyKeyReused(scope.key);
        return { response: stored.rows[0].response, replayed: true };
      }
      const response = await work(client);
      // Inserted after the work, so the transaction takes its id at the append (see the event store).
      await client.query(
        `insert into platform_idempotency (service, office_code, actor_id, idempotency_key, request_hash, response)
         values ($1, $2, $3, $4, $5, $6)`,
        [
          scope.service,
          scope.officeCode,
          scope.actorId,
          scope.key,
          requestHash,
          JSON.stringify(response),
        ],
      );
      await client.query('commit');
      return { response, replayed: false };
    } catch (error) {
      if (!(error instanceof IdempotencyKeyReused))
        await client.query('rollback').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
  }
}
