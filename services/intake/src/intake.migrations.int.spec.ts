import { applyMigrations } from '@dinsos/migrations';
import {
  NumberSeries,
  Uploads,
  migrateServiceSchema,
  migrateSharedParts,
  withSearchPath,
  withTransaction,
} from '@dinsos/platform';
import { createTestDatabase, queryAs, type TestDatabase } from '@dinsos/testing';
import { randomUUID } from 'node:crypto';
import { Pool } from 'pg';
import { intakeServiceName } from './intake-config';
import { intakeMigrations, migrateIntakeSchema } from './intake.migrations';
import { intakeRoles } from './migrate-intake-database';

const pools: Pool[] = [];
/** The app role's pool with intake's schema as the search path, as the service connects. */
function pool(appUrl: string): Pool {
  const opened = new Pool({ connectionString: withSearchPath(appUrl, 'intake'), max: 2 });
  pools.push(opened);
  return opened;
}

describe("intake's schema upgrades to the platform's tables (real PostgreSQL)", () => {
  let database: TestDatabase;

  beforeAll(async () => {
    database = await createTestDatabase({ prefix: 'intake_upgrade' });
  });

  afterAll(async () => {
    await database?.drop();
  });

  it('keeps every fact noted before the upgrade, and drops the old table', async () => {
    const ownerUrl = database.urlAs(intakeRoles.owner);
    const appUrl = database.urlAs(intakeRoles.app);
    // A deployment from before: versions 1 and 2, with facts in intake.other_service_events.
    await migrateSharedParts(database.ownerUrl);
    await applyMigrations(
      ownerUrl,
      {
        ...intakeMigrations,
        migrations: intakeMigrations.migrations.filter((migration) => migration.version <= 2),
        grants: (app) => `grant usage on schema intake to ${app};
          grant select, insert on intake.other_service_events to ${app};`,
      },
      { appRole: intakeRoles.app },
    );
    const noted = [
      [randomUUID(), '3603-2026-000001', 'RecommendationMade', '2026-03-03T01:00:00.000Z'],
      [randomUUID(), '3603-2026-000002', 'RecommendationMade', '2026-03-04T01:00:00.000Z'],
    ];
    for (const row of noted) {
      await queryAs(
        appUrl,
        `insert into intake.other_service_events (event_id, case_id, event_type, occurred_at)
         values ($1, $2, $3, $4)`,
        row,
      );
    }

    // The next start: the platform's tables first, then intake's own.
    await migrateServiceSchema(ownerUrl, { service: intakeServiceName });
    expect(await migrateIntakeSchema(ownerUrl, { appRole: intakeRoles.app })).toEqual([3, 4]);

    const { rows } = await queryAs<{ row: string[] }>(
      appUrl,
      `select array[event_id::text, case_id, event_type,
              to_char(occurred_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')] as row
       from intake.platform_followed_events order by occurred_at`,
    );
    expect(rows.map((r) => r.row)).toEqual(noted);
    const old = await queryAs(appUrl, "select to_regclass('intake.other_service_events') as t");
    expect(old.rows[0].t).toBeNull();
    // Starting again changes nothing.
    expect(await migrateIntakeSchema(ownerUrl, { appRole: intakeRoles.app })).toEqual([]);
  });

  it('keeps every upload, counter and reserved document number, and numbers on from the last', async () => {
    const upgraded = await createTestDatabase({ prefix: 'intake_upgrade' });
    try {
      const ownerUrl = upgraded.urlAs(intakeRoles.owner);
      const appUrl = upgraded.urlAs(intakeRoles.app);
      await migrateSharedParts(upgraded.ownerUrl);
      await migrateServiceSchema(ownerUrl, { service: intakeServiceName });
      // A deployment from before: versions 1 to 3, with intake's own uploads and numbers.
      await applyMigrations(
        ownerUrl,
        {
          ...intakeMigrations,
          migrations: intakeMigrations.migrations.filter((migration) => migration.version <= 3),
          grants: () => 'select 1',
        },
        { appRole: intakeRoles.app },
      );
      const fileId = 'a'.repeat(64);
      await queryAs(
        ownerUrl,
        `insert into intake.uploads (file_id, subject_id, sha256, media_type, size_bytes, office_code, uploaded_by)
         values ($1, 'client-1', $2, 'image/jpeg', 3, '3603', 'siti')`,
        [fileId, 'b'.repeat(64)],
      );
      await queryAs(
        ownerUrl,
        "insert into intake.number_counters values ('case', '3603', 2026, 41), ('BAST', '3603', 2026, 7)",
      );
      await queryAs(
        ownerUrl,
        `insert into intake.document_numbers (series, case_id, purpose, office_code, year, sequence)
         values ('BAST', '3603-2026-000040', 'shelter-handover', '3603', 2026, 7)`,
      );

      expect(await migrateIntakeSchema(ownerUrl, { appRole: intakeRoles.app })).toEqual([4]);

      const uploads = new Uploads({} as never, pool(appUrl), 1);
      const numbers = new NumberSeries(pool(appUrl));
      expect(await uploads.find([fileId])).toEqual([
        expect.objectContaining({ fileId, subjectId: 'client-1', officeCode: '3603' }),
      ]);
      expect(
        await numbers.reserveDocumentNumber({
          series: 'BAST',
          caseId: '3603-2026-000040',
          purpose: 'shelter-handover',
          officeCode: '3603',
          year: 2026,
        }),
      ).toEqual({ sequence: 7, year: 2026 });
      const next = await withTransaction(pool(appUrl), (transaction) =>
        numbers.next(transaction, 'case', '3603', 2026),
      );
      expect(next).toBe(42);
      for (const table of ['uploads', 'number_counters', 'document_numbers']) {
        const old = await queryAs(appUrl, `select to_regclass('intake.${table}') as t`);
        expect(old.rows[0].t).toBeNull();
      }
    } finally {
      await Promise.all(pools.map((each) => each.end()));
      await upgraded.drop();
    }
  });
});
