// The services `npm start` runs on the local infrastructure, each as its own Node process (the
// way it runs in production: the service's main.ts, configured only by environment variables).
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { Client } from 'pg';
import { cacheDir, repoRoot } from './paths';
import { PortTakenError, isPortAnswering } from './ports';

/**
 * The roles every database of the system uses, as in production and in the tests
 * (libs/testing): the owner runs the migrations and owns the tables; the app role is what the
 * services connect as and owns nothing. Development passwords only.
 */
export const localRoles = {
  owner: { name: 'dinsos_owner', password: 'dinsos_owner' },
  app: { name: 'dinsos_app', password: 'dinsos_app' },
} as const;

function withCredentials(url: string, user: string, password: string, database: string): string {
  const parsed = new URL(url);
  parsed.username = user;
  parsed.password = password;
  parsed.pathname = `/${database}`;
  return parsed.toString();
}

/**
 * Creates the roles (once per cluster, under an advisory lock, skipping those that exist) and a
 * service's database owned by the owner role, which the app role may connect to.
 */
export async function ensureServiceDatabase(
  adminUrl: string,
  database: string,
): Promise<{ ownerUrl: string; appUrl: string }> {
  if (!/^[a-z_][a-z0-9_]*$/.test(database)) throw new Error(`invalid database name ${database}`);
  const client = new Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await client.query('select pg_advisory_lock(hashtext($1))', ['dinsos-local-roles']);
    try {
      for (const role of [localRoles.owner, localRoles.app]) {
        const found = await client.query('select 1 from pg_roles where rolname = $1', [role.name]);
        if (found.rowCount) continue;
        await client.query(
          `create role ${role.name} login nosuperuser nocreatedb nocreaterole password '${role.password}'`,
        );
      }
      const exists = await client.query('select 1 from pg_database where datname = $1', [database]);
      if (!exists.rowCount) {
        await client.query(`create database ${database} owner ${localRoles.owner.name}`);
        await client.query(`revoke all on database ${database} from public`);
        await client.query(`grant connect on database ${database} to ${localRoles.app.name}`);
      }
    } finally {
      await client.query('select pg_advisory_unlock(hashtext($1))', ['dinsos-local-roles']);
    }
  } finally {
    await client.end();
  }
  return {
    ownerUrl: withCredentials(adminUrl, localRoles.owner.name, localRoles.owner.password, database),
    appUrl: withCredentials(adminUrl, localRoles.app.name, localRoles.app.password, database),
  };
}

export interface RunningService {
  name: string;
  url: string;
  logFile: string;
  stop(): Promise<void>;
}

/**
 * Starts a service's main.ts with its environment, its output in .cache/logs/<name>.log, and
 * waits until its liveness answers. A taken port stops the start naming the variable to move it.
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
  const logDir = path.join(cacheDir, 'logs');
  fs.mkdirSync(logDir, { recursive: true });
  const logFile = path.join(logDir, `${options.name}.log`);
  const log = fs.openSync(logFile, 'w');
  const child: ChildProcess = spawn(
    process.execPath,
    ['--disable-warning=TimeoutNegativeWarning', '-r', '@swc-node/register', options.main],
    {
      cwd: repoRoot,
      env: { ...process.env, ...options.env, PORT: String(options.port) },
      stdio: ['ignore', log, log],
    },
  );
  fs.closeSync(log);
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  const url = `http://127.0.0.1:${options.port}`;
  const deadline = Date.now() + (options.timeoutMs ?? 90_000);
  let ready = false;
  while (!ready && Date.now() < deadline && child.exitCode === null) {
    ready = await fetch(`${url}/health`)
      .then((response) => response.ok)
      .catch(() => false);
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
  return { name: options.name, url, logFile, stop };
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
