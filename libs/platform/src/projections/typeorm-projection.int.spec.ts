// A projection whose read model is TypeORM entities: the runner's transaction is a QueryRunner,
// the rows are written through its manager and the checkpoint through the same QueryRunner, so a
// failed batch leaves neither. The entity names no schema: each DataSource's search_path says
// where it lives, so a rebuild can fill a fresh schema beside the live one.
import { PostgresEventStore } from '@dinsos/event-store';
import {
  createTestDatabase,
  eventually,
  queryAs,
  testRoles,
  type TestDatabase,
} from '@dinsos/testing';
import { randomUUID } from 'node:crypto';
import { Pool } from 'pg';
import { Column, DataSource, Entity, In, PrimaryColumn, type QueryRunner } from 'typeorm';
import { migrateServiceDatabase } from '../runtime/migrate-service-database';
import { ProjectionRunner, type StoreProjection } from './projection-runner';
import { migrateProjectionCheckpoints } from './projection-schema';
import { typeormTransactions } from './projection-transactions';

@Entity({ name: 'visit_totals' })
class VisitTotal {
  @PrimaryColumn({ name: 'case_id', type: 'text' })
  caseId!: string;

  @Column({ type: 'integer' })
  visits!: number;
}

function visitNoted(caseId: string) {
  return {
    eventId: randomUUID(),
    type: 'VisitNoted',
    schemaVersion: 1,
    caseId,
    subjectIds: [],
    officeCode: '3603',
    occurredAt: '2026-12-06T02:00:00.000Z',
    actor: { id: 'siti', role: 'social-worker', officeCode: '3603' },
    correlationId: randomUUID(),
    causationId: null,
    payload: {},
  };
}

describe('ProjectionRunner over TypeORM (the kit)', () => {
  let database: TestDatabase;
  let storePool: Pool;
  let store: PostgresEventStore;
  const dataSources: DataSource[] = [];
  let failing = false;
  let failures = 0;

  const visitTotals: StoreProjection<undefined, QueryRunner> = {
    name: 'visit-totals',
    filter: { types: ['VisitNoted'] },
    applyBatch: async (events, _prepared, transaction) => {
      const totals = transaction.manager.getRepository(VisitTotal);
      const caseIds = [...new Set(events.map((event) => event.caseId!))];
      const rows = new Map(
        (await totals.findBy({ caseId: In(caseIds) })).map((row) => [row.caseId, row]),
      );
      for (const event of events) {
        const row = rows.get(event.caseId!) ?? totals.create({ caseId: event.caseId!, visits: 0 });
        row.visits += 1;
        rows.set(row.caseId, row);
      }
      // One multi-row insert … on conflict update, written before the failure: a batch that was
      // not rolled back whole would count twice when retried.
      await totals.upsert([...rows.values()], ['caseId']);
      if (failing) {
        failures += 1;
        throw new Error('a failing batch');
      }
    },
    reset: async (transaction) =>
      void (await transaction.manager.createQueryBuilder().delete().from(VisitTotal).execute()),
  };

  /** A schema of read models: the checkpoint table and the entity's table, as the owner. */
  const createReadSchema = async (schema: string) => {
    await migrateProjectionCheckpoints(database.ownerUrl, { appRole: testRoles.app.name, schema });
    await queryAs(
      database.ownerUrl,
      `create table ${schema}.visit_totals (case_id text primary key, visits integer not null);
       grant select, insert, update, delete on ${schema}.visit_totals to ${testRoles.app.name}`,
    );
  };

  const dataSourceOn = async (schema: string) => {
    const dataSource = new DataSource({
      type: 'postgres',
      url: database.appUrl,
      entities: [VisitTotal],
      synchronize: false,
      extra: { options: `-c search_path=${schema}`, max: 3 },
    });
    dataSources.push(await dataSource.initialize());
    return dataSource;
  };

  const runnerOn = (dataSource: DataSource) =>
    new ProjectionRunner(typeormTransactions(dataSource), store, visitTotals, {
      retryAfterMs: 50,
      maxBatchSize: 4,
    });

  const totalsIn = async (schema: string) =>
    (
      await queryAs<{ case_id: string; visits: number }>(
        database.ownerUrl,
        `select case_id, visits from ${schema}.visit_totals order by case_id`,
      )
    ).rows;

  const checkpointIn = async (schema: string) =>
    (
      await queryAs<{ position: string }>(
        database.ownerUrl,
        `select position from ${schema}.platform_projection_checkpoints where name = 'visit-totals'`,
      )
    ).rows[0]?.position;

  const append = async (count: number) => {
    let last = '';
    for (let i = 0; i < count; i++) {
      const appended = await store.appendToStream(
        `visit-${randomUUID()}`,
        [visitNoted(`case-${i % 3}`)],
        {
          expectedRevision: 'noStream',
        },
      );
      last = appended.position.toString();
    }
    return last;
  };

  const totals = (each: number) => [0, 1, 2].map((n) => ({ case_id: `case-${n}`, visits: each }));

  beforeAll(async () => {
    database = await createTestDatabase();
    await migrateServiceDatabase(database.ownerUrl, {
      appRole: testRoles.app.name,
      service: 'example',
    });
    storePool = new Pool({ connectionString: database.appUrl, max: 3 });
    storePool.on('error', () => undefined);
    store = new PostgresEventStore(storePool, { pollIntervalMs: 20 });
    await createReadSchema('read_live');
  });

  afterAll(async () => {
    for (const dataSource of dataSources) await dataSource.destroy();
    await storePool.end();
    await database.drop();
  });

  it('writes entities and checkpoint in one QueryRunner transaction, keeps neither of a failed batch, and rebuilds from zero, also into a fresh schema', async () => {
    const live = [
      runnerOn(await dataSourceOn('read_live')),
      runnerOn(await dataSourceOn('read_live')),
    ];
    const first = await append(9);
    for (const runner of live) runner.start();
    try {
      expect(await live[0].waitFor(first, 20_000)).toBe(true);
      expect(await totalsIn('read_live')).toEqual(totals(3));
      expect(await checkpointIn('read_live')).toBe(first);

      failing = true;
      const second = await append(6);
      await eventually(async () => failures >= 3, 'failed batches retried');
      expect(await totalsIn('read_live')).toEqual(totals(3));
      expect(await live[1].checkpoint()).toBe(first);
      failing = false;
      expect(await live[1].waitFor(second, 20_000)).toBe(true);
      expect(await totalsIn('read_live')).toEqual(totals(5));

      await createReadSchema('read_fresh');
      const fresh = runnerOn(await dataSourceOn('read_fresh'));
      expect(await fresh.checkpoint()).toBeUndefined();
      fresh.start();
      try {
        expect(await fresh.waitFor(second, 20_000)).toBe(true);
      } finally {
        await fresh.stop();
      }
      expect(await totalsIn('read_fresh')).toEqual(totals(5));
      expect(await checkpointIn('read_fresh')).toBe(second);
      expect(await checkpointIn('read_live')).toBe(second);

      await live[0].rebuild();
      expect(await live[1].waitFor(second, 20_000)).toBe(true);
      expect(await totalsIn('read_live')).toEqual(totals(5));
    } finally {
      for (const runner of live) await runner.stop();
    }
  }, 60_000);

  it('reads rows and checkpoint in one snapshot: a batch committed meanwhile shows in neither', async () => {
    await createReadSchema('read_snapshot');
    const dataSource = await dataSourceOn('read_snapshot');
    const runner = runnerOn(dataSource);
    const first = await append(3);
    runner.start();
    try {
      expect(await runner.waitFor(first, 20_000)).toBe(true);
      const { result, reflects } = await runner.read(async (transaction) => {
        const before = await transaction.manager.find(VisitTotal, { order: { caseId: 'ASC' } });
        const later = await append(3);
        expect(await runner.waitFor(later, 20_000)).toBe(true);
        const again = await transaction.manager.find(VisitTotal, { order: { caseId: 'ASC' } });
        const [{ position }] = (await transaction.query(
          `select position from platform_projection_checkpoints where name = 'visit-totals'`,
        )) as Array<{ position: string }>;
        return { before, again, position, later };
      });
      expect(reflects).toBe(first);
      expect(result.position).toBe(first);
      expect(result.again).toEqual(result.before);
      expect(await runner.checkpoint()).toBe(result.later);
    } finally {
      await runner.stop();
    }
  }, 60_000);
});
