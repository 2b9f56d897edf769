import { serviceOwnerRoleName, serviceRoleName } from '@dinsos/contracts';
import { migrateServiceSchema, migrateSharedParts } from '@dinsos/platform';
import { intakeServiceName } from './intake-config';
import { migrateIntakeSchema } from './intake.migrations';

/** The role intake connects as, and the role that owns (and migrates) its schema. */
export const intakeRoles = {
  app: serviceRoleName(intakeServiceName),
  owner: serviceOwnerRoleName(intakeServiceName),
};

/**
 * Everything a database holding intake needs, as the tests and `npm start` lay it out: the shared
 * parts as the store's owner (what `npm run migrate` does), then intake's schema as its owner role
 * (what intake does at its start): the platform's tables and intake's own.
 */
export async function migrateIntakeDatabase(urls: {
  storeOwnerUrl: string;
  intakeOwnerUrl: string;
}): Promise<void> {
  await migrateSharedParts(urls.storeOwnerUrl);
  await migrateServiceSchema(urls.intakeOwnerUrl, { service: intakeServiceName });
  await migrateIntakeOwnParts(urls.intakeOwnerUrl, { appRole: intakeRoles.app });
}

/** The part the platform does not migrate: intake's own tables in its schema. */
export async function migrateIntakeOwnParts(
  ownerUrl: string,
  options: { appRole: string },
): Promise<void> {
  await migrateIntakeSchema(ownerUrl, options);
}
