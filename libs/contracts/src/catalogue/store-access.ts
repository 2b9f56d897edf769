import { contexts, contextNames, serviceNames, type ServiceName } from './contexts';

/**
 * The read side (DESIGN.md sections 2 and 5): services that read every stream category of the one
 * store. Only audit appends, to its own record of who looked at what.
 */
export const readSideServices = ['case-query', 'audit', 'analytics', 'sealer'] as const;
export type ReadSideService = (typeof readSideServices)[number];

/** Audit's own category: who read which case's personal data, and why. */
export const auditAccessCategory = 'auditAccess';

const readSideAppends: Record<ReadSideService, readonly string[]> = {
  'case-query': [],
  audit: [auditAccessCategory],
  analytics: [],
  sealer: [],
};

/** Every service that connects to the one database, write side first (audit once, read side). */
export const systemServices: readonly (ServiceName | ReadSideService)[] = [
  ...serviceNames.filter((service) => !isReadSideService(service)),
  ...readSideServices,
];

export function isReadSideService(service: string): service is ReadSideService {
  return (readSideServices as readonly string[]).includes(service);
}

/** The role a service connects as: `dinsos_<service>` (hyphens become underscores). */
export function serviceRoleName(service: string): string {
  return `dinsos_${service.replace(/-/g, '_')}`;
}

/** The role that owns a service's schema and migrates it at the service's start. */
export function serviceOwnerRoleName(service: string): string {
  return `${serviceRoleName(service)}_owner`;
}

/** The schema of a service's own tables in the one database: its name, underscored. */
export function serviceSchemaName(service: string): string {
  return service.replace(/-/g, '_');
}

export interface ServiceStoreAccess {
  service: string;
  role: string;
  /** Categories it may append to (and read). */
  appends: readonly string[];
  /** Further categories it may read; `['*']` for the read side. */
  reads: readonly string[];
}

/**
 * Which role may append to and read which categories: the names table as data, for the shared
 * migration step to write into the store (event_store.category_access).
 */
export function storeAccessOfSystem(): ServiceStoreAccess[] {
  // Audit owns a context (its access records are events of the contracts) but is read side: it
  // reads every category, so it is listed once, below.
  const writeSide = contextNames
    .filter((name) => !isReadSideService(contexts[name].service))
    .map((name) => {
      const { service, streamCategories } = contexts[name];
      return { service, role: serviceRoleName(service), appends: streamCategories, reads: [] };
    });
  const readSide = readSideServices.map((service) => ({
    service,
    role: serviceRoleName(service),
    appends: readSideAppends[service],
    reads: ['*'],
  }));
  return [...writeSide, ...readSide];
}
