import { generateDevKeyPair, signDevToken } from '@dinsos/auth';
import { migrate } from '@dinsos/event-store';
import {
  createTestDatabase,
  createTopicPrefix,
  getTestInfrastructure,
  testRoles,
  type TestDatabase,
} from '@dinsos/testing';
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { Pool } from 'pg';

const workspace = path.resolve(__dirname, '../../../..');
const mainScript = path.join(workspace, 'libs/platform/example-service/main.ts');

interface Running {
  child: ChildProcess;
  stdout: string[];
  stderr: string[];
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** Runs the example service's main.ts as its own process, as `node` would in production. */
function runService(env: Record<string, string>): Running {
  const child = spawn(process.execPath, ['-r', '@swc-node/register', mainScript], {
    cwd: workspace,
    // Only what is given: the test run's DATABASE_URL / KAFKA_BROKERS must not leak in.
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const stdout: string[] = [];
  const stderr: string[] = [];
  let partial = '';
  child.stdout!.on('data', (chunk: Buffer) => {
    const lines = (partial + chunk.toString('utf8')).split('\n');
    partial = lines.pop() ?? '';
    stdout.push(...lines.filter(Boolean));
  });
  child.stderr!.on('data', (chunk: Buffer) => stderr.push(chunk.toString('utf8')));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  return { child, stdout, stderr, exited };
}

async function waitForLine(
  running: Running,
  test: (line: Record<string, unknown>) => boolean,
  what: string,
) {
  const deadline = Date.now() + 45_000;
  while (Date.now() < deadline) {
    for (const text of running.stdout) {
      if (!text.startsWith('{')) continue;
      const line = JSON.parse(text) as Record<string, unknown>;
      if (test(line)) return line;
    }
    if (running.child.exitCode !== null)
      throw new Error(`the service exited: ${running.stderr.join('')}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`timed out waiting for ${what}; stderr: ${running.stderr.join('')}`);
}

describe('bootstrapService (the example service as a process)', () => {
  let database: TestDatabase | undefined;
  let running: Running | undefined;

  afterAll(async () => {
    if (running && running.child.exitCode === null) running.child.kill('SIGKILL');
    await database?.drop();
  });

  it('stops at once with exit code 1 and one message naming every bad or missing variable', async () => {
    const failed = runService({ PORT: 'eighty', EXAMPLE_FIRST_CONTACT_AFTER_DAYS: '99' });
    const { code } = await failed.exited;
    expect(code).toBe(1);
    const message = failed.stderr.join('');
    expect(message).toMatch(/^example cannot start: its configuration is not valid\.\n/);
    for (const variable of [
      'PORT',
      'DATABASE_URL',
      'KAFKA_BROKERS',
      'AUTH_JWKS_URL',
      'EXAMPLE_FIRST_CONTACT_AFTER_DAYS',
    ]) {
      expect(message).toMatch(new RegExp(`^  ${variable} `, 'm'));
    }
  });

  it('names an unreadable dev key file', async () => {
    const failed = runService({
      DATABASE_URL: 'postgres://dinsos_app:x@127.0.0.1:5432/x',
      KAFKA_BROKERS: '127.0.0.1:9092',
      AUTH_DEV_PUBLIC_KEY_FILE: '/nonexistent/public.pem',
    });
    expect((await failed.exited).code).toBe(1);
    expect(failed.stderr.join('')).toContain(
      'AUTH_DEV_PUBLIC_KEY_FILE cannot read /nonexistent/public.pem',
    );
  });

  it('migrates its schema as the owner, serves as the app role, and on SIGTERM finishes the request in flight', async () => {
    database = await createTestDatabase();
    // The shared parts are `npm run migrate`'s, before any service starts.
    await migrate(database.ownerUrl, { appRole: testRoles.app.name });
    const { kafkaBrokers } = await getTestInfrastructure();
    const keys = await generateDevKeyPair();
    const keyFile = path.join(
      fs.mkdtempSync(path.join(os.tmpdir(), 'dinsos-dev-key-')),
      'public.pem',
    );
    fs.writeFileSync(keyFile, keys.publicKeyPem);
    running = runService({
      PORT: '0',
      DATABASE_URL: database.appUrl,
      DATABASE_MIGRATION_URL: database.ownerUrl,
      KAFKA_BROKERS: kafkaBrokers.join(','),
      KAFKA_TOPIC_PREFIX: createTopicPrefix(),
      AUTH_DEV_PUBLIC_KEY_FILE: keyFile,
      UPLOAD_MAX_BYTES: '1000000',
    });
    const listening = await waitForLine(
      running,
      (line) => line.msg === 'listening',
      'the service to listen',
    );
    const port = listening.port as number;

    const ready = await fetch(`http://127.0.0.1:${port}/health`);
    expect(ready.status).toBe(200);

    // The ownership row the projection would write (no intake here); the migration created the
    // table, in the service's own schema.
    const pool = new Pool({ connectionString: database.appUrl });
    await pool.query(
      `insert into example.auth_case_ownership (case_id, owning_office_code, updated_by_event_id) values ('case-s', '3603', gen_random_uuid())`,
    );
    await pool.end();

    const token = await signDevToken(keys.privateKeyPem, {
      role: 'social-worker',
      officeCode: '3603',
    });
    const chunk = Buffer.alloc(64 * 1024, 1);
    const upload = http.request({
      host: '127.0.0.1',
      port,
      method: 'POST',
      path: '/cases/case-s/attachments',
      headers: {
        Authorization: `Bearer ${token}`,
        'Content-Type': 'application/octet-stream',
        'Content-Length': String(chunk.length * 2),
        Expect: '100-continue',
      },
    });
    const answered = new Promise<{ status: number; body: string }>((resolve, reject) => {
      upload.once('response', (response) => {
        let body = '';
        response.on('data', (part: Buffer) => (body += part.toString('utf8')));
        response.once('end', () => resolve({ status: response.statusCode ?? 0, body }));
      });
      upload.once('error', reject);
    });
    // 100 Continue: the server has taken the request; it is in flight from here on.
    await new Promise<void>((resolve) => upload.once('continue', resolve));
    upload.write(chunk);

    running.child.kill('SIGTERM');
    await waitForLine(running, (line) => line.msg === 'shutting down', 'the shutdown to begin');
    upload.end(chunk);

    const response = await answered;
    expect(response.status).toBe(201);
    expect(JSON.parse(response.body)).toMatchObject({ bytes: chunk.length * 2 });
    const exit = await running.exited;
    // Nest re-raises the signal after closing, so the process ends as a SIGTERM'd process would.
    expect(exit.signal === 'SIGTERM' || exit.code === 0).toBe(true);
    expect(running.stdout.some((line) => line.includes('shutdown took too long'))).toBe(false);
  }, 90_000);
});
