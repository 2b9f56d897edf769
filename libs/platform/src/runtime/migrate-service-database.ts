import { migrateOwnershipTable } from '@dinsos/auth';
import { serviceRoleName, serviceSchemaName, storeAccessOfSystem } from '@dinsos/contracts';
import { migrate as migrateEventStore } from '@dinsos/event-store';
import { migrateMessaging } from '@dinsos/messaging';
import { migratePersonalData } from '@dinsos/personal-data';
import { migrateFollowedEventsTable } from '../following/followed-events-schema';
import { migrateIdempotencyTable } from '../idempotency/idempotency-schema';
import { migrateNumberSeriesTables } from '../numbers/numbers-schema';
import { migrateProjectionCheckpoints } from '../projections/projection-schema';
import { migrateTimersTable } from '../timers/timers-schema';
import { migrateUploadsTable } from '../uploads/uploads-schema';

/**
 * The shared parts of the one database, as their owner (`npm run migrate`, called by `npm start`
 * and the test harnesses): the event store with each service role's category access from the
 * names table (contracts), and the personal data keys with every service role's grants. Any
 * number of starters may run it at once (each part migrates under its own advisory lock).
 */
export async function migrateSharedParts(
  ownerUrl: string,
  options: { log?: (line: string) => void } = {},
): Promise<void> {
  const access = storeAccessOfSystem();
  await migrateEventStore(ownerUrl, {
    roles: access.map(({ role, appends, reads }) => ({ name: role, appends, reads })),
    log: options.log,
  });
  for (const { role } of access) await migratePersonalData(ownerUrl, { appRole: role });
}

/**
 * A service's own schema, as the role that owns it (the service's DATABASE_MIGRATION_URL, at
 * every start): messaging's relay checkpoint, inbox and parking tables, the idempotency records,
 * the ownership table, the timers, the projection checkpoints, the followed events, the uploads
 * and the number series, with their
 * grants to the service's role applied again. Nothing else of the database: the shared parts are
 * migrateSharedParts's.
 */
export async function migrateServiceSchema(
  ownerUrl: string,
  options: { service: string; appRole?: string; schema?: string },
): Promise<void> {
  const apply = {
    appRole: options.appRole ?? serviceRoleName(options.service),
    schema: options.schema ?? serviceSchemaName(options.service),
  };
  await migrateMessaging(ownerUrl, apply);
  await migrateIdempotencyTable(ownerUrl, apply);
  await migrateOwnershipTable(ownerUrl, apply);
  await migrateTimersTable(ownerUrl, apply);
  await migrateProjectionCheckpoints(ownerUrl, apply);
  await migrateFollowedEventsTable(ownerUrl, apply);
  await migrateUploadsTable(ownerUrl, apply);
  await migrateNumberSeriesTables(ownerUrl, apply);
}

/**
 * A database of one service alone (a library's or service's own test database): the store, with
 * the app role allowed every category, and the service's schema, both as one owner role.
 */
export async function migrateServiceDatabase(
  ownerUrl: string,
  options: { appRole: string; service: string; schema?: string },
): Promise<void> {
  await migrateEventStore(ownerUrl, { appRole: options.appRole });
  await migrateServiceSchema(ownerUrl, options);
}

/**
 * The URL with the service's schema as the search path of every session opened with it, so the
 * platform's unqualified tables (messaging_inbox, platform_idempotency, …) are the service's own.
 */
export function withSearchPath(url: string, schema: string): string {
  if (!/^[a-z_][a-z0-9_]*$/.test(schema)) throw new Error(`invalid schema name "${schema}"`);
  const parsed = new URL(url);
  parsed.searchParams.set('options', `-c search_path=${schema}`);
  return parsed.toString();
}
