import { spawn } from 'node:child_process';
import path from 'node:path';
import { Client } from 'pg';
import { cacheDir } from './paths';
import { parsePort, isPortAnswering, PortTakenError } from './ports';

export type PostgresSource = 'env' | 'local' | 'embedded';

export interface RunningPostgres {
  /** A superuser (or CREATEDB/CREATEROLE) URL: used to create databases and roles, never by services. */
  adminUrl: string;
  source: PostgresSource;
  startedHere: boolean;
  stop(): Promise<void>;
}

export class PostgresStartError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PostgresStartError';
  }
}

/** True when a PostgreSQL server accepts this URL within the timeout. */
export async function canConnect(url: string, timeoutMs = 3000): Promise<boolean> {
  const client = new Client({ connectionString: url, connectionTimeoutMillis: timeoutMs });
  client.on('error', () => undefined);
  try {
    await client.connect();
    await client.query('select 1');
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

export interface EmbeddedPostgresOptions {
  port: number;
  dataDir: string;
  startTimeoutMs?: number;
}

/**
 * Starts an embedded PostgreSQL 15 cluster in a child process (see embedded-postgres-runner.mjs).
 * Its data directory is kept, so a second start is quick; stop() shuts the cluster down.
 */
export function startEmbeddedPostgres(options: EmbeddedPostgresOptions): Promise<RunningPostgres> {
  const runner = path.join(__dirname, 'embedded-postgres-runner.mjs');
  const child = spawn(process.execPath, [runner, String(options.port), options.dataDir], {
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let output = '';
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new PostgresStartError(`embedded PostgreSQL did not start in time:\n${output}`));
    }, options.startTimeoutMs ?? 120_000);
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const ready = /READY (\S+)/.exec(output);
      if (!ready) return;
      clearTimeout(timer);
      resolve({
        adminUrl: ready[1],
        source: 'embedded',
        startedHere: true,
        stop: async () => {
          child.kill('SIGTERM');
          await exited;
        },
      });
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new PostgresStartError(`embedded PostgreSQL exited (code ${code}):\n${output}`));
    });
  });
}

/**
 * Finds PostgreSQL in this order: DATABASE_URL when set; else a server answering on
 * 127.0.0.1:5432 (PGPORT); else an embedded PostgreSQL 15 started on EMBEDDED_PG_PORT (54329).
 */
export async function resolvePostgres(
  log: (line: string) => void = (line) => process.stderr.write(`[postgres] ${line}\n`),
): Promise<RunningPostgres> {
  const fromEnv = process.env.DATABASE_URL;
  if (fromEnv) {
    if (!(await canConnect(fromEnv))) {
      throw new PostgresStartError('DATABASE_URL is set, but no PostgreSQL answers at that URL.');
    }
    return { adminUrl: fromEnv, source: 'env', startedHere: false, stop: async () => undefined };
  }
  const localPort = parsePort(process.env.PGPORT, 'PGPORT', 5432);
  const localUrl = `postgres://postgres@127.0.0.1:${localPort}/postgres`;
  if (await canConnect(localUrl)) {
    log(`using the PostgreSQL server at 127.0.0.1:${localPort}`);
    return { adminUrl: localUrl, source: 'local', startedHere: false, stop: async () => undefined };
  }
  const port = parsePort(process.env.EMBEDDED_PG_PORT, 'EMBEDDED_PG_PORT', 54329);
  const dataDir = path.join(cacheDir, 'embedded-postgres', `cluster-${port}`);
  const embeddedUrl = `postgres://postgres:postgres@127.0.0.1:${port}/postgres`;
  if (await canConnect(embeddedUrl)) {
    log(`found the embedded PostgreSQL already running on port ${port}`);
    return {
      adminUrl: embeddedUrl,
      source: 'embedded',
      startedHere: false,
      stop: async () => undefined,
    };
  }
  if (await isPortAnswering(port))
    throw new PortTakenError(port, 'EMBEDDED_PG_PORT', 'embedded PostgreSQL');
  log(
    `no PostgreSQL found; starting an embedded PostgreSQL 15 on port ${port} (data in ${dataDir})`,
  );
  return startEmbeddedPostgres({ port, dataDir });
}
