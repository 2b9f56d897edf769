import {
  createTestDatabase,
  inTransaction as withTransaction,
  testRoles,
  type TestDatabase,
} from '@dinsos/testing';
import { Client, Pool, type PoolClient } from 'pg';
import { eventually, newEvent, newEvents, unique } from '../contract/fixtures';
import { isRetryable, StreamOrderConflict, WrongExpectedVersion } from '../errors';
import { Position } from '../position';
import { migrate } from './migrate';
import { PostgresEventStore } from './PostgresEventStore';

describe("appending in the caller's transaction", () => {
  let database: TestDatabase;
  let pool: Pool;
  let store: PostgresEventStore;

  beforeAll(async () => {
    database = await createTestDatabase();
    await migrate(database.ownerUrl, { appRole: testRoles.app.name });
    const owner = new Client({ connectionString: database.ownerUrl });
    await owner.connect();
    await owner.query('create table inbox (message_id text primary key)');
    await owner.query(`grant select, insert on inbox to ${testRoles.app.name}`);
    await owner.end();
    pool = new Pool({ connectionString: database.appUrl, max: 6 });
    pool.on('error', () => undefined); // drop() ends connections the pool is still closing
    store = new PostgresEventStore(pool);
  });
  afterAll(async () => {
    await store?.close();
    await pool?.end();
    await database?.drop();
  });

  const inTransaction = <T>(work: (client: PoolClient) => Promise<T>) =>
    withTransaction(pool, work);

  const inboxHas = async (id: string) =>
    (await pool.query('select 1 from inbox where message_id = $1', [id])).rowCount === 1;

  it('commits the inbox record and the new events together', async () => {
    const streamId = `assessment-${unique('c')}`;
    const messageId = unique('m');
    await inTransaction(async (transaction) => {
      await transaction.query('insert into inbox values ($1)', [messageId]);
      await store.appendToStream(streamId, newEvents(2), {
        expectedRevision: 'noStream',
        transaction,
      });
      expect(await store.readStream(streamId)).toEqual([]);
    });
    expect(await inboxHas(messageId)).toBe(true);
    expect(await store.readStream(streamId)).toHaveLength(2);
  });

  it('rolls both back when the transaction fails after the append', async () => {
    const streamId = `assessment-${unique('c')}`;
    const messageId = unique('m');
    await expect(
      inTransaction(async (transaction) => {
        await transaction.query('insert into inbox values ($1)', [messageId]);
        await store.appendToStream(streamId, [newEvent()], {
          expectedRevision: 'noStream',
          transaction,
        });
        await store.appendToStream(streamId, [newEvent()], {
          expectedRevision: 'noStream',
          transaction,
        });
      }),
    ).rejects.toBeInstanceOf(WrongExpectedVersion);
    expect(await inboxHas(messageId)).toBe(false);
    expect(await store.readStream(streamId)).toEqual([]);
  });

  it('refuses, retryably, to append after a younger transaction committed the stream head; the retry succeeds in stream order', async () => {
    const streamId = `intakeCase-${unique('c')}`;
    const messageId = unique('m');
    const older = await pool.connect();
    try {
      // The reaction's transaction takes its transaction id first, by writing its inbox row…
      await older.query('begin');
      await older.query('insert into inbox values ($1)', [messageId]);
      // …meanwhile a command appends revision 0 in a younger transaction, and commits…
      const head = await store.appendToStream(streamId, [newEvent({ type: 'ReportReceived' })], {
        expectedRevision: 'noStream',
      });
      // …so revision 1 from the older transaction would sort before revision 0 in the global order.
      const refused = await store
        .appendToStream(streamId, [newEvent()], { expectedRevision: 0, transaction: older })
        .catch((error: unknown) => error);
      expect(refused).toBeInstanceOf(StreamOrderConflict);
      expect(isRetryable(refused)).toBe(true);
      await older.query('rollback');

      const retried = await inTransaction(async (transaction) => {
        await transaction.query('insert into inbox values ($1)', [messageId]);
        return store.appendToStream(streamId, [newEvent({ type: 'ClientRegistered' })], {
          expectedRevision: 0,
          transaction,
        });
      });
      expect(retried.position.isAfter(head.position)).toBe(true);
      const events = await store.readStream(streamId);
      expect(events.map((e) => e.type)).toEqual(['ReportReceived', 'ClientRegistered']);
      // The global read stops at the cluster's oldest open transaction (the gap-free horizon):
      // with other suites' transactions open alongside, the two events show a moment later.
      const revisionsInGlobalOrder = async () =>
        (
          await store.readAll({
            from: Position.start,
            filter: { categories: ['intakeCase'] },
            maxCount: 10_000,
          })
        )
          .filter((e) => e.streamId === streamId)
          .map((e) => e.streamRevision);
      expect(
        await eventually(revisionsInGlobalOrder, (revisions) => revisions.length >= 2),
      ).toEqual([0, 1]);
    } finally {
      older.release();
    }
  });

  it("refuses the same interleaving with expectedRevision 'any'", async () => {
    const streamId = `intakeCase-${unique('c')}`;
    const older = await pool.connect();
    try {
      await older.query('begin');
      await older.query('insert into inbox values ($1)', [unique('m')]);
      await store.appendToStream(streamId, [newEvent()], { expectedRevision: 'noStream' });
      await expect(
        store.appendToStream(streamId, [newEvent()], {
          expectedRevision: 'any',
          transaction: older,
        }),
      ).rejects.toBeInstanceOf(StreamOrderConflict);
      await older.query('rollback');
    } finally {
      older.release();
    }
    expect(await store.readStream(streamId)).toHaveLength(1);
  });

  it('accepts the append when the stream head was committed by an older transaction', async () => {
    const streamId = `intakeCase-${unique('c')}`;
    await store.appendToStream(streamId, [newEvent()], { expectedRevision: 'noStream' });
    const result = await inTransaction(async (transaction) => {
      await transaction.query('insert into inbox values ($1)', [unique('m')]);
      return store.appendToStream(streamId, [newEvent()], { expectedRevision: 0, transaction });
    });
    expect(result.nextExpectedRevision).toBe(1);
  });
});

describe("expecting a stream's revision in the caller's transaction", () => {
  let database: TestDatabase;
  let pool: Pool;
  let store: PostgresEventStore;

  beforeAll(async () => {
    database = await createTestDatabase();
    await migrate(database.ownerUrl, { appRole: testRoles.app.name });
    pool = new Pool({ connectionString: database.appUrl, max: 4 });
    pool.on('error', () => undefined);
    store = new PostgresEventStore(pool);
  });
  afterAll(async () => {
    await store?.close();
    await pool?.end();
    await database?.drop();
  });

  it('passes at the head (and for a stream that does not exist, at -1)', async () => {
    const streamId = `intakeCase-${unique('c')}`;
    await withTransaction(pool, (transaction) =>
      store.expectStreamRevision(streamId, -1, { transaction }),
    );
    await store.appendToStream(streamId, newEvents(2), { expectedRevision: 'noStream' });
    await withTransaction(pool, (transaction) =>
      store.expectStreamRevision(streamId, 1, { transaction }),
    );
  });

  it('refuses a stream that moved since it was read, naming where it is', async () => {
    const streamId = `intakeCase-${unique('c')}`;
    await store.appendToStream(streamId, newEvents(2), { expectedRevision: 'noStream' });
    const refused = withTransaction(pool, (transaction) =>
      store.expectStreamRevision(streamId, 0, { transaction }),
    );
    await expect(refused).rejects.toBeInstanceOf(WrongExpectedVersion);
    await expect(refused).rejects.toMatchObject({ expectedRevision: 0, actualRevision: 1 });
  });

  it('holds off an append to the stream until the transaction ends', async () => {
    const streamId = `intakeCase-${unique('c')}`;
    await store.appendToStream(streamId, [newEvent()], { expectedRevision: 'noStream' });
    const holder = await pool.connect();
    try {
      await holder.query('begin');
      await store.expectStreamRevision(streamId, 0, { transaction: holder });
      let appended = false;
      const append = store
        .appendToStream(streamId, [newEvent()], { expectedRevision: 0 })
        .then(() => (appended = true));
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(appended).toBe(false);
      await holder.query('commit');
      await append;
      expect(appended).toBe(true);
    } finally {
      holder.release();
    }
  });
});
