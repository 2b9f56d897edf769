import type { Pool, PoolClient } from 'pg';

/**
 * Runs work in a transaction on one of the pool's connections: commits when it resolves, rolls
 * back and rethrows when it throws (a rollback that fails too, on a broken connection, is not
 * what the caller needs to hear). Services never write begin/commit by hand. `readOnlySnapshot`:
 * every statement of the work sees the same snapshot, and none may write.
 */
export async function withTransaction<T>(
  pool: Pool,
  work: (transaction: PoolClient) => Promise<T>,
  { readOnlySnapshot = false }: { readOnlySnapshot?: boolean } = {},
): Promise<T> {
  const client = await pool.connect();
  try {
    await client.query(
      readOnlySnapshot ? 'begin isolation level repeatable read read only' : 'begin',
    );
    const result = await work(client);
    await client.query('commit');
    return result;
  } catch (error) {
    await client.query('rollback').catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}
