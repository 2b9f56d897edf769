import { randomBytes } from 'node:crypto';
import { serviceOwnerRoleName, serviceRoleName, systemServices } from '@dinsos/contracts';
import { ensureDatabase, ensureLoginRoles, withClient } from '@dinsos/local-infra';
import type { Client, QueryResult, QueryResultRow } from 'pg';
import { getTestInfrastructure } from './infrastructure';

/**
 * The roles every test database uses, as in production: the owner runs migrations and owns the
 * tables; the app role is what services connect as (not a superuser, not an owner).
 */
export const testRoles = {
  owner: { name: 'dinsos_owner', password: 'dinsos_owner' },
  app: { name: 'dinsos_app', password: 'dinsos_app' },
} as const;

/**
 * Every service's roles, as the one database of the system has them: `dinsos_<service>` (what the
 * service connects as) and `dinsos_<service>_owner` (owns its schema, migrates it at start).
 * Development passwords: the role's name.
 */
export const serviceRoles = systemServices.map((service) => ({
  service,
  app: serviceRoleName(service),
  owner: serviceOwnerRoleName(service),
}));

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
  /** This database as one of the service roles (`serviceRoles`), with its development password. */
  urlAs(role: string): string;
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

const rolesEnsured = new Map<string, Promise<void>>();

/**
 * Creates the test roles and every service's roles once per cluster (roles are cluster-wide).
 * Safe when many Jest workers start at once (see ensureLoginRoles). Development passwords.
 */
export function ensureTestRoles(adminUrl: string): Promise<void> {
  const key = new URL(adminUrl).host;
  let ensured = rolesEnsured.get(key);
  if (!ensured) {
    ensured = ensureLoginRoles(adminUrl, [
      testRoles.owner,
      { ...testRoles.app, idleInTransactionSessionTimeout: '60s' },
      ...serviceRoles.flatMap(({ app, owner }) => [
        { name: app, password: app, idleInTransactionSessionTimeout: '60s' },
        { name: owner, password: owner },
      ]),
    ]);
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
  await ensureDatabase(adminUrl, name, {
    owner: testRoles.owner.name,
    connect: [testRoles.app.name, ...serviceRoles.flatMap((r) => [r.app, r.owner])],
    // A service's owner role creates its own schema at the service's first start.
    createSchemas: serviceRoles.map((r) => r.owner),
  });
  const ownRoles: string[] = [];
  return {
    name,
    createRole: async (prefix) => {
      if (!/^[a-z][a-z0-9_]{0,30}$/.test(prefix)) throw new Error(`bad role prefix ${prefix}`);
      const role = `${prefix}_${randomBytes(4).toString('hex')}`;
      const password = randomBytes(12).toString('hex');
      await withClient(adminUrl, async (client) => {
        await client.query(
          `create role ${role} login nosuperuser nocreatedb nocreaterole password '${password}'`,
        );
        await client.query(`alter role ${role} set idle_in_transaction_session_timeout = '60s'`);
        await client.query(`grant connect on database ${name} to ${role}`);
      });
      ownRoles.push(role);
      return { name: role, url: withCredentials(adminUrl, role, password, name) };
    },
    urlAs: (role) => {
      if (!serviceRoles.some((r) => r.app === role || r.owner === role))
        throw new Error(`${role} is not one of the service roles`);
      return withCredentials(adminUrl, role, role, name);
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
      withClient(adminUrl, async (client) => {
        await dropWhenIdle(client, name);
        for (const role of ownRoles.splice(0)) await client.query(`drop role if exists ${role}`);
      }),
  };
}

/** One statement on its own connection: for a test that acts as a given role, or checks as one. */
export function queryAs<R extends QueryResultRow = QueryResultRow>(
  url: string,
  sql: string,
  values: unknown[] = [],
): Promise<QueryResult<R>> {
  return withClient(url, (client) => client.query<R>(sql, values));
}
