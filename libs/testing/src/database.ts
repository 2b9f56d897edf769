import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { getTestInfrastructure } from './infrastructure';

/**
 * The roles every test database uses, as in production: the owner runs migrations and owns the
 * tables; the app role is what services connect as (not a superuser, not an owner).
 */
export const testRoles = {
  owner: { name: 'dinsos_owner', password: 'dinsos_owner' },
  app: { name: 'dinsos_app', password: 'dinsos_app' },
} as const;

export interface TestDatabase {
  name: string;
  /** As the owner role: for migrations and fixtures. */
  ownerUrl: string;
  /** As the app role: what the code under test connects with. */
  appUrl: string;
  /** As the cluster admin: only for what a test must do as superuser (e.g. tampering). */
  adminUrl: string;
  /**
   * A login role of the test's own (not a superuser, owning nothing) that may connect to this
   * database, with its URL; dropped with the database.
   */
  createRole(prefix: string): Promise<{ name: string; url: string }>;
  drop(): Promise<void>;
}

export function withCredentials(
  url: string,
  user: string,
  password: string,
  database?: string,
): string {
  const parsed = new URL(url);
  parsed.username = user;
  parsed.password = password;
  if (database) parsed.pathname = `/${database}`;
  return parsed.toString();
}

async function withAdmin<T>(adminUrl: string, work: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: adminUrl });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

const rolesEnsured = new Map<string, Promise<void>>();

/**
 * Creates the test roles once per cluster (roles are cluster-wide). Safe when many Jest workers
 * start at once: creation runs under an advisory lock and skips roles that exist.
 */
export function ensureTestRoles(adminUrl: string): Promise<void> {
  const key = new URL(adminUrl).host;
  let ensured = rolesEnsured.get(key);
  if (!ensured) {
    ensured = withAdmin(adminUrl, async (client) => {
      const existing = await client.query<{ rolname: string }>(
        'select rolname from pg_roles where rolname = any($1)',
        [[testRoles.owner.name, testRoles.app.name]],
      );
      if (existing.rowCount === 2) return;
      await client.query('select pg_advisory_lock(hashtext($1))', ['dinsos-test-roles']);
      try {
        for (const role of [testRoles.owner, testRoles.app]) {
          const found = await client.query('select 1 from pg_roles where rolname = $1', [
            role.name,
          ]);
          if (found.rowCount) continue;
          await client.query(
            `create role ${role.name} login nosuperuser nocreatedb nocreaterole password '${role.password}'`,
          );
        }
        await client.query(
          `alter role ${testRoles.app.name} set idle_in_transaction_session_timeout = '60s'`,
        );
      } finally {
        await client.query('select pg_advisory_unlock(hashtext($1))', ['dinsos-test-roles']);
      }
    });
    rolesEnsured.set(key, ensured);
  }
  return ensured;
}

/**
 * Drops a test database once its sessions are gone. `pool.end()` resolves before its sockets
 * close, and terminating a session a pool is still closing makes that pool emit an 'error' that
 * fails whatever test runs next: so wait a little for them, and force only what is left after.
 */
async function dropWhenIdle(client: Client, name: string): Promise<void> {
  const deadline = Date.now() + 3000;
  for (;;) {
    try {
      await client.query(`drop database if exists ${name}`);
      return;
    } catch (error) {
      const stillInUse = (error as { code?: string }).code === '55006';
      if (!stillInUse) throw error;
      if (Date.now() > deadline) break;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
  await client.query(`drop database if exists ${name} with (force)`);
}

/**
 * A fresh database for one test file, owned by the owner role; the app role may connect.
 * Call drop() in afterAll: it disconnects whoever is still connected.
 */
export async function createTestDatabase(
  options: { adminUrl?: string; prefix?: string } = {},
): Promise<TestDatabase> {
  const adminUrl = options.adminUrl ?? (await getTestInfrastructure()).adminDatabaseUrl;
  await ensureTestRoles(adminUrl);
  const name = `${options.prefix ?? 't'}_${Date.now().toString(36)}_${randomBytes(4).toString('hex')}`;
  await withAdmin(adminUrl, async (client) => {
    await client.query(`create database ${name} owner ${testRoles.owner.name}`);
    await client.query(`revoke all on database ${name} from public`);
    await client.query(`grant connect on database ${name} to ${testRoles.app.name}`);
  });
  const ownRoles: string[] = [];
  return {
    name,
    createRole: async (prefix) => {
      if (!/^[a-z][a-z0-9_]{0,30}$/.test(prefix)) throw new Error(`bad role prefix ${prefix}`);
      const role = `${prefix}_${randomBytes(4).toString('hex')}`;
      const password = randomBytes(12).toString('hex');
      await withAdmin(adminUrl, async (client) => {
        await client.query(
          `create role ${role} login nosuperuser nocreatedb nocreaterole password '${password}'`,
        );
        await client.query(`alter role ${role} set idle_in_transaction_session_timeout = '60s'`);
        await client.query(`grant connect on database ${name} to ${role}`);
      });
      ownRoles.push(role);
      return { name: role, url: withCredentials(adminUrl, role, password, name) };
    },
    ownerUrl: withCredentials(adminUrl, testRoles.owner.name, testRoles.owner.password, name),
    appUrl: withCredentials(adminUrl, testRoles.app.name, testRoles.app.password, name),
    adminUrl: withCredentials(
      adminUrl,
      decodeURIComponent(new URL(adminUrl).username),
      decodeURIComponent(new URL(adminUrl).password),
      name,
    ),
    drop: () =>
      withAdmin(adminUrl, async (client) => {
        await dropWhenIdle(client, name);
        for (const role of ownRoles.splice(0)) await client.query(`drop role if exists ${role}`);
      }),
  };
}
