import fs from 'node:fs';
import { Client } from 'pg';
import { findFreePort, resolvePostgres } from './index';

describe('PostgreSQL resolution', () => {
  it('starts an embedded PostgreSQL 15 when neither DATABASE_URL nor a local server answers', async () => {
    const saved = { ...process.env };
    const embeddedPort = await findFreePort();
    delete process.env.DATABASE_URL;
    process.env.PGPORT = String(await findFreePort());
    process.env.EMBEDDED_PG_PORT = String(embeddedPort);
    const postgres = await resolvePostgres(() => undefined);
    try {
      expect(postgres.source).toBe('embedded');
      const client = new Client({ connectionString: postgres.adminUrl });
      await client.connect();
      const { rows } = await client.query<{ server_version_num: string }>(
        'show server_version_num',
      );
      await client.end();
      expect(Number(rows[0].server_version_num)).toBeGreaterThanOrEqual(150000);
      expect(Number(rows[0].server_version_num)).toBeLessThan(160000);
    } finally {
      process.env = saved;
      await postgres.stop();
      if (postgres.dataDir) fs.rmSync(postgres.dataDir, { recursive: true, force: true });
    }
  }, 180_000);

  it('refuses a DATABASE_URL where no server answers, naming the variable', async () => {
    const saved = process.env.DATABASE_URL;
    process.env.DATABASE_URL = `postgres://nobody@127.0.0.1:${await findFreePort()}/none`;
    try {
      await expect(resolvePostgres(() => undefined)).rejects.toThrow(/DATABASE_URL/);
    } finally {
      if (saved === undefined) delete process.env.DATABASE_URL;
      else process.env.DATABASE_URL = saved;
    }
  });
});
