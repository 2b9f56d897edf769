// The one database of the whole system (DESIGN.md section 2): the shared parts migrated once as
// the store's owner, each service's schema as that service's owner role, each service connected
// as a role of its own that reaches only its own schema and its own stream categories.
import { PostgresEventStore, CategoryAccessDenied } from '@dinsos/event-store';
import { PostgresSubjectKeyStore, SubjectKeyNotUsable } from '@dinsos/personal-data';
import { createTestDatabase, queryAs, serviceRoles, type TestDatabase } from '@dinsos/testing';
import { randomUUID } from 'node:crypto';
import { Pool } from 'pg';
import {
  migrateServiceSchema,
  migrateSharedParts,
  withSearchPath,
} from './migrate-service-database';

const query = queryAs;

function event(type: string, caseId: string) {
  return {
    eventId: randomUUID(),
    type,
    schemaVersion: 1,
    caseId,
    subjectIds: [],
    officeCode: '3603',
    occurredAt: '2026-12-06T01:00:00.000Z',
    actor: { id: 'siti', role: 'intake-officer', officeCode: '3603' },
    correlationId: randomUUID(),
    causationId: null,
    payload: {},
  };
}

describe('one database for the whole system', () => {
  let database: TestDatabase;
  const as = (role: string, schema?: string) =>
    schema ? withSearchPath(database.urlAs(role), schema) : database.urlAs(role);

  beforeAll(async () => {
    database = await createTestDatabase({ prefix: 'system' });
    // One step for the shared parts, however many starters run it at once.
    await Promise.all([1, 2, 3].map(() => migrateSharedParts(database.ownerUrl)));
    // Intake boots first, then a second service, each migrating only its own schema.
    await migrateServiceSchema(database.urlAs('dinsos_intake_owner'), { service: 'intake' });
    await migrateServiceSchema(database.urlAs('dinsos_assessment_owner'), {
      service: 'assessment',
    });
    const intake = as('dinsos_intake', 'intake');
    await query(
      intake,
      `insert into messaging_relay_checkpoint (relay_name, position) values ('intake', '0/0')`,
    );
    await query(
      intake,
      `insert into messaging_inbox (consumer_group, event_id, event_type) values ('intake.r', $1, 'CaseOpened')`,
      [randomUUID()],
    );
    await query(
      intake,
      `insert into platform_idempotency (service, office_code, actor_id, idempotency_key, request_hash, response)
       values ('intake', '3603', 'siti', 'key-00000001', 'h', '{}')`,
    );
  });

  afterAll(async () => {
    await database.drop();
  });

  it.each([
    ['select position from intake.messaging_relay_checkpoint'],
    [`update intake.messaging_relay_checkpoint set position = '9/9'`],
    ['select * from intake.messaging_inbox'],
    ['delete from intake.messaging_inbox'],
    ['select * from intake.platform_idempotency'],
  ])("keeps intake's tables from the second service's roles: %s", async (sql) => {
    for (const role of ['dinsos_assessment', 'dinsos_assessment_owner']) {
      await expect(query(as(role, 'assessment'), sql)).rejects.toMatchObject({
        code: '42501',
        message: expect.stringMatching(/permission denied for schema intake/),
      });
    }
    const { rows } = await query(
      as('dinsos_intake', 'intake'),
      'select position from messaging_relay_checkpoint',
    );
    expect(rows).toEqual([{ position: '0/0' }]);
  });

  it('gives the second service tables of its own, in its own schema', async () => {
    const assessment = as('dinsos_assessment', 'assessment');
    await query(
      assessment,
      `insert into messaging_relay_checkpoint (relay_name, position) values ('assessment', '0/0')`,
    );
    const { rows } = await query(
      assessment,
      `select table_schema, count(*)::int as tables from information_schema.tables
        where table_name in ('messaging_inbox', 'platform_idempotency', 'auth_case_ownership')
        group by table_schema`,
    );
    expect(rows).toEqual([{ table_schema: 'assessment', tables: 3 }]);
    const none = await query(
      database.adminUrl,
      `select count(*)::int as n from information_schema.tables where table_schema = 'public'`,
    );
    expect(none.rows[0].n).toBe(0);
  });

  it('applies the grants again at each boot', async () => {
    await query(
      database.urlAs('dinsos_intake_owner'),
      'revoke insert on intake.messaging_inbox from dinsos_intake',
    );
    const insert = `insert into messaging_inbox (consumer_group, event_id, event_type) values ('intake.r', gen_random_uuid(), 'CaseOpened')`;
    await expect(query(as('dinsos_intake', 'intake'), insert)).rejects.toMatchObject({
      code: '42501',
    });
    await migrateServiceSchema(database.urlAs('dinsos_intake_owner'), { service: 'intake' });
    await query(as('dinsos_intake', 'intake'), insert);
  });

  it('lets each service append only to its own categories, and the read side read them all', async () => {
    const intake = new PostgresEventStore(database.urlAs('dinsos_intake'));
    const assessment = new PostgresEventStore(database.urlAs('dinsos_assessment'));
    const audit = new PostgresEventStore(database.urlAs('dinsos_audit'));
    try {
      await intake.appendToStream('intakeCase-c1', [event('CaseOpened', 'c1')], {
        expectedRevision: 'noStream',
      });
      await intake.appendToStream('client-k1', [event('ClientRegistered', 'c1')], {
        expectedRevision: 'noStream',
      });
      await assessment.appendToStream('assessment-c1', [event('AssessmentStarted', 'c1')], {
        expectedRevision: 'noStream',
      });
      await expect(
        assessment.appendToStream('intakeCase-c1', [event('CaseOpened', 'c1')], {
          expectedRevision: 'any',
        }),
      ).rejects.toBeInstanceOf(CategoryAccessDenied);
      await expect(
        intake.appendToStream('placement-c1', [event('ReturnHomeArranged', 'c1')], {
          expectedRevision: 'any',
        }),
      ).rejects.toBeInstanceOf(CategoryAccessDenied);
      await expect(
        audit.appendToStream('intakeCase-c2', [event('CaseOpened', 'c2')], {
          expectedRevision: 'any',
        }),
      ).rejects.toBeInstanceOf(CategoryAccessDenied);
      expect((await assessment.readCase('c1')).map((e) => e.streamId)).toEqual(['assessment-c1']);
      expect((await audit.readCase('c1')).map((e) => e.streamId)).toEqual([
        'intakeCase-c1',
        'client-k1',
        'assessment-c1',
      ]);
    } finally {
      await intake.close();
      await assessment.close();
      await audit.close();
    }
  });

  it.each(serviceRoles.flatMap((r) => [r.app, r.owner]))(
    'refuses %s switching off the store’s triggers or changing an event',
    async (role) => {
      const url = database.urlAs(role);
      // A service schema's owner is not even let into the store's schema.
      await expect(
        query(url, 'alter table event_store.events disable trigger all'),
      ).rejects.toThrow(/must be owner|permission denied for schema event_store/);
      await expect(
        query(url, `update event_store.events set type = 'Rewritten'`),
      ).rejects.toMatchObject({
        code: '42501',
      });
      await expect(query(url, 'delete from event_store.category_access')).rejects.toMatchObject({
        code: '42501',
      });
    },
  );

  describe('one key per person', () => {
    const stores: PostgresSubjectKeyStore[] = [];
    const keysAs = (role: string) => {
      const pool = new Pool({ connectionString: database.urlAs(role), max: 1 });
      pool.on('error', () => undefined);
      const store = new PostgresSubjectKeyStore(pool);
      pools.push(pool);
      stores.push(store);
      return store;
    };
    const pools: Pool[] = [];
    afterAll(async () => {
      for (const pool of pools) await pool.end();
    });
    const appRoles = serviceRoles.map((r) => r.app);

    it('lets every service role use the key a client got at intake', async () => {
      const made = await keysAs('dinsos_intake').activeKeyOf('client-shared-1');
      for (const role of appRoles) {
        const seen = await keysAs(role).keyById(made.keyId);
        expect({ role, key: seen?.status === 'active' ? seen.key.toString('hex') : seen }).toEqual({
          role,
          key: made.key.toString('hex'),
        });
      }
    });

    it("keeps a whistle-blower's key to the complaints role alone", async () => {
      const made = await keysAs('dinsos_complaints').createRestrictedKey('whistleblower-1');
      expect((await keysAs('dinsos_complaints').activeKeyOf('whistleblower-1')).keyId).toBe(
        made.keyId,
      );
      for (const role of appRoles.filter((r) => r !== 'dinsos_complaints')) {
        const store = keysAs(role);
        expect({ role, found: await store.keyById(made.keyId) }).toEqual({
          role,
          found: undefined,
        });
        await expect(store.activeKeyOf('whistleblower-1')).rejects.toBeInstanceOf(
          SubjectKeyNotUsable,
        );
      }
      // A subject whose key others use already cannot be made private afterwards.
      await expect(
        keysAs('dinsos_complaints').createRestrictedKey('client-shared-1'),
      ).rejects.toBeInstanceOf(SubjectKeyNotUsable);
    });
  });
});
