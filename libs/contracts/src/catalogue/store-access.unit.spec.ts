import { contexts, contextNames, streamCategories } from './contexts';
import {
  isReadSideService,
  serviceOwnerRoleName,
  serviceRoleName,
  serviceSchemaName,
  storeAccessOfSystem,
} from './store-access';

describe('who may append to and read which categories, from the names table', () => {
  const access = storeAccessOfSystem();

  it('gives each write service exactly its own categories, and no category to two services', () => {
    for (const name of contextNames.filter((c) => !isReadSideService(contexts[c].service))) {
      const { service, streamCategories: own } = contexts[name];
      expect(access.find((a) => a.service === service)).toEqual({
        service,
        role: serviceRoleName(service),
        appends: own,
        reads: [],
      });
    }
    const appended = access.flatMap((a) => a.appends);
    expect(new Set(appended).size).toBe(appended.length);
    expect(streamCategories.every((category) => appended.includes(category))).toBe(true);
  });

  it('lets the read side read everything and append only audit records', () => {
    for (const service of ['case-query', 'audit', 'analytics', 'sealer']) {
      expect(access.find((a) => a.service === service)).toMatchObject({ reads: ['*'] });
    }
    expect(access.filter((a) => a.reads.includes('*')).flatMap((a) => a.appends)).toEqual([
      'auditAccess',
    ]);
  });

  it('lists audit once, as read side, though it owns the auditAccess context', () => {
    expect(access.filter((a) => a.service === 'audit')).toEqual([
      { service: 'audit', role: 'dinsos_audit', appends: ['auditAccess'], reads: ['*'] },
    ]);
    expect(contexts.audit.streamCategories).toEqual(['auditAccess']);
  });

  it('names roles and schemas as plain SQL identifiers', () => {
    expect(serviceRoleName('family-tracing')).toBe('dinsos_family_tracing');
    expect(serviceOwnerRoleName('family-tracing')).toBe('dinsos_family_tracing_owner');
    expect(serviceSchemaName('case-query')).toBe('case_query');
    for (const { role } of access) expect(role).toMatch(/^[a-z_][a-z0-9_]*$/);
  });
});
