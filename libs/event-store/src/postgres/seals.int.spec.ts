import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createTestDatabase, testRoles, type TestDatabase } from '@dinsos/testing';
import { Client } from 'pg';
import { eventually, newEvents, unique } from '../contract/fixtures';
import { chainHash, GENESIS_HASH } from '../hashChain';
import {
  generateSealingKeyPair,
  readSeals,
  sealFileName,
  sealHash,
  SealVerificationError,
  type Seal,
} from '../seals/seal';
import { sealNow, startSealing } from '../seals/sealStreams';
import { runCli } from './runCli';
import { migrate } from './migrate';
import { PostgresEventStore } from './PostgresEventStore';
import { verifyAll, verifyStream } from './verify';

describe('seals', () => {
  let database: TestDatabase;
  let store: PostgresEventStore;
  let admin: Client;
  let directory: string;
  const keys = generateSealingKeyPair();
  const published: Seal[] = [];
  const seal = () =>
    sealNow(store.pool, {
      directory,
      privateKey: keys.privateKeyPem,
      onSeal: (s) => void published.push(s),
    });

  /** Seals until the given streams are sealed at their current heads (older transactions elsewhere may delay them). */
  async function sealStreams(...streamIds: string[]): Promise<Seal[]> {
    const heads = await Promise.all(
      streamIds.map(
        async (id) => (await store.readStream(id, { direction: 'backwards', maxCount: 1 }))[0],
      ),
    );
    const made: Seal[] = [];
    await eventually(
      async () => {
        const next = await seal();
        if (next) made.push(next);
        return made;
      },
      (seals) =>
        heads.every((head) =>
          seals.some((s) =>
            s.streams.some(
              (h) => h.streamId === head.streamId && h.streamRevision === head.streamRevision,
            ),
          ),
        ),
    );
    return made;
  }

  beforeAll(async () => {
    database = await createTestDatabase();
    await migrate(database.ownerUrl, { appRole: testRoles.app.name });
    store = new PostgresEventStore(database.appUrl);
    admin = new Client({ connectionString: database.adminUrl });
    await admin.connect();
    await admin.query('set session_replication_role = replica');
    directory = fs.mkdtempSync(path.join(os.tmpdir(), 'event-store-seals-'));
  });
  afterAll(async () => {
    await admin?.end();
    await store?.close();
    await database?.drop();
    fs.rmSync(directory, { recursive: true, force: true });
  });

  it('signs the head hash and position of every stream changed since the last seal', async () => {
    const a = `intakeCase-${unique('a')}`;
    const b = `intakeCase-${unique('b')}`;
    await store.appendToStream(a, newEvents(3), { expectedRevision: 'noStream' });
    await store.appendToStream(b, newEvents(2), { expectedRevision: 'noStream' });
    const first = await sealStreams(a, b);
    const headOfA = (await store.readStream(a, { direction: 'backwards', maxCount: 1 }))[0];
    expect(first.flatMap((s) => s.streams)).toContainEqual({
      streamId: a,
      streamRevision: 2,
      hash: headOfA.hash,
      position: headOfA.position.toString(),
    });
    expect(fs.existsSync(path.join(directory, sealFileName(first[0].sequence)))).toBe(true);

    const c = `placement-${unique('c')}`;
    await store.appendToStream(b, newEvents(1), { expectedRevision: 1 });
    await store.appendToStream(c, newEvents(1), { expectedRevision: 'noStream' });
    const later = await sealStreams(b, c);
    const sealedLater = later.flatMap((s) => s.streams);
    expect(sealedLater.map((h) => h.streamId)).not.toContain(a);
    expect(sealedLater).toContainEqual(expect.objectContaining({ streamId: b, streamRevision: 2 }));
    expect(later[0].from).toBe(first[first.length - 1].upTo);
    expect(later[0].previousSealHash).toBe(sealHash(first[first.length - 1]));

    expect(await seal()).toBeNull();
    const verified = readSeals(directory, keys.publicKeyPem);
    expect(verified.map((s) => s.sequence)).toEqual(verified.map((_, i) => i + 1));
    expect(published.map((s) => s.sequence)).toEqual(verified.map((s) => s.sequence));
  });

  it('catches a chain rewritten end to end, which the chain alone cannot show', async () => {
    const streamId = `intakeCase-${unique('r')}`;
    await store.appendToStream(streamId, newEvents(4), { expectedRevision: 'noStream' });
    await sealStreams(streamId);

    const { rows } = await admin.query<{ stream_revision: number; document: string }>(
      'select stream_revision::int, document from event_store.events where stream_id = $1 order by stream_revision',
      [streamId],
    );
    let prev = GENESIS_HASH;
    for (const row of rows) {
      const document = row.document.replace(
        /"index":(\d+)/,
        (_, n: string) => `"index":${Number(n) + 100}`,
      );
      const hash = chainHash(prev, document);
      await admin.query(
        `update event_store.events set document = $1, prev_hash = decode($2, 'hex'), hash = decode($3, 'hex')
          where stream_id = $4 and stream_revision = $5`,
        [document, prev, hash, streamId, row.stream_revision],
      );
      prev = hash;
    }
    expect((await store.readStream(streamId)).map((e) => e.payload.index)).toEqual([
      100, 101, 102, 103,
    ]);
    expect((await verifyStream(store.pool, streamId)).ok).toBe(true);

    const seals = readSeals(directory, keys.publicKeyPem);
    const report = await verifyStream(store.pool, streamId, { seals });
    expect(report.broken).toEqual([
      expect.objectContaining({ streamId, streamRevision: 3, reason: 'sealed-hash-mismatch' }),
    ]);
    const all = await verifyAll(store.pool, { seals });
    expect(all.broken).toContainEqual(
      expect.objectContaining({ streamId, reason: 'sealed-hash-mismatch' }),
    );
  });

  it('catches a tail cut off, and a stream removed whole', async () => {
    const cut = `intakeCase-${unique('t')}`;
    const gone = `complaint-${unique('g')}`;
    await store.appendToStream(cut, newEvents(5), { expectedRevision: 'noStream' });
    await store.appendToStream(gone, newEvents(2), { expectedRevision: 'noStream' });
    await sealStreams(cut, gone);
    await admin.query(
      'delete from event_store.events where stream_id = $1 and stream_revision >= 3',
      [cut],
    );
    await admin.query('delete from event_store.events where stream_id = $1', [gone]);

    expect((await verifyStream(store.pool, cut)).ok).toBe(true);
    const seals = readSeals(directory, keys.publicKeyPem);
    expect((await verifyStream(store.pool, cut, { seals })).broken).toEqual([
      expect.objectContaining({
        streamId: cut,
        streamRevision: 4,
        reason: 'sealed-event-missing',
        actual: 'revision 2',
      }),
    ]);
    const all = await verifyAll(store.pool, { seals });
    expect(all.broken).toContainEqual(
      expect.objectContaining({ streamId: cut, reason: 'sealed-event-missing' }),
    );
    expect(all.broken).toContainEqual(
      expect.objectContaining({ streamId: gone, reason: 'sealed-stream-missing' }),
    );

    const publicKeyFile = path.join(directory, '..', `${path.basename(directory)}.pub.pem`);
    fs.writeFileSync(publicKeyFile, keys.publicKeyPem);
    try {
      const result = await runCli('verify-cli.ts', {
        EVENT_STORE_URL: database.appUrl,
        EVENT_STORE_SEAL_DIR: directory,
        EVENT_STORE_SEAL_PUBLIC_KEY: publicKeyFile,
      });
      expect(result.code).toBe(1);
      expect(result.stdout).toContain('sealed-event-missing');
    } finally {
      fs.rmSync(publicKeyFile);
    }
  });

  it('catches a changed, forged or missing seal file', () => {
    const copy = (): string => {
      const target = fs.mkdtempSync(path.join(os.tmpdir(), 'event-store-seals-copy-'));
      for (const file of fs.readdirSync(directory))
        fs.copyFileSync(path.join(directory, file), path.join(target, file));
      return target;
    };
    const files = fs.readdirSync(directory).sort();
    expect(files.length).toBeGreaterThanOrEqual(3);

    const changed = copy();
    const sealPath = path.join(changed, files[0]);
    const edited = JSON.parse(fs.readFileSync(sealPath, 'utf8')) as Seal;
    edited.streams[0].hash = 'f'.repeat(64);
    fs.writeFileSync(sealPath, JSON.stringify(edited));
    expect(() => readSeals(changed, keys.publicKeyPem)).toThrow(SealVerificationError);

    const missing = copy();
    fs.rmSync(path.join(missing, files[1]));
    expect(() => readSeals(missing, keys.publicKeyPem)).toThrow(/a seal is missing/);

    const otherKey = generateSealingKeyPair();
    expect(() => readSeals(directory, otherKey.publicKeyPem)).toThrow(/signature is not valid/);
    for (const dir of [changed, missing]) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('seals on demand from the seal CLI', async () => {
    const streamId = `assessment-${unique('cli')}`;
    await store.appendToStream(streamId, newEvents(1), { expectedRevision: 'noStream' });
    const keyFile = path.join(directory, '..', `${path.basename(directory)}.key.pem`);
    fs.writeFileSync(keyFile, keys.privateKeyPem, { mode: 0o600 });
    const cliDirectory = fs.mkdtempSync(path.join(os.tmpdir(), 'event-store-seals-cli-'));
    try {
      const env = {
        EVENT_STORE_URL: database.appUrl,
        EVENT_STORE_SEAL_DIR: cliDirectory,
        EVENT_STORE_SEAL_PRIVATE_KEY: keyFile,
      };
      const result = await runCli('seal-cli.ts', env);
      expect(result.stderr).toBe('');
      expect(result.stdout).toMatch(/seal 1 signs \d+ stream head/);
      expect(readSeals(cliDirectory, keys.publicKeyPem)).toHaveLength(1);
      expect((await runCli('seal-cli.ts', {})).code).toBe(2);
    } finally {
      fs.rmSync(keyFile);
      fs.rmSync(cliDirectory, { recursive: true, force: true });
    }
  });

  it('seals on a schedule and hands each seal to the publisher hook', async () => {
    const scheduled = fs.mkdtempSync(path.join(os.tmpdir(), 'event-store-seals-scheduled-'));
    const hooked: Seal[] = [];
    const sealer = startSealing(store.pool, {
      directory: scheduled,
      privateKey: keys.privateKeyPem,
      intervalMs: 50,
      onSeal: (s) => void hooked.push(s),
    });
    try {
      const streamId = `tracing-${unique('s')}`;
      await store.appendToStream(streamId, newEvents(2), { expectedRevision: 'noStream' });
      await eventually(
        async () => hooked,
        (seals) => seals.some((s) => s.streams.some((h) => h.streamId === streamId)),
      );
    } finally {
      await sealer.stop();
    }
    expect(readSeals(scheduled, keys.publicKeyPem).map((s) => s.sequence)).toEqual(
      hooked.map((s) => s.sequence),
    );
    fs.rmSync(scheduled, { recursive: true, force: true });
  });
});
