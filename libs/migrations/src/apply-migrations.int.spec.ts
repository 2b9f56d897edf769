import { Client } from 'pg';
import {
  createTestDatabase,
  getTestInfrastructure,
  testRoles,
  type TestDatabase,
} from '@dinsos/testing';
import { applyMigrations, MigrationRefused, type MigrationSet } from './index';

const set: MigrationSet = {
  name: 'example',
  versionTable: 'example.schema_version',
  prepare: 'create schema if not exists example',
  migrations: [
    {
      version: 2,
      name: 'notes',
      sql: (app) =>
        `alter table example.visit add column notes text; grant usage on schema example to ${app}; grant select on example.visit to ${app}`,
    },
    { version: 1, name: 'visit', sql: () => 'create table example.visit (id int primary key)' },
  ],
};

async function rows(url: string, sql: string) {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(sql)).rows;
  } finally {
    await client.end();
  }
}

describe('applyMigrations', () => {
  let db: TestDatabase;
  beforeEach(async () => {
    db = await createTestDatabase();
  });
  afterEach(async () => {
    await db.drop();
  });

  it('applies each version once, in order, however many instances start at once', async () => {
    const results = await Promise.all(
      Array.from({ length: 5 }, () =>
        applyMigrations(db.ownerUrl, set, { appRole: testRoles.app.name }),
      ),
    );
    expect(results.flat()).toEqual([1, 2]);
    expect(
      await rows(db.ownerUrl, 'select version from example.schema_version order by version'),
    ).toEqual([{ version: 1 }, { version: 2 }]);
    await expect(rows(db.appUrl, 'select id, notes from example.visit')).resolves.toEqual([]);
    await expect(rows(db.appUrl, 'insert into example.visit values (1)')).rejects.toThrow(
      /permission denied/,
    );
  });

  it('rolls a failing migration back and records nothing for it', async () => {
    const broken: MigrationSet = {
      ...set,
      migrations: [
        ...set.migrations,
        { version: 3, name: 'broken', sql: () => 'create table example.t (x int); select 1/0' },
      ],
    };
    await expect(
      applyMigrations(db.ownerUrl, broken, { appRole: testRoles.app.name }),
    ).rejects.toThrow(/division by zero/);
    expect(await rows(db.ownerUrl, 'select max(version) as v from example.schema_version')).toEqual(
      [{ v: 2 }],
    );
    expect(await rows(db.ownerUrl, "select to_regclass('example.t') as t")).toEqual([{ t: null }]);
  });

  it('refuses an app role that is a superuser, the migrating role itself, or not a plain name', async () => {
    const admin = decodeURIComponent(
      new URL((await getTestInfrastructure()).adminDatabaseUrl).username,
    );
    await expect(applyMigrations(db.ownerUrl, set, { appRole: admin })).rejects.toBeInstanceOf(
      MigrationRefused,
    );
    await expect(
      applyMigrations(db.ownerUrl, set, { appRole: testRoles.owner.name }),
    ).rejects.toThrow(/neither/);
    await expect(
      applyMigrations(db.ownerUrl, set, { appRole: 'app; drop table x' }),
    ).rejects.toThrow(/invalid app role/);
  });
});
