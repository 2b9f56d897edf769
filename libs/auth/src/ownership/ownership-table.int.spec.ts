import type { InboundEvent } from '@dinsos/messaging';
import { createTestDatabase, type TestDatabase } from '@dinsos/testing';
import { randomUUID } from 'node:crypto';
import { Pool } from 'pg';
import { migrateOwnershipTable } from './ownership-schema';
import { ownershipProjectionHandlers } from './ownership-projection';
import { PostgresOwnershipTable } from './ownership-table';

function inbound(type: string, caseId: string, payload: object): InboundEvent {
  return {
    eventId: randomUUID(),
    type,
    schemaVersion: 1,
    caseKey: caseId,
    payload,
    topic: 'dinsos.intake.events.v1',
  };
}

describe('the case ownership table', () => {
  let database: TestDatabase;
  let pool: Pool;
  const handlers = ownershipProjectionHandlers();

  async function project(event: InboundEvent) {
    const client = await pool.connect();
    try {
      await client.query('begin');
      await handlers[event.type as keyof typeof handlers].apply(event, undefined, client);
      await client.query('commit');
    } finally {
      client.release();
    }
  }

  beforeAll(async () => {
    database = await createTestDatabase();
    expect(await migrateOwnershipTable(database.ownerUrl, { appRole: 'dinsos_app' })).toEqual([1]);
    pool = new Pool({ connectionString: database.appUrl });
  });

  afterAll(async () => {
    await pool?.end();
    await database?.drop();
  });

  it('migrates once, whatever number of instances start at once', async () => {
    const again = await Promise.all([
      migrateOwnershipTable(database.ownerUrl, { appRole: 'dinsos_app' }),
      migrateOwnershipTable(database.ownerUrl, { appRole: 'dinsos_app' }),
    ]);
    expect(again).toEqual([[], []]);
  });

  it('records the owning office from CaseOpened, and keeps the first one when it is redelivered', async () => {
    const table = new PostgresOwnershipTable(pool);
    await project(inbound('CaseOpened', 'case-a', { owningOfficeCode: '3603' }));
    await project(inbound('CaseOpened', 'case-a', { owningOfficeCode: '3603' }));
    expect(await table.find('case-a')).toEqual({
      caseId: 'case-a',
      owningOfficeCode: '3603',
      readGrantOfficeCodes: [],
    });
    expect(await table.find('case-unknown')).toBeUndefined();
  });

  it('moves ownership on CaseTransferred and leaves the sender a read grant, removed if the case comes back', async () => {
    const table = new PostgresOwnershipTable(pool);
    await project(inbound('CaseOpened', 'case-b', { owningOfficeCode: '3603' }));
    await project(
      inbound('CaseTransferred', 'case-b', { fromOfficeCode: '3603', toOfficeCode: '36' }),
    );
    expect(await table.find('case-b')).toEqual({
      caseId: 'case-b',
      owningOfficeCode: '36',
      readGrantOfficeCodes: ['3603'],
    });
    await project(
      inbound('CaseTransferred', 'case-b', { fromOfficeCode: '36', toOfficeCode: '3603' }),
    );
    expect(await table.find('case-b')).toEqual({
      caseId: 'case-b',
      owningOfficeCode: '3603',
      readGrantOfficeCodes: ['36'],
    });
  });

  it('gives the app role no power to drop or empty the table', async () => {
    await expect(pool.query('truncate auth_case_ownership cascade')).rejects.toThrow(
      /permission denied/,
    );
    await expect(pool.query('drop table auth_case_read_grant')).rejects.toThrow(/must be owner/);
  });
});
