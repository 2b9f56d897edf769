import {
  createTestDatabase,
  inTransaction as withTransaction,
  testRoles,
  type TestDatabase,
} from '@dinsos/testing';
import { Pool, type PoolClient, type QueryConfig } from 'pg';
import { newEvent, newEvents, unique } from '../contract/fixtures';
import { EventIdConflict, InvalidReadOptions, WrongExpectedVersion } from '../errors';
import { migrate } from './migrate';
import { PostgresEventStore } from './PostgresEventStore';
import { verifyStream } from './verify';

// A store appends after a stream head it already knows (from its committed appends and its reads)
// with one INSERT; whatever that INSERT cannot settle goes to append_to_stream. Two instances with
// their own knowledge stand for two service instances.
describe('appending after a known stream head', () => {
  let database: TestDatabase;
  let pool: Pool;
  let store: PostgresEventStore;
  let otherInstance: PostgresEventStore;
  const statements: string[] = [];

  beforeAll(async () => {
    database = await createTestDatabase();
    await migrate(database.ownerUrl, { appRole: testRoles.app.name });
    pool = new Pool({ connectionString: database.appUrl, max: 8 });
    pool.on('error', () => undefined); // drop() ends connections the pool is still closing
    const query = pool.query.bind(pool) as (config: QueryConfig) => Promise<unknown>;
    jest.spyOn(pool, 'query').mockImplementation(((
      config: QueryConfig | string,
      values?: unknown[],
    ) => {
      if (typeof config === 'object' && config.name) statements.push(config.name);
      return typeof config === 'string' ? query({ text: config, values }) : query(config);
    }) as never);
    store = new PostgresEventStore(pool);
    otherInstance = new PostgresEventStore(pool);
  });
  afterAll(async () => {
    await store?.close();
    await otherInstance?.close();
    await pool?.end();
    await database?.drop();
  });

  const inTransaction = <T>(work: (client: PoolClient) => Promise<T>) =>
    withTransaction(pool, work);

  async function expectChainIntact(streamId: string, revisions: number): Promise<void> {
    const report = await verifyStream(pool, streamId);
    expect(report).toMatchObject({ ok: true, eventsChecked: revisions, broken: [] });
  }

  it('chains onto its own appends and onto what it read with one INSERT each, up to 16 events', async () => {
    const streamId = `intakeCase-${unique('k')}`;
    statements.length = 0;
    await store.appendToStream(streamId, [newEvent()], { expectedRevision: 'noStream' });
    await store.appendToStream(streamId, newEvents(3), { expectedRevision: 0 });
    await store.appendToStream(streamId, [newEvent()], { expectedRevision: 3 });
    await otherInstance.readStream(streamId, { direction: 'backwards', maxCount: 1 });
    await otherInstance.appendToStream(streamId, newEvents(2), { expectedRevision: 4 });
    // A large batch is cheaper through append_to_stream, known head or not.
    await otherInstance.appendToStream(streamId, newEvents(17), { expectedRevision: 6 });
    await otherInstance.appendToStream(streamId, [newEvent()], { expectedRevision: 23 });
    expect(statements).toEqual([
      'event_store.append_one_at_known_head',
      'event_store.append_batch_at_known_head',
      'event_store.append_one_at_known_head',
      'event_store.append_batch_at_known_head',
      'event_store.append_to_stream',
      'event_store.append_one_at_known_head',
    ]);
    await expectChainIntact(streamId, 25);
  });

  it('answers a head another instance moved on with WrongExpectedVersion, writing nothing', async () => {
    const streamId = `intakeCase-${unique('k')}`;
    await store.appendToStream(streamId, [newEvent()], { expectedRevision: 'noStream' });
    await otherInstance.readStream(streamId);
    await otherInstance.appendToStream(streamId, [newEvent()], { expectedRevision: 0 });

    for (const batch of [1, 3]) {
      await expect(
        store.appendToStream(streamId, newEvents(batch), { expectedRevision: 0 }),
      ).rejects.toMatchObject({ constructor: WrongExpectedVersion, actualRevision: 1 });
      await expect(
        inTransaction((transaction) =>
          store.appendToStream(streamId, newEvents(batch), { expectedRevision: 0, transaction }),
        ),
      ).rejects.toMatchObject({ constructor: WrongExpectedVersion, actualRevision: 1 });
    }
    expect(await store.readStream(streamId)).toHaveLength(2);
    await store.appendToStream(streamId, [newEvent()], { expectedRevision: 1 });
    await expectChainIntact(streamId, 3);
  });

  it('returns the original positions for a retry at a stale head, leaving the transaction usable', async () => {
    const streamId = `intakeCase-${unique('k')}`;
    await store.appendToStream(streamId, [newEvent()], { expectedRevision: 'noStream' });
    const events = newEvents(2);
    // The first try went in through another instance (or its answer was lost on the way back).
    await otherInstance.readStream(streamId);
    const original = await otherInstance.appendToStream(streamId, events, { expectedRevision: 0 });

    const retried = await store.appendToStream(streamId, events, { expectedRevision: 0 });
    expect(retried).toMatchObject({ alreadyStored: true, nextExpectedRevision: 2 });
    expect(retried.events.map((e) => e.position)).toEqual(original.events.map((e) => e.position));

    const inside = await inTransaction(async (transaction) => {
      const result = await store.appendToStream(streamId, events, {
        expectedRevision: 0,
        transaction,
      });
      await transaction.query('select 1'); // not aborted
      return result;
    });
    expect(inside).toMatchObject({ alreadyStored: true, nextExpectedRevision: 2 });
    expect(await store.readStream(streamId)).toHaveLength(3);
  });

  it('refuses a batch of which only part could go in, inside a transaction, naming the stored id', async () => {
    const elsewhere = newEvent();
    const storedIn = `client-${unique('k')}`;
    await store.appendToStream(storedIn, [elsewhere], { expectedRevision: 'noStream' });
    const streamId = `intakeCase-${unique('k')}`;
    await store.appendToStream(streamId, [newEvent()], { expectedRevision: 'noStream' });

    const error = await inTransaction((transaction) =>
      store.appendToStream(streamId, [newEvent(), elsewhere], { expectedRevision: 0, transaction }),
    ).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(EventIdConflict);
    expect(error).toMatchObject({
      eventId: elsewhere.eventId,
      existing: { streamId: storedIn, streamRevision: 0 },
    });
    expect(await store.readStream(streamId)).toHaveLength(1);
    await expectChainIntact(streamId, 1);
  });

  it('does not learn heads from appends in a transaction that may still roll back', async () => {
    const streamId = `intakeCase-${unique('k')}`;
    await store.appendToStream(streamId, [newEvent()], { expectedRevision: 'noStream' });
    await expect(
      inTransaction(async (transaction) => {
        await store.appendToStream(streamId, [newEvent()], { expectedRevision: 0, transaction });
        throw new Error('the command failed after its append');
      }),
    ).rejects.toThrow('the command failed');
    // Chaining onto the rolled-back revision 1 would leave a gap at 1: it must be refused.
    await expect(
      store.appendToStream(streamId, [newEvent()], { expectedRevision: 1 }),
    ).rejects.toMatchObject({ constructor: WrongExpectedVersion, actualRevision: 0 });
    await store.appendToStream(streamId, [newEvent()], { expectedRevision: 0 });
    await expectChainIntact(streamId, 2);
  });

  it("waits for the stream like append_to_stream does: racing 'any' appends never fail and nothing is lost", async () => {
    const streamId = `intakeCase-${unique('k')}`;
    await store.appendToStream(streamId, [newEvent()], { expectedRevision: 'noStream' });
    const appendsPerWriter = 25;
    const known = async (instance: PostgresEventStore) => {
      let appended = 0;
      while (appended < appendsPerWriter) {
        const [head] = await instance.readStream(streamId, { direction: 'backwards', maxCount: 1 });
        try {
          await instance.appendToStream(streamId, [newEvent()], {
            expectedRevision: head.streamRevision,
          });
          appended++;
        } catch (error) {
          if (!(error instanceof WrongExpectedVersion)) throw error;
        }
      }
    };
    const any = async (instance: PostgresEventStore) => {
      for (let n = 0; n < appendsPerWriter; n++) {
        await instance.appendToStream(streamId, [newEvent()], { expectedRevision: 'any' });
      }
    };
    await Promise.all([known(store), known(otherInstance), any(store), any(otherInstance)]);
    const events = await store.readStream(streamId);
    expect(events.map((e) => e.streamRevision)).toEqual(
      Array.from({ length: 1 + 4 * appendsPerWriter }, (_, revision) => revision),
    );
    await expectChainIntact(streamId, events.length);
  });

  it('refuses a knownStreamHeads setting that is not a whole number ≥ 0', () => {
    for (const knownStreamHeads of [-1, 1.5, Number.NaN, Number.POSITIVE_INFINITY]) {
      expect(() => new PostgresEventStore(pool, { knownStreamHeads })).toThrow(InvalidReadOptions);
    }
  });
});
