import { migrateOwnershipTable } from '@dinsos/auth';
import { migrate as migrateEventStore } from '@dinsos/event-store';
import { migrateMessaging } from '@dinsos/messaging';
import { migrateIdempotencyTable } from '../idempotency/idempotency-schema';

/**
 * Everything a service's database needs, as the owner role: the event store, messaging's relay
 * checkpoint/inbox/parking tables, the idempotency records and the ownership table. Each part
 * migrates under its own advisory lock, so instances may start together. The app role gets only
 * what the service does with each table.
 */
export async function migrateServiceDatabase(
  ownerUrl: string,
  options: { appRole: string },
): Promise<void> {
  await migrateEventStore(ownerUrl, { appRole: options.appRole });
  await migrateMessaging(ownerUrl, { appRole: options.appRole });
  await migrateIdempotencyTable(ownerUrl, { appRole: options.appRole });
  await migrateOwnershipTable(ownerUrl, { appRole: options.appRole });
}
