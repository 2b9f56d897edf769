// Projections a service declares in PlatformFeatures: run by the platform beside HTTP on the
// service's own pool and schema, each event applied once with two instances running, and
// carried on from the checkpoint after a restart; declared as a list or, for a projection that
// needs the vault or the offices, as a function of what the platform has.
import { Controller, Get, Module } from '@nestjs/common';
import { PersonalDataVault, migratePersonalData } from '@dinsos/personal-data';
import { queryAs } from '@dinsos/testing';
import { randomUUID } from 'node:crypto';
import { serviceActor } from '../reactions/reaction-handler';
import { CLOCK, DATABASE_POOL, EVENT_STORE, SERVICE_STANDARDS } from '../runtime/tokens';
import { ServiceDeployment, type ServiceInstance } from '../testing';
import {
  Projections,
  type ProjectionDependencies,
  type ServiceProjection,
} from './service-projections';

/** Each VisitNoted once, by id: applying one twice would break the primary key. */
const visitLog: ServiceProjection = {
  name: 'visit-log',
  filter: { types: ['VisitNoted'] },
  apply: async (event, _prepared, transaction) =>
    void (await transaction.query(
      'insert into visit_log (event_id, case_id, position) values ($1, $2, $3)',
      [event.eventId, event.caseId, event.position.toString()],
    )),
  reset: async (transaction) => void (await transaction.query('delete from visit_log')),
};

/** Visits per case, one statement per read batch. */
const visitCounts: ServiceProjection = {
  name: 'visit-counts',
  filter: { types: ['VisitNoted'] },
  applyBatch: async (events, _prepared, transaction) =>
    void (await transaction.query(
      `insert into visit_counts (case_id, visits)
       select case_id, count(*) from unnest($1::text[]) case_id group by case_id
       on conflict (case_id) do update set visits = visit_counts.visits + excluded.visits`,
      [events.map((event) => event.caseId)],
    )),
  reset: async (transaction) => void (await transaction.query('delete from visit_counts')),
};

/**
 * A projection that needs the container: each summary decrypted with the kit's vault (outside
 * the transaction), dated in the owning office's time zone.
 */
const visitSummaries = ({
  vault,
  standards,
  service,
}: ProjectionDependencies): ServiceProjection => ({
  name: 'visit-summaries',
  filter: { types: ['VisitSummarised'] },
  prepare: async (event) => {
    const summary = await vault.decryptField<string>(
      (event.payload as { summary: unknown }).summary,
      {
        actor: serviceActor(service, event.officeCode),
        purpose: 'caseHandling',
      },
    );
    return {
      summary: summary.status === 'readable' ? summary.value : null,
      day: standards.offices.localDate(event.officeCode, event.occurredAt),
    };
  },
  apply: async (event, prepared: { summary: string | null; day: string }, transaction) =>
    void (await transaction.query(
      'insert into visit_summaries (event_id, summary, day) values ($1, $2, $3)',
      [event.eventId, prepared.summary, prepared.day],
    )),
  reset: async (transaction) => void (await transaction.query('delete from visit_summaries')),
});

/** A read model's query says which position it reflects. */
@Controller('visits')
class VisitsController {
  constructor(private readonly projections: Projections) {}

  @Get()
  async counts() {
    return {
      reflects: (await this.projections.checkpoint('visit-counts')) ?? null,
      projections: this.projections.names(),
    };
  }
}

@Module({ controllers: [VisitsController] })
class ProjectorModule {}

async function migrateProjector(
  ownerUrl: string,
  options: { appRole: string; schema: string },
): Promise<void> {
  await queryAs(
    ownerUrl,
    `create table ${options.schema}.visit_log (
       event_id uuid primary key, case_id text not null, position text not null);
     create table ${options.schema}.visit_counts (case_id text primary key, visits int not null);
     create table ${options.schema}.visit_summaries (
       event_id uuid primary key, summary text, day date not null);
     grant select, insert, update, delete on ${options.schema}.visit_log,
       ${options.schema}.visit_counts, ${options.schema}.visit_summaries to ${options.appRole}`,
  );
  // The vault's keys (a service of the system has them from the shared parts).
  await migratePersonalData(ownerUrl, { appRole: options.appRole });
}

describe('PlatformFeatures.projections (real PostgreSQL)', () => {
  let deployment: ServiceDeployment;
  const cases = ['3603-a', '3603-b', '3601-c'];

  const visits = (count: number, from = 0) =>
    deployment.append(
      ...Array.from({ length: count }, (_, index) => {
        const caseId = cases[(from + index) % cases.length];
        return {
          type: 'VisitNoted',
          streamId: `visit-${caseId}`,
          caseId,
          officeCode: caseId.slice(0, 4),
          payload: { note: from + index },
        };
      }),
    );

  const counts = async () =>
    (
      await deployment.reader.pool.query<{ case_id: string; visits: number }>(
        'select case_id, visits from visit_counts order by case_id',
      )
    ).rows;
  const logged = async () =>
    Number(
      (await deployment.reader.pool.query<{ n: string }>('select count(*) as n from visit_log'))
        .rows[0].n,
    );
  const projectionsOf = (instance: ServiceInstance) => instance.app.get(Projections);

  beforeAll(async () => {
    deployment = await ServiceDeployment.create({
      name: 'projector',
      module: ProjectorModule,
      platform: { caseAccess: 'ownStreams', projections: [visitLog, visitCounts] },
      migrations: migrateProjector,
    });
  });

  afterAll(async () => {
    await deployment?.stop();
  });

  it("applies the service's appended events once with two instances running, and its query says which position it reflects", async () => {
    const [one, two] = await Promise.all([deployment.start(), deployment.start()]);
    // An event the projections' filter leaves out, between those they take.
    await deployment.append({
      type: 'VisitCancelled',
      streamId: 'visit-3603-a',
      caseId: '3603-a',
      officeCode: '3603',
      payload: {},
    });
    const appended = await visits(12);
    const last = appended[appended.length - 1].position;
    for (const name of ['visit-log', 'visit-counts']) {
      expect(await projectionsOf(one).waitFor(name, last, 20_000)).toBe(true);
    }
    expect(await counts()).toEqual([
      { case_id: '3601-c', visits: 4 },
      { case_id: '3603-a', visits: 4 },
      { case_id: '3603-b', visits: 4 },
    ]);
    expect(await logged()).toBe(12);
    const token = await deployment.tokenFor('supervisor', '3603');
    const answer = await two.http.get('/visits').set('Authorization', `Bearer ${token}`);
    expect(answer.body).toEqual({ reflects: last, projections: ['visit-log', 'visit-counts'] });
    await one.stop();
    await two.stop();
  }, 60_000);

  it('carries on from its checkpoint after a restart, applying nothing twice, and rebuilds from zero', async () => {
    const before = await visits(3, 12);
    // Appended while no instance runs.
    const whileDown = await visits(6, 15);
    const instance = await deployment.start();
    const projections = projectionsOf(instance);
    const last = whileDown[whileDown.length - 1].position;
    expect(before[0].position < last).toBe(true);
    for (const name of ['visit-log', 'visit-counts']) {
      expect(await projections.waitFor(name, last, 20_000)).toBe(true);
    }
    const expected = [
      { case_id: '3601-c', visits: 7 },
      { case_id: '3603-a', visits: 7 },
      { case_id: '3603-b', visits: 7 },
    ];
    expect(await counts()).toEqual(expected);
    expect(await logged()).toBe(21);

    await projections.rebuild('visit-counts');
    expect(await projections.waitFor('visit-counts', last, 20_000)).toBe(true);
    expect(await counts()).toEqual(expected);
    // A read of the rows with the position they reflect, in one snapshot.
    const read = await projections.read(
      'visit-counts',
      async (transaction) =>
        (await transaction.query('select case_id, visits from visit_counts order by case_id')).rows,
    );
    expect(read).toEqual({ result: expected, reflects: last });
    expect(await projections.checkpoint('visit-log')).toBe(last);
    await expect(projections.checkpoint('visits')).rejects.toThrow(
      'no projection "visits" is declared (PlatformFeatures.projections: visit-log, visit-counts)',
    );
    await instance.stop();
  }, 60_000);

  it('builds projections declared as a function with the instances the service injects, and runs them', async () => {
    let given: ProjectionDependencies | undefined;
    const instance = await deployment.start({
      platform: {
        caseAccess: 'ownStreams',
        projections: (dependencies) => {
          given = dependencies;
          return [visitLog, visitSummaries(dependencies)];
        },
      },
    });
    const { app } = instance;
    expect(given).toEqual({
      service: 'projector',
      pool: app.get(DATABASE_POOL),
      store: app.get(EVENT_STORE),
      vault: app.get(PersonalDataVault),
      standards: app.get(SERVICE_STANDARDS),
      clock: app.get(CLOCK),
    });
    expect(given?.vault).toBe(app.get(PersonalDataVault));
    expect(given?.clock).toBe(instance.clock);
    const projections = projectionsOf(instance);
    expect(projections.names()).toEqual(['visit-log', 'visit-summaries']);

    const subject = randomUUID();
    const [summarised] = await deployment.append({
      type: 'VisitSummarised',
      streamId: 'visit-3603-a',
      caseId: '3603-a',
      officeCode: '3603',
      // 20:00 UTC is the next morning in Tangerang (WIB).
      occurredAt: '2026-03-02T20:00:00.000Z',
      payload: {
        summary: await app.get(PersonalDataVault).encryptValue(subject, 'Anak sehat, makan baik'),
      },
    });
    expect(await projections.waitFor('visit-summaries', summarised.position, 20_000)).toBe(true);
    const { rows } = await deployment.reader.pool.query(
      "select summary, to_char(day, 'YYYY-MM-DD') as day from visit_summaries",
    );
    expect(rows).toEqual([{ summary: 'Anak sehat, makan baik', day: '2026-03-03' }]);
    // The list's projection carries on from the checkpoint the earlier instances left.
    expect(await projections.checkpoint('visit-log')).toBeDefined();
    await instance.stop();
  }, 60_000);

  it('checks what a function declares as the platform builds it, and a failing one stops the start', async () => {
    await expect(
      deployment.start({
        platform: { caseAccess: 'ownStreams', projections: () => [visitLog, { ...visitLog }] },
      }),
    ).rejects.toThrow('PlatformFeatures.projections: "visit-log" is declared twice');
    await expect(
      deployment.start({
        platform: {
          caseAccess: 'ownStreams',
          projections: () => {
            throw new Error('no index without its offices');
          },
        },
      }),
    ).rejects.toThrow('no index without its offices');
  });

  it('refuses to start with two projections of one name (one checkpoint)', async () => {
    await expect(
      deployment.start({
        platform: { caseAccess: 'ownStreams', projections: [visitLog, { ...visitLog }] },
      }),
    ).rejects.toThrow('PlatformFeatures.projections: "visit-log" is declared twice');
  });
});
