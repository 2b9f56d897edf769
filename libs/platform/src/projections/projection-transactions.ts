import type { Pool, PoolClient } from 'pg';
import type { DataSource, QueryRunner } from 'typeorm';
import { withTransaction } from '../persistence/with-transaction';

/** What one statement gave back: its rows and how many rows it inserted, updated or deleted. */
export interface StatementResult<Row> {
  rows: Row[];
  rowCount: number;
}

/**
 * Where a projection's transactions come from, so that a read model written with pg and one
 * written with TypeORM entities are run alike. `T` is what the projection's handlers receive:
 * the runner writes its checkpoint through the same `T`, in the same transaction as the rows.
 */
export interface ProjectionTransactions<T> {
  /** Runs work in one transaction: committed when it resolves, rolled back when it throws. */
  run<R>(work: (transaction: T) => Promise<R>): Promise<R>;
  /**
   * Runs reads in one read-only REPEATABLE READ transaction: every statement sees the same
   * snapshot (a read model's rows and its checkpoint agree).
   */
  snapshot<R>(work: (transaction: T) => Promise<R>): Promise<R>;
  /** One SQL statement, in `transaction` when given, else on a connection of its own. */
  query<Row = Record<string, unknown>>(
    sql: string,
    params: readonly unknown[],
    transaction?: T,
  ): Promise<StatementResult<Row>>;
}

/** Transactions on a pg pool: the handlers receive the PoolClient inside BEGIN. */
export function pgTransactions(pool: Pool): ProjectionTransactions<PoolClient> {
  return {
    run: (work) => withTransaction(pool, work),
    snapshot: (work) => withTransaction(pool, work, { readOnlySnapshot: true }),
    async query<Row>(sql: string, params: readonly unknown[], transaction?: PoolClient) {
      const result = await (transaction ?? pool).query(sql, [...params]);
      return { rows: result.rows as Row[], rowCount: result.rowCount ?? 0 };
    },
  };
}

/**
 * Transactions on a TypeORM DataSource (PostgreSQL): the handlers receive a QueryRunner with an
 * open transaction and write through `transaction.manager`. The DataSource's search_path decides
 * the schema of the checkpoint and of the entities alike.
 */
export function typeormTransactions(dataSource: DataSource): ProjectionTransactions<QueryRunner> {
  return {
    run: (work) => inQueryRunner(dataSource, (runner) => runner.startTransaction(), work),
    snapshot: (work) =>
      inQueryRunner(
        dataSource,
        async (runner) => {
          await runner.startTransaction('REPEATABLE READ');
          await runner.query('set transaction read only');
        },
        work,
      ),
    async query<Row>(sql: string, params: readonly unknown[], transaction?: QueryRunner) {
      const runner = transaction ?? dataSource.createQueryRunner();
      try {
        const result = await runner.query(sql, [...params], true);
        return { rows: (result.records ?? []) as Row[], rowCount: result.affected ?? 0 };
      } finally {
        if (!transaction) await runner.release();
      }
    },
  };
}

/** `work` in a transaction `begin` opens on a QueryRunner of its own: committed, or rolled back. */
async function inQueryRunner<R>(
  dataSource: DataSource,
  begin: (runner: QueryRunner) => Promise<void>,
  work: (runner: QueryRunner) => Promise<R>,
): Promise<R> {
  const runner = dataSource.createQueryRunner();
  try {
    await begin(runner);
    const result = await work(runner);
    await runner.commitTransaction();
    return result;
  } catch (error) {
    // A rollback that fails too (a broken connection) is not what the caller needs to hear.
    if (runner.isTransactionActive) await runner.rollbackTransaction().catch(() => undefined);
    throw error;
  } finally {
    await runner.release();
  }
}
