import { serviceOwnerRoleName, serviceRoleName, systemServices } from '@dinsos/contracts';
import { ensureDatabase, ensureLoginRoles } from '@dinsos/local-infra';

/** Every service's two roles: what it connects as, and what owns and migrates its schema. */
export const systemRoles = systemServices.map((service) => ({
  service,
  app: serviceRoleName(service),
  owner: serviceOwnerRoleName(service),
}));

/**
 * Development and CI only: the store's owner, every service's roles (passwords: their names)
 * and the system database, on a server where `adminUrl` may create roles and databases. In
 * production the operators create roles with real secrets, and `npm run migrate` does the rest.
 */
export async function createSystemDatabaseForDevelopment(
  adminUrl: string,
  storeOwnerUrl: string,
): Promise<void> {
  const owner = new URL(storeOwnerUrl);
  const ownerName = decodeURIComponent(owner.username);
  const database = decodeURIComponent(owner.pathname.slice(1));
  await ensureLoginRoles(adminUrl, [
    { name: ownerName, password: decodeURIComponent(owner.password) },
    ...systemRoles.flatMap(({ app, owner: schemaOwner }) => [
      { name: app, password: app, idleInTransactionSessionTimeout: '30s' },
      { name: schemaOwner, password: schemaOwner },
    ]),
  ]);
  await ensureDatabase(adminUrl, database, {
    owner: ownerName,
    connect: systemRoles.flatMap(({ app, owner: schemaOwner }) => [app, schemaOwner]),
    createSchemas: systemRoles.map(({ owner: schemaOwner }) => schemaOwner),
  });
}
