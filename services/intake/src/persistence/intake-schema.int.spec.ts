import { applyMigrations } from '@dinsos/migrations';
import { migrateServiceSchema, migrateSharedParts } from '@dinsos/platform';
import { createTestDatabase, queryAs, type TestDatabase } from '@dinsos/testing';
import { randomUUID } from 'node:crypto';
import { intakeServiceName } from '../intake-config';
import { intakeMigrations, migrateIntakeSchema } from './intake-schema';
import { intakeRoles } from './migrate-intake-database';

describe("intake's schema upgrade to the platform's followed events (real PostgreSQL)", () => {
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
    expect(await migrateIntakeSchema(ownerUrl, { appRole: intakeRoles.app })).toEqual([3]);

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
});
