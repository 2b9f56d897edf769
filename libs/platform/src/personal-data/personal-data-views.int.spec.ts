// PersonalFields.payloadFor on a real vault (real PostgreSQL): decrypted with an access, withheld
// without one, erased as erased.
import { createPersonalDataVault, migratePersonalData } from '@dinsos/personal-data';
import { createTestDatabase, testRoles, type TestDatabase } from '@dinsos/testing';
import { randomUUID } from 'node:crypto';
import { Pool } from 'pg';
import { migrateServiceDatabase, withSearchPath } from '../runtime/migrate-service-database';
import { purposeRule, withheldField } from './personal-data-views';
import { PersonalFields } from './personal-fields';

const reading = purposeRule({
  record: 'the assessment',
  roles: { caseHandling: ['social-worker', 'supervisor'], audit: ['auditor'] },
});
const worker = { id: 'siti', role: 'social-worker', officeCode: '3603' };

describe('a view reading payloads through PersonalFields.payloadFor (real PostgreSQL)', () => {
  let database: TestDatabase;
  let pool: Pool;
  let fields: PersonalFields;

  beforeAll(async () => {
    database = await createTestDatabase({ prefix: 'kit_views' });
    await migrateServiceDatabase(database.ownerUrl, {
      appRole: testRoles.app.name,
      service: 'assessment',
    });
    await migratePersonalData(database.ownerUrl, { appRole: testRoles.app.name });
    pool = new Pool({ connectionString: withSearchPath(database.appUrl, 'assessment'), max: 4 });
    pool.on('error', () => undefined);
    fields = new PersonalFields(createPersonalDataVault({ pool, masterKey: null }));
  });

  afterAll(async () => {
    await pool?.end();
    await database?.drop();
  });

  it('decrypts for a purpose the role may read for, and withholds without one', async () => {
    const clientId = randomUUID();
    const event = {
      type: 'RecommendationMade',
      schemaVersion: 1,
      payload: {
        clientId,
        recommendationNumber: 1,
        recommendation: 'traceFamily',
        reasons: await fields.encrypt(clientId, 'Knows his village'),
        childView: await fields.encrypt(clientId, 'Wants to see his grandmother'),
      },
    };
    const read = await fields.payloadFor(event, reading.accessFor(worker, 'caseHandling'));
    expect(read).toEqual({
      clientId,
      recommendationNumber: 1,
      recommendation: 'traceFamily',
      reasons: 'Knows his village',
      childView: 'Wants to see his grandmother',
    });
    expect(await fields.payloadFor(event, reading.accessFor(worker, undefined))).toEqual({
      clientId,
      recommendationNumber: 1,
      recommendation: 'traceFamily',
      reasons: withheldField,
      childView: withheldField,
    });
    expect(() => reading.accessFor(worker, 'audit')).toThrow(
      'A social-worker may read the assessment, but not its personal fields for audit',
    );

    await fields.vault.eraseSubjectKey(clientId, { actor: worker, reason: 'erasure request' });
    const erased = await fields.payloadFor(event, reading.accessFor(worker, 'caseHandling'));
    expect(erased.childView).toMatchObject({ erased: true });
    expect(await fields.payloadFor(event, undefined)).toMatchObject({ childView: withheldField });
  });
});
