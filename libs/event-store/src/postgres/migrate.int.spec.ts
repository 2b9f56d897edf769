import { randomUUID } from 'node:crypto';
import { createTestDatabase, queryAs, testRoles, type TestDatabase } from '@dinsos/testing';
import { newEvent } from '../contract/fixtures';
import { listMigrations, migrate, MigrationError } from './migrate';
import { PostgresEventStore } from './PostgresEventStore';

const run = queryAs;

describe('migrate', () => {
  let database: TestDatabase;
  let store: PostgresEventStore;

  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(async () => {
    await store?.close();
    await database?.drop();
  });

  it('applies every migration once when many instances start at the same time', async () => {
    const results = await Promise.all(
      Array.from({ length: 6 }, () => migrate(database.ownerUrl, { appRole: testRoles.app.name })),
    );
    const all = listMigrations().map((m) => `${String(m.version).padStart(4, '0')}_${m.name}`);
    expect(results.flatMap((r) => r.applied)).toEqual(all);
    expect(results.filter((r) => r.applied.length === 0)).toHaveLength(5);
    const { rows } = await run(
      database.ownerUrl,
      'select version from event_store.schema_migrations',
    );
    expect(rows).toHaveLength(all.length);

    const again = await migrate(database.ownerUrl, { appRole: testRoles.app.name });
    expect(again).toMatchObject({ applied: [], alreadyApplied: all });

    store = new PostgresEventStore(database.appUrl);
    await store.appendToStream('intakeCase-1', [newEvent(), newEvent()], {
      expectedRevision: 'noStream',
    });
  });

  it('leaves the tables owned by the migration role, not the app role', async () => {
    const { rows } = await run(
      database.appUrl,
      `select tableowner from pg_tables where schemaname = 'event_store' and tablename = 'events'`,
    );
    expect(rows).toEqual([{ tableowner: testRoles.owner.name }]);
    await expect(
      run(database.appUrl, 'alter table event_store.events disable trigger all'),
    ).rejects.toThrow(/must be owner/);
  });

  it.each([
    ['UPDATE', `update event_store.events set type = 'Rewritten'`],
    ['DELETE', 'delete from event_store.events'],
    ['TRUNCATE', 'truncate event_store.events'],
  ])('refuses %s for the app role', async (_, sql) => {
    await expect(run(database.appUrl, sql)).rejects.toMatchObject({ code: '42501' });
    const { rows } = await run(
      database.appUrl,
      'select count(*)::int as n from event_store.events',
    );
    expect(rows[0].n).toBe(2);
  });

  it.each([
    ['UPDATE', `update event_store.events set type = 'Rewritten'`],
    ['DELETE', 'delete from event_store.events'],
    ['TRUNCATE', 'truncate event_store.events'],
  ])('refuses %s for the owner too, by trigger', async (operation, sql) => {
    await expect(run(database.ownerUrl, sql)).rejects.toMatchObject({
      code: 'ES900',
      message: `event_store.events is append-only: ${operation} refused`,
    });
  });

  it('lets the app role choose neither the transaction id nor the sequence of a row', async () => {
    await expect(
      run(
        database.appUrl,
        `insert into event_store.events (transaction_id, event_id, stream_id, stream_revision, type, document, prev_hash, hash)
         values ('1', $1, 'x-1', 0, 'T', '{}', '\\x00', '\\x00')`,
        [randomUUID()],
      ),
    ).rejects.toMatchObject({ code: '42501' });
  });

  it('sets an idle-in-transaction timeout for the app role', async () => {
    const { rows } = await run(database.appUrl, 'show idle_in_transaction_session_timeout');
    expect(rows[0].idle_in_transaction_session_timeout).not.toBe('0');
  });

  it('refuses an app role that is the migration role, or missing', async () => {
    await expect(migrate(database.ownerUrl, { appRole: testRoles.owner.name })).rejects.toThrow(
      MigrationError,
    );
    await expect(migrate(database.ownerUrl, { appRole: 'no_such_role' })).rejects.toThrow(
      /does not exist/,
    );
  });

  it('refuses to go on when an applied migration was changed', async () => {
    await run(
      database.adminUrl,
      `update event_store.schema_migrations set checksum = 'edited' where version = 1`,
    );
    await expect(migrate(database.ownerUrl, { appRole: testRoles.app.name })).rejects.toThrow(
      /changed after it was applied/,
    );
  });
});
