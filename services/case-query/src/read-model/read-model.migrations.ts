import { Client } from 'pg';
import { DataSource, type MigrationInterface, type QueryRunner } from 'typeorm';
import { caseListSortSql } from '../cases/case-list.cursor';

/** The read model's tables; unqualified, so they land in the schema on the search path. */
export class ReadModelTables1765000000001 implements MigrationInterface {
  name = 'ReadModelTables1765000000001';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      create table case_summaries (
        case_id text primary key,
        case_number text,
        office_code text,
        stage text,
        custodian_kind text,
        client_category text,
        standard_code text,
        standard_version integer,
        reported_at timestamptz,
        opened_at timestamptz,
        closed_at timestamptz,
        next_due_at timestamptz,
        late_clocks integer not null default 0,
        read_grant_office_codes text[] not null default '{}',
        last_position text not null,
        summary jsonb not null
      )`);
    // The lists' orders, each within an office (the scope is a prefix pattern on office_code).
    await queryRunner.query(
      `create index case_summaries_opened on case_summaries (office_code, opened_at, case_id)`,
    );
    await queryRunner.query(
      `create index case_summaries_due on case_summaries (office_code, next_due_at, case_id)`,
    );
    await queryRunner.query(
      `create index case_summaries_number on case_summaries (case_number text_pattern_ops)`,
    );
    await queryRunner.query(`
      create table complaint_summaries (
        complaint_id text primary key,
        complaint_number text,
        office_code text,
        case_id text,
        status text,
        received_at timestamptz,
        last_position text not null,
        summary jsonb not null
      )`);
    await queryRunner.query(
      `create index complaint_summaries_office on complaint_summaries (office_code, received_at)`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('drop table complaint_summaries');
    await queryRunner.query('drop table case_summaries');
  }
}

/**
 * The lists' orders as indexes on their very sort keys (the `coalesce`s of case-list.cursor.ts),
 * over the cases the lists show (`stage is not null`): a page is then an index scan that stops
 * after the page, where it was a scan and sort of every case in scope (100-200 ms at 100,000
 * cases, 0.1-1 ms with these). Each once for the province (its scope is every office) and once
 * per office first (a regency's scope is its office).
 */
export class ListOrderIndexes1765000000002 implements MigrationInterface {
  name = 'ListOrderIndexes1765000000002';

  async up(queryRunner: QueryRunner): Promise<void> {
    for (const [name, key] of listOrderKeys) {
      await queryRunner.query(
        `create index case_summaries_by_${name} on case_summaries ((${key}), case_id)
          where stage is not null`,
      );
      await queryRunner.query(
        `create index case_summaries_office_by_${name} on case_summaries
          (office_code, (${key}), case_id) where stage is not null`,
      );
    }
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const [name] of listOrderKeys) {
      await queryRunner.query(`drop index case_summaries_by_${name}`);
      await queryRunner.query(`drop index case_summaries_office_by_${name}`);
    }
  }
}

const listOrderKeys: ReadonlyArray<readonly [string, string]> = [
  ['opened', caseListSortSql.openedAt.key],
  ['due', caseListSortSql.nextDueAt.key],
  ['number', caseListSortSql.caseNumber.key],
];

export const readModelMigrations = [ReadModelTables1765000000001, ListOrderIndexes1765000000002];

/** Where TypeORM records the migrations it ran, in the service's schema. */
export const readModelMigrationsTable = 'case_query_typeorm_migrations';

const sqlName = /^[a-z_][a-z0-9_]*$/;

/**
 * The read model's tables, as the schema's owner (bootstrapService's `migrations`, and the
 * harness's), after the platform's: TypeORM migrations under an advisory lock (TypeORM takes
 * none, and several instances may start at once), then the app role's grants, applied again at
 * every start. Returns the migrations run now.
 */
export async function migrateReadModel(
  ownerUrl: string,
  options: { appRole: string; schema: string },
): Promise<string[]> {
  if (!sqlName.test(options.schema) || !sqlName.test(options.appRole)) {
    throw new Error(`not plain SQL names: ${options.schema}, ${options.appRole}`);
  }
  const lock = new Client({ connectionString: ownerUrl });
  await lock.connect();
  const dataSource = new DataSource({
    type: 'postgres',
    url: ownerUrl,
    migrations: readModelMigrations,
    migrationsTableName: readModelMigrationsTable,
    migrationsTransactionMode: 'all',
    extra: { options: `-c search_path=${options.schema}`, max: 1 },
  });
  try {
    await lock.query('select pg_advisory_lock(hashtext($1))', [
      `${options.schema}.read-model-migrations`,
    ]);
    await dataSource.initialize();
    const ran = await dataSource.runMigrations({ transaction: 'all' });
    await dataSource.query(
      `grant select, insert, update, delete on case_summaries, complaint_summaries to ${options.appRole}`,
    );
    return ran.map((migration) => migration.name);
  } finally {
    if (dataSource.isInitialized) await dataSource.destroy();
    await lock.end();
  }
}
