import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  generateSealingKeyPair,
  isSealSignatureValid,
  migrate,
  PostgresEventStore,
  type Seal,
} from '@dinsos/event-store';
import {
  createTestDatabase,
  createTopicPrefix,
  getTestInfrastructure,
  type TestDatabase,
} from '@dinsos/testing';
import { caseEvent, sharedKafka, waitFor } from '../testing/fixtures';

const repoRoot = path.resolve(__dirname, '../../../..');

function runSealer(env: Record<string, string>) {
  const child = spawn(
    process.execPath,
    ['-r', '@swc-node/register', path.join(__dirname, 'sealer-cli.ts')],
    {
      cwd: repoRoot,
      env: { PATH: process.env.PATH, HOME: process.env.HOME, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  return { child, output: () => output, exited };
}

describe('the one sealer (npm run sealer)', () => {
  let database: TestDatabase;
  let reader: { name: string; url: string };
  let writer: { name: string; url: string };
  let store: PostgresEventStore;
  const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'sealer-'));
  const keys = generateSealingKeyPair();
  const keyFile = path.join(directory, 'private.pem');
  fs.writeFileSync(keyFile, keys.privateKeyPem);

  beforeAll(async () => {
    database = await createTestDatabase();
    reader = await database.createRole('sealer');
    writer = await database.createRole('svc');
    await migrate(database.ownerUrl, {
      roles: [
        { name: writer.name, appends: ['intakeCase'] },
        { name: reader.name, appends: [], reads: ['*'] },
      ],
    });
    store = new PostgresEventStore(writer.url);
    await store.appendToStream('intakeCase-s1', [caseEvent('s1', 0)], {
      expectedRevision: 'noStream',
    });
  });

  afterAll(async () => {
    await store.close();
    await database.drop();
    fs.rmSync(directory, { recursive: true, force: true });
  });

  const env = async (url: string, prefix: string) => ({
    EVENT_STORE_URL: url,
    EVENT_STORE_SEAL_DIR: path.join(directory, 'seals'),
    EVENT_STORE_SEAL_PRIVATE_KEY: keyFile,
    KAFKA_BROKERS: (await getTestInfrastructure()).kafkaBrokers.join(','),
    KAFKA_TOPIC_PREFIX: prefix,
    SEAL_INTERVAL_MS: '200',
  });

  it("refuses to run as a service's role, which would sign only that service's streams", async () => {
    const sealer = runSealer(await env(writer.url, createTopicPrefix()));
    expect(await sealer.exited).toBe(1);
    expect(sealer.output()).toMatch(/may not read every stream category.*dinsos_sealer/);
    expect(fs.existsSync(path.join(directory, 'seals'))).toBe(false);
  }, 60_000);

  it('seals on its schedule, publishes every seal, and stops on SIGTERM', async () => {
    const prefix = createTopicPrefix();
    const sealer = runSealer(await env(reader.url, prefix));
    const kafka = await sharedKafka('sealer-test');
    const received: Seal[] = [];
    const consumer = kafka.consumer({ groupId: `${prefix}seal-reader` });
    try {
      await waitFor('the sealer to start', async () =>
        /sealing every 200 ms/.test(sealer.output()),
      );
      await consumer.connect();
      await consumer.subscribe({ topic: `${prefix}dinsos.audit.seals.v1`, fromBeginning: true });
      await consumer.run({
        eachMessage: async ({ message }) =>
          void received.push(JSON.parse(message.value!.toString())),
      });
      await waitFor('the first seal', async () => received.length === 1);
      await store.appendToStream('intakeCase-s2', [caseEvent('s2', 0)], {
        expectedRevision: 'noStream',
      });
      await waitFor('a seal of the new stream', async () => received.length === 2);
      expect(received.map((seal) => seal.streams.map((head) => head.streamId))).toEqual([
        ['intakeCase-s1'],
        ['intakeCase-s2'],
      ]);
      expect(received.every((seal) => isSealSignatureValid(seal, [keys.publicKeyPem]))).toBe(true);
      sealer.child.kill('SIGTERM');
      expect(await sealer.exited).toBe(0);
    } finally {
      await consumer.disconnect();
      if (sealer.child.exitCode === null) sealer.child.kill('SIGKILL');
    }
  }, 90_000);
});
