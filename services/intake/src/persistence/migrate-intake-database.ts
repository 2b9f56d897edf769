import { migratePersonalData } from '@dinsos/personal-data';
import { migrateServiceDatabase } from '@dinsos/platform';
import { migrateIntakeSchema } from './intake-schema';

/**
 * Everything intake's database needs, as the owner role: the platform's parts (event store,
 * messaging, idempotency, ownership), the personal data keys, and intake's own tables.
 */
export async function migrateIntakeDatabase(
  ownerUrl: string,
  options: { appRole: string },
): Promise<void> {
  await migrateServiceDatabase(ownerUrl, options);
  await migrateIntakeOwnParts(ownerUrl, options);
}

/** The parts the platform does not migrate: personal data keys and intake's tables. */
export async function migrateIntakeOwnParts(
  ownerUrl: string,
  options: { appRole: string },
): Promise<void> {
  await migratePersonalData(ownerUrl, options);
  await migrateIntakeSchema(ownerUrl, options);
}
