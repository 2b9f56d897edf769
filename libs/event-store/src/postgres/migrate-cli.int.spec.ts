import { createTestDatabase, testRoles, type TestDatabase } from '@dinsos/testing';
import { Client } from 'pg';
import { runCli } from './runCli';

describe('migrate-cli', () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(async () => {
    await database?.drop();
  });

  it('names the missing environment variables and exits 2', async () => {
    const result = await runCli('migrate-cli.ts', {});
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('EVENT_STORE_MIGRATION_URL');
    expect(result.stderr).toContain('EVENT_STORE_APP_ROLE');
  });

  it('migrates with the owner URL and the app role name', async () => {
    const result = await runCli('migrate-cli.ts', {
      EVENT_STORE_MIGRATION_URL: database.ownerUrl,
      EVENT_STORE_APP_ROLE: testRoles.app.name,
    });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/applied 0001_events/);
    const client = new Client({ connectionString: database.appUrl });
    await client.connect();
    const { rows } = await client.query('select count(*)::int as n from event_store.events');
    await client.end();
    expect(rows[0].n).toBe(0);
  });

  it('exits 1 with the reason when migrating fails', async () => {
    const result = await runCli('migrate-cli.ts', {
      EVENT_STORE_MIGRATION_URL: database.ownerUrl,
      EVENT_STORE_APP_ROLE: 'no_such_role',
    });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/no_such_role does not exist/);
  });
});
