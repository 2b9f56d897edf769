// `npm run migrate`: the shared parts of the one database, as the store's owner: the event store
// (each service role's stream categories, from the contracts' names table) and the personal-data
// keys. Services migrate their own schemas at their start. Safe to run at any time, from any
// number of places at once.
//   DATABASE_MIGRATION_URL  the store owner's URL of the system database (required)
//   DATABASE_ADMIN_URL      development only: a role that may create roles and databases; first
//                           creates the owner, every service's roles (passwords: their names) and
//                           the database
// Exit 0 done, 1 failed, 2 misconfigured.
import { migrateSharedParts } from './migrate-service-database';
import { createSystemDatabaseForDevelopment } from './system-database';

async function main(): Promise<number> {
  const url = process.env.DATABASE_MIGRATION_URL;
  if (!url || !/^postgres(ql)?:\/\//.test(url) || !URL.canParse(url)) {
    console.error(
      'migrate: DATABASE_MIGRATION_URL must be the postgres:// URL of the role that owns the store',
    );
    return 2;
  }
  const adminUrl = process.env.DATABASE_ADMIN_URL;
  if (adminUrl) {
    await createSystemDatabaseForDevelopment(adminUrl, url);
    console.log('migrate: roles and database are there (development passwords)');
  }
  await migrateSharedParts(url, { log: (line) => console.log(`migrate: event store ${line}`) });
  console.log('migrate: the store, category access and personal data keys are up to date');
  return 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`migrate failed: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  },
);
