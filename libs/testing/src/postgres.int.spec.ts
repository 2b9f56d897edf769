import { Client } from 'pg';
import { createTestDatabase, getTestInfrastructure, testRoles, type TestDatabase } from './index';

async function query<T extends object>(url: string, sql: string, params: unknown[] = []) {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(sql, params)).rows;
  } finally {
    await client.end();
  }
}

describe('a test database', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(async () => {
    await db.drop();
  });

  it('lets the owner create a table that the app role uses but cannot drop', async () => {
    await query(db.ownerUrl, 'create table visit (id bigint primary key, office text not null)');
    await query(db.ownerUrl, `grant select, insert on visit to ${testRoles.app.name}`);
    await query(db.appUrl, "insert into visit values (1, '3603'), (2, '36')");
    const rows = await query<{ office: string }>(db.appUrl, 'select office from visit order by id');
    expect(rows.map((r) => r.office)).toEqual(['3603', '36']);
    await expect(query(db.appUrl, 'drop table visit')).rejects.toThrow(/must be owner/);
  });

  it('connects the app role as neither superuser nor owner', async () => {
    const [role] = await query<{ rolsuper: boolean; current_user: string }>(
      db.appUrl,
      'select rolsuper, current_user from pg_roles where rolname = current_user',
    );
    expect(role).toEqual({ rolsuper: false, current_user: testRoles.app.name });
  });

  it('is gone after drop()', async () => {
    const other = await createTestDatabase();
    await other.drop();
    const { adminDatabaseUrl } = await getTestInfrastructure();
    const found = await query(adminDatabaseUrl, 'select 1 from pg_database where datname = $1', [
      other.name,
    ]);
    expect(found).toHaveLength(0);
  });
});
