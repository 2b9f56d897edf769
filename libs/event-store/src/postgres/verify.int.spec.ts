import { createTestDatabase, testRoles, type TestDatabase } from '@dinsos/testing';
import canonicalize from 'canonicalize';
import { Client } from 'pg';
import { newEvent, newEvents, unique } from '../contract/fixtures';
import { chainHash, type VerificationProgress } from '../hashChain';
import { runCli } from './runCli';
import { migrate } from './migrate';
import { PostgresEventStore } from './PostgresEventStore';
import { verifyAll, verifyCase, verifyStream } from './verify';

describe('hash chains', () => {
  let database: TestDatabase;
  let store: PostgresEventStore;
  let admin: Client;
  const tampered: string[] = [];

  beforeAll(async () => {
    database = await createTestDatabase();
    await migrate(database.ownerUrl, { appRole: testRoles.app.name });
    store = new PostgresEventStore(database.appUrl);
    admin = new Client({ connectionString: database.adminUrl });
    await admin.connect();
    // A superuser skips triggers in replica mode: the tampering an attacker with full access can do.
    await admin.query('set session_replication_role = replica');
  });
  afterAll(async () => {
    await admin?.end();
    await store?.close();
    await database?.drop();
  });

  async function caseStream(events = 5): Promise<{ streamId: string; caseId: string }> {
    const caseId = unique('case');
    const streamId = `intakeCase-${caseId}`;
    await store.appendToStream(streamId, newEvents(events, { caseId }), {
      expectedRevision: 'noStream',
    });
    await store.appendToStream(`client-${unique('c')}`, [newEvent({ caseId })], {
      expectedRevision: 'noStream',
    });
    return { streamId, caseId };
  }

  it('hashes the exact stored text, which keeps numbers, key order and timestamps as written', async () => {
    const streamId = `intakeCase-${unique('c')}`;
    const payload = {
      safe: Number.MAX_SAFE_INTEGER,
      huge: 2 ** 60,
      tiny: 1e-7,
      sum: 0.1 + 0.2,
      z: 1,
      a: { y: [3, 1], b: 'é' },
    };
    const event = newEvent({ occurredAt: '2024-05-01T08:30:00.123456+07:00', payload });
    await store.appendToStream(streamId, [event], { expectedRevision: 'noStream' });
    const { rows } = await admin.query(
      `select document, encode(prev_hash, 'hex') as prev, encode(hash, 'hex') as hash from event_store.events where stream_id = $1`,
      [streamId],
    );
    const [read] = await store.readStream(streamId);
    expect(read.payload).toEqual(payload);
    expect(read.occurredAt).toBe('2024-05-01T08:30:00.123456+07:00');
    expect(rows[0].document).toContain('"huge":1152921504606847000');
    expect(read.payload.huge).toBe(2 ** 60);
    expect(rows[0].document).toBe(canonicalize(JSON.parse(rows[0].document)));
    expect(chainHash(rows[0].prev, rows[0].document)).toBe(rows[0].hash);
  });

  it('finds an intact store intact, reporting progress', async () => {
    for (let i = 0; i < 4; i++) await caseStream(3);
    const progress: VerificationProgress[] = [];
    const report = await verifyAll(store.pool, {
      pageSize: 7,
      onProgress: (p) => progress.push(p),
    });
    expect(report).toMatchObject({ ok: true, broken: [] });
    expect(report.eventsChecked).toBe(progress[progress.length - 1].totalEvents);
    expect(progress.length).toBeGreaterThan(2);
    expect(progress.map((p) => p.eventsChecked)).toEqual(
      [...progress.map((p) => p.eventsChecked)].sort((a, b) => a - b),
    );
  });

  it('the verify CLI exits 0 on an intact store', async () => {
    const result = await runCli('verify-cli.ts', { EVENT_STORE_URL: database.appUrl });
    expect(result.stdout).toMatch(/intact/);
    expect(result.code).toBe(0);
  });

  it('catches a payload changed in place, at the first broken link', async () => {
    const { streamId, caseId } = await caseStream();
    await admin.query(
      `update event_store.events set document = replace(document, '"index":2', '"index":20')
        where stream_id = $1 and stream_revision = 2`,
      [streamId],
    );
    tampered.push(streamId);
    const report = await verifyStream(store.pool, streamId);
    expect(report.ok).toBe(false);
    expect(report.broken).toEqual([
      expect.objectContaining({ streamId, streamRevision: 2, reason: 'hash-mismatch' }),
    ]);
    expect((await verifyCase(store.pool, caseId)).broken).toEqual([
      expect.objectContaining({ streamId, streamRevision: 2 }),
    ]);
  });

  it('catches a changed text whose hash was recomputed: the next link no longer fits', async () => {
    const { streamId } = await caseStream();
    await admin.query(
      `update event_store.events
          set document = replace(document, '"index":1', '"index":10'),
              hash = sha256(prev_hash || convert_to(replace(document, '"index":1', '"index":10'), 'UTF8'))
        where stream_id = $1 and stream_revision = 1`,
      [streamId],
    );
    tampered.push(streamId);
    expect((await verifyStream(store.pool, streamId)).broken[0]).toMatchObject({
      streamRevision: 2,
      reason: 'prev-hash-mismatch',
    });
  });

  it('catches an event moved out of its case by changing the column readCase uses', async () => {
    const { streamId, caseId } = await caseStream(2);
    await admin.query(
      `update event_store.events set case_id = 'another' where stream_id = $1 and stream_revision = 1`,
      [streamId],
    );
    tampered.push(streamId);
    expect((await verifyStream(store.pool, streamId)).broken[0]).toMatchObject({
      streamRevision: 1,
      reason: 'document-mismatch',
      expected: `caseId ${caseId}`,
    });
  });

  it('catches an event deleted from the middle of a stream', async () => {
    const { streamId } = await caseStream();
    await admin.query(
      'delete from event_store.events where stream_id = $1 and stream_revision = 3',
      [streamId],
    );
    tampered.push(streamId);
    expect((await verifyStream(store.pool, streamId)).broken[0]).toMatchObject({
      streamRevision: 4,
      reason: 'revision-gap',
      expected: '3',
    });
  });

  it('verifyAll reports every tampered stream and only those', async () => {
    const report = await verifyAll(store.pool);
    expect(report.ok).toBe(false);
    expect(report.broken.map((b) => b.streamId).sort()).toEqual([...tampered].sort());
  });

  it('the verify CLI exits 1 and prints the broken links', async () => {
    const result = await runCli('verify-cli.ts', { EVENT_STORE_URL: database.appUrl });
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/BROKEN/);
    for (const streamId of tampered) expect(result.stdout).toContain(streamId);
  });
});
