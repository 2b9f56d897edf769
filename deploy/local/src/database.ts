// Roles and databases on a PostgreSQL cluster, for development, tests and `npm start`: the
// infrastructure's part (it needs a role that may create roles and databases). Which roles the
// system has is the contracts' names table; callers pass them in.
import { Client } from 'pg';

export interface LoginRole {
  name: string;
  password: string;
  /** For roles services connect as: a transaction left open holds back every store reader. */
  idleInTransactionSessionTimeout?: string;
}

const plainName = /^[a-z_][a-z0-9_]*$/;

/** One connection for one piece of work, closed afterwards whatever happens. */
export async function withClient<T>(url: string, work: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/**
 * Creates the login roles that do not exist yet (never superusers, never able to create roles or
 * databases), under an advisory lock so that parallel starters do not race, and sets each one's
 * idle-in-transaction timeout. Existing roles keep their passwords.
 */
export async function ensureLoginRoles(
  adminUrl: string,
  roles: readonly LoginRole[],
): Promise<void> {
  for (const role of roles) {
    if (!plainName.test(role.name)) throw new Error(`invalid role name ${role.name}`);
  }
  await withClient(adminUrl, async (client) => {
    const names = roles.map((role) => role.name);
    const existing = await client.query<{ rolname: string }>(
      'select rolname from pg_roles where rolname = any($1)',
      [names],
    );
    if (existing.rowCount === roles.length) return;
    await client.query('select pg_advisory_lock(hashtext($1))', ['dinsos-local-roles']);
    try {
      for (const role of roles) {
        const found = await client.query('select 1 from pg_roles where rolname = $1', [role.name]);
        if (found.rowCount) continue;
        await client.query(
          `create role ${role.name} login nosuperuser nocreatedb nocreaterole password ${client.escapeLiteral(role.password)}`,
        );
        if (role.idleInTransactionSessionTimeout) {
          await client.query(
            `alter role ${role.name} set idle_in_transaction_session_timeout = ${client.escapeLiteral(role.idleInTransactionSessionTimeout)}`,
          );
        }
      }
    } finally {
      await client.query('select pg_advisory_unlock(hashtext($1))', ['dinsos-local-roles']);
    }
  });
}

/**
 * Creates the database (owned by `owner`, closed to PUBLIC) if missing, and grants CONNECT to the
 * given roles and CREATE to those that create a schema of their own (services' owner roles).
 */
export async function ensureDatabase(
  adminUrl: string,
  database: string,
  access: { owner: string; connect: readonly string[]; createSchemas: readonly string[] },
): Promise<void> {
  for (const name of [database, access.owner, ...access.connect, ...access.createSchemas]) {
    if (!plainName.test(name)) throw new Error(`invalid name ${name}`);
  }
  await withClient(adminUrl, async (client) => {
    await client.query('select pg_advisory_lock(hashtext($1))', ['dinsos-local-databases']);
    try {
      const exists = await client.query('select 1 from pg_database where datname = $1', [database]);
      if (!exists.rowCount) {
        await client.query(`create database ${database} owner ${access.owner}`);
        await client.query(`revoke all on database ${database} from public`);
      }
      if (access.connect.length) {
        await client.query(`grant connect on database ${database} to ${access.connect.join(', ')}`);
      }
      if (access.createSchemas.length) {
        await client.query(
          `grant create on database ${database} to ${access.createSchemas.join(', ')}`,
        );
      }
    } finally {
      await client.query('select pg_advisory_unlock(hashtext($1))', ['dinsos-local-databases']);
    }
  });
}

/** The URL of a database on the same server, as another role. */
export function urlAs(url: string, role: string, password: string, database?: string): string {
  const parsed = new URL(url);
  parsed.username = role;
  parsed.password = password;
  if (database) parsed.pathname = `/${database}`;
  return parsed.toString();
}
