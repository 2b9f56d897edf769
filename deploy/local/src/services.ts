// The services `npm start` runs on the local infrastructure, each as its own Node process (the
// way it runs in production: the service's main.ts, configured only by environment variables).
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { urlAs } from './database';
import { cacheDir, repoRoot } from './paths';
import { PortTakenError, isPortAnswering } from './ports';

/** The one database of the whole system, and the role that owns its shared parts. */
export const systemDatabase = 'dinsos';
export const storeOwner = { name: 'dinsos_owner', password: 'dinsos_owner' } as const;

/**
 * Creates the roles and the database (development passwords) and migrates the shared parts:
 * what `npm run migrate` does, run the same way. Returns the store owner's URL.
 */
export async function prepareSystemDatabase(adminUrl: string): Promise<string> {
  const ownerUrl = urlAs(adminUrl, storeOwner.name, storeOwner.password, systemDatabase);
  const migrate = spawn(
    process.execPath,
    ['-r', '@swc-node/register', 'libs/platform/src/runtime/migrate-cli.ts'],
    {
      cwd: repoRoot,
      env: { ...process.env, DATABASE_MIGRATION_URL: ownerUrl, DATABASE_ADMIN_URL: adminUrl },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let output = '';
  migrate.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  migrate.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const code = await new Promise<number | null>((resolve) => migrate.once('exit', resolve));
  if (code !== 0) throw new Error(`npm run migrate failed (exit ${code}):\n${output}`);
  return ownerUrl;
}

/** A service's URLs in the system database: as its role, and as its schema's owner role. */
export function serviceUrls(adminUrl: string, role: string): { appUrl: string; ownerUrl: string } {
  return {
    appUrl: urlAs(adminUrl, role, role, systemDatabase),
    ownerUrl: urlAs(adminUrl, `${role}_owner`, `${role}_owner`, systemDatabase),
  };
}

export interface RunningService {
  name: string;
  url: string;
  logFile: string;
  stop(): Promise<void>;
}

interface RunningProcess {
  logFile: string;
  stop(): Promise<void>;
}

/**
 * Starts a TypeScript entry point of the workspace as its own Node process, its output in
 * .cache/logs/<name>.log, and waits until `isReady` says so (or the process exits).
 */
async function startProcess(options: {
  name: string;
  main: string;
  env: Record<string, string>;
  isReady: (logFile: string) => Promise<boolean>;
  timeoutMs?: number;
}): Promise<RunningProcess> {
  const logDir = path.join(cacheDir, 'logs');
  fs.mkdirSync(logDir, { recursive: true });
  const logFile = path.join(logDir, `${options.name}.log`);
  const log = fs.openSync(logFile, 'w');
  const child: ChildProcess = spawn(
    process.execPath,
    ['--disable-warning=TimeoutNegativeWarning', '-r', '@swc-node/register', options.main],
    { cwd: repoRoot, env: { ...process.env, ...options.env }, stdio: ['ignore', log, log] },
  );
  fs.closeSync(log);
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  const deadline = Date.now() + (options.timeoutMs ?? 90_000);
  let ready = false;
  while (!ready && Date.now() < deadline && child.exitCode === null) {
    ready = await options.isReady(logFile);
    if (!ready) await new Promise((resolve) => setTimeout(resolve, 500));
  }
  const stop = async () => {
    if (child.exitCode !== null) return;
    child.kill('SIGTERM');
    const forced = setTimeout(() => child.kill('SIGKILL'), 20_000);
    await exited;
    clearTimeout(forced);
  };
  if (!ready) {
    await stop();
    const tail = fs.readFileSync(logFile, 'utf8').split('\n').slice(-15).join('\n');
    throw new Error(`${options.name} did not become ready (log: ${logFile}):\n${tail}`);
  }
  return { logFile, stop };
}

/**
 * Starts a service's main.ts with its environment and waits until its liveness answers. A taken
 * port stops the start naming the variable to move it.
 */
export async function startService(options: {
  name: string;
  main: string;
  port: number;
  portVariable: string;
  env: Record<string, string>;
  timeoutMs?: number;
}): Promise<RunningService> {
  if (await isPortAnswering(options.port)) {
    throw new PortTakenError(options.port, options.portVariable, `${options.name} service`);
  }
  const url = `http://127.0.0.1:${options.port}`;
  const started = await startProcess({
    ...options,
    env: { ...options.env, PORT: String(options.port) },
    isReady: () =>
      fetch(`${url}/health`)
        .then((response) => response.ok)
        .catch(() => false),
  });
  return { name: options.name, url, ...started };
}

/**
 * The one sealer of the store (`npm run sealer`), as the sealer role, with a development key
 * pair in .cache/sealing (which it makes on its first start). Ready once it has sealed what is
 * there.
 */
export async function startSealer(options: {
  adminUrl: string;
  kafkaBrokers: string[];
  intervalMs: number;
}): Promise<RunningProcess & { sealDir: string; publicKeyFile: string }> {
  const keyDir = path.join(cacheDir, 'sealing');
  const privateKeyFile = path.join(keyDir, 'private.pem');
  const publicKeyFile = path.join(keyDir, 'public.pem');
  const sealDir = path.join(cacheDir, 'seals');
  const started = await startProcess({
    name: 'sealer',
    main: 'libs/messaging/src/seals/sealer-cli.ts',
    env: {
      NODE_ENV: 'development',
      EVENT_STORE_URL: urlAs(options.adminUrl, 'dinsos_sealer', 'dinsos_sealer', systemDatabase),
      EVENT_STORE_SEAL_DIR: sealDir,
      EVENT_STORE_SEAL_PRIVATE_KEY: privateKeyFile,
      KAFKA_BROKERS: options.kafkaBrokers.join(','),
      SEAL_INTERVAL_MS: String(options.intervalMs),
    },
    isReady: async (logFile) => /sealing every/.test(fs.readFileSync(logFile, 'utf8')),
  });
  return { ...started, sealDir, publicKeyFile };
}

/** A development token from the auth lib's CLI (`npm run token`), which creates the key pair. */
export function devToken(
  role: string,
  officeCode: string,
): { token: string; publicKeyFile: string } {
  const result = spawnSync(
    process.execPath,
    [
      '--disable-warning=TimeoutNegativeWarning',
      '-r',
      '@swc-node/register',
      'libs/auth/src/dev-token-cli.ts',
      '--role',
      role,
      '--office',
      officeCode,
    ],
    { cwd: repoRoot, encoding: 'utf8' },
  );
  if (result.status !== 0) throw new Error(`could not make a dev token: ${result.stderr}`);
  const publicKeyFile = /AUTH_DEV_PUBLIC_KEY_FILE=(\S+)/.exec(result.stderr)?.[1];
  if (!publicKeyFile) throw new Error('the token CLI did not say where its public key is');
  return { token: result.stdout.trim(), publicKeyFile };
}
