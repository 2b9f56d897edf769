import { createTestDatabase, testRoles, type TestDatabase } from '@dinsos/testing';
import { Pool } from 'pg';
import { newEvent, unique } from '../contract/fixtures';
import { EventIdConflict, WrongExpectedVersion } from '../errors';
import { migrate } from './migrate';
import { PostgresEventStore } from './PostgresEventStore';

// What the PostgreSQL adapter guarantees beyond the port's contract.
describe('appendToStream on PostgreSQL', () => {
  let database: TestDatabase;
  let pool: Pool;
  let store: PostgresEventStore;

  beforeAll(async () => {
    database = await createTestDatabase();
    await migrate(database.ownerUrl, { appRole: testRoles.app.name });
    pool = new Pool({ connectionString: database.appUrl, max: 8 });
    pool.on('error', () => undefined); // drop() ends connections the pool is still closing
    store = new PostgresEventStore(pool);
  });
  afterAll(async () => {
    await store?.close();
    await pool?.end();
    await database?.drop();
  });

  it('keeps event ids unique in the whole store, naming where an id is stored', async () => {
    const first = `intakeCase-${unique('a')}`;
    const event = newEvent();
    await store.appendToStream(first, [event], { expectedRevision: 'noStream' });
    const other = `client-${unique('b')}`;
    const error = await store
      .appendToStream(other, [event], { expectedRevision: 'any' })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(EventIdConflict);
    expect(error).toMatchObject({
      eventId: event.eventId,
      existing: { streamId: first, streamRevision: 0 },
    });
    expect(await store.readStream(other)).toEqual([]);

    // With an exact expected revision that matches, the insert (not the id lookup) finds it.
    const third = `client-${unique('c')}`;
    for (const expectedRevision of ['noStream', 0] as const) {
      if (expectedRevision === 0) {
        await store.appendToStream(third, [newEvent()], { expectedRevision: 'noStream' });
      }
      const exact = await store
        .appendToStream(third, [newEvent(), event], { expectedRevision })
        .catch((e: unknown) => e);
      expect(exact).toBeInstanceOf(EventIdConflict);
      expect(exact).toMatchObject({ existing: { streamId: first, streamRevision: 0 } });
    }
    expect(await store.readStream(third)).toHaveLength(1);
  });

  it('refuses the same event id appended to two streams at the same moment, once', async () => {
    const event = newEvent();
    const blocker = await pool.connect();
    try {
      await blocker.query('begin');
      await store.appendToStream(`intakeCase-${unique('x')}`, [event], {
        expectedRevision: 'noStream',
        transaction: blocker,
      });
      const racing = store.appendToStream(`intakeCase-${unique('y')}`, [event], {
        expectedRevision: 'noStream',
      });
      await new Promise((resolve) => setTimeout(resolve, 100));
      await blocker.query('commit');
      await expect(racing).rejects.toBeInstanceOf(EventIdConflict);
    } finally {
      blocker.release();
    }
  });

  it.each([
    ['any', 'append_to_stream'],
    [0, 'the known head'],
  ] as const)(
    'reports a stale expected revision (%s, through %s) from a REPEATABLE READ transaction as WrongExpectedVersion',
    async (expectedRevision, _path) => {
      const streamId = `intakeCase-${unique('r')}`;
      await store.appendToStream(streamId, [newEvent()], { expectedRevision: 'noStream' });
      const otherInstance = new PostgresEventStore(pool);
      const transaction = await pool.connect();
      try {
        await transaction.query('begin isolation level repeatable read');
        await transaction.query('select 1 from event_store.events limit 1'); // takes the snapshot
        await otherInstance.appendToStream(streamId, [newEvent()], { expectedRevision: 0 });
        const error = await store
          .appendToStream(streamId, [newEvent()], { expectedRevision, transaction })
          .catch((e: unknown) => e);
        expect(error).toBeInstanceOf(WrongExpectedVersion);
        expect(error).toMatchObject({ actualRevision: 1 });
        await transaction.query('rollback');
      } finally {
        transaction.release();
      }
      expect((await store.readStream(streamId)).map((e) => e.streamRevision)).toEqual([0, 1]);
    },
  );

  it('refuses documents that do not split into one per event id, writing nothing', async () => {
    // The adapter sends a batch's canonical documents newline-separated (migrations/0004); a
    // newline inside a document would shift every later one onto another event.
    const streamId = `intakeCase-${unique('n')}`;
    const documents = ['{"a":1}', '{"b":\n2}'];
    const error = await pool
      .query(
        `select * from event_store.append_to_stream($1, 'noStream', null, $2::uuid[], $3::text[], $4::text[], $5::text)`,
        [
          streamId,
          [newEvent().eventId, newEvent().eventId],
          ['T', 'T'],
          [null, null],
          documents.join('\n'),
        ],
      )
      .catch((e: unknown) => e);
    expect(error).toMatchObject({
      code: '22023',
      message: '3 newline-separated documents for 2 event ids',
    });
    expect(await store.readStream(streamId)).toEqual([]);
  });
});
