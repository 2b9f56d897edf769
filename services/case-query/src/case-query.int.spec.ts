// case-query on real PostgreSQL: the write services' events appended under their own roles, the
// read model projected from the whole store in its global order (TypeORM rows in case_query),
// and the routes answering in the caller's office scope with the store position they reflect.
import { ServiceDeployment, type ServiceInstance } from '@dinsos/platform/testing';
import { serviceStandards } from '@dinsos/service-standards';
import type { QueryRunner, DataSource } from 'typeorm';
import type { RecordedEvent } from '@dinsos/event-store';
import { caseQueryConfigSchema } from './case-query-config';
import { READ_MODEL_DATA_SOURCE, ReadModel } from './read-model/read-model';
import { migrateReadModel } from './read-model/read-model.migrations';
import { readModelProjection } from './read-model/read-model.projection';
import {
  appendInOrder,
  banten,
  caseOf,
  complaintReceived,
  type StoreEvent,
} from './testing/store-events';
import { deployCaseQuery } from './testing/deployment';

const run = Date.now().toString(36).slice(-5);
const id = (office: string, n: number) => `${office}-2026-${run}${n}`;

// Monday 2 March 2026 in WIB (the deployment's clock starts at 09:15 WIB that day).
const at = (time: string, day = '02') => `2026-03-${day}T${time}:00+07:00`;

describe('case-query', () => {
  let deployment: ServiceDeployment<typeof caseQueryConfigSchema>;
  let instance: ServiceInstance;
  let last: string;
  const tokens: Record<string, string> = {};
  const cases = {
    assessing: caseOf(id('3603', 1), '3603'),
    tracing: caseOf(id('3603', 2), '3603'),
    reported: caseOf(id('3603', 3), '3603'),
    closed: caseOf(id('3603', 4), '3603'),
    otherRegency: caseOf(id('3601', 1), '3601'),
    province: caseOf(id('36', 1), '36', banten),
    transferred: caseOf(id('3602', 1), '3602'),
  };
  const aboutCase = complaintReceived('3603', at('11:00'), cases.assessing.caseId);
  const aboutNone = complaintReceived('3603', at('11:30'), null);

  const get = (path: string, token = tokens.regency) =>
    instance.http.get(path).set('Authorization', `Bearer ${token}`);

  beforeAll(async () => {
    deployment = await deployCaseQuery({ CASE_QUERY_MAX_WAIT_MS: '1500' });
    instance = await deployment.start();
    tokens.regency = await deployment.tokenFor('social-worker', '3603');
    tokens.otherRegency = await deployment.tokenFor('social-worker', '3601');
    tokens.sender = await deployment.tokenFor('supervisor', '3602');
    tokens.province = await deployment.tokenFor('supervisor', '36');
    tokens.analyst = await deployment.tokenFor('analyst', '36');
    const { assessing, tracing, reported, closed, otherRegency, province, transferred } = cases;
    const events: StoreEvent[] = [
      assessing.reported(at('09:00')),
      assessing.opened(at('10:05')),
      assessing.assessmentStarted(at('10:06')),
      tracing.reported(at('09:10')),
      tracing.opened(at('10:10')),
      tracing.assessmentStarted(at('10:11')),
      tracing.recommended(at('10:00', '03')),
      tracing.tracingStarted(at('10:01', '03')),
      reported.reported(at('09:20')),
      closed.reported(at('08:00')),
      closed.opened(at('08:30')),
      closed.returnedHome(at('10:00', '04')),
      closed.closed(at('10:00', '04'), at('08:00'), '2026-03-09'),
      otherRegency.reported(at('09:00'), 'neglectedElderly'),
      otherRegency.opened(at('09:30'), 'neglectedElderly'),
      province.reported(at('09:00')),
      province.opened(at('09:40')),
      transferred.reported(at('09:00')),
      transferred.opened(at('09:45')),
      transferred.transferred(at('12:00'), '36'),
      aboutCase,
      aboutNone,
    ];
    const positions = await appendInOrder(deployment, events);
    last = positions[positions.length - 1];
    // The first projection of the whole store may take longer than a request waits.
    expect(await instance.app.get(ReadModel).waitFor(last, 20_000)).toBe(true);
  }, 60_000);

  afterAll(() => deployment?.stop());

  describe('the read model', () => {
    it('folds every context’s events into one row per case, and complaints beside them', async () => {
      const response = await get(`/cases/${cases.tracing.caseId}`).set('X-Min-Position', last);
      expect(response.status).toBe(200);
      expect(response.body.summary).toMatchObject({
        caseId: cases.tracing.caseId,
        stage: 'tracing',
        owningOfficeCode: '3603',
        pinnedStandard: { code: 'bekasi-layanan-rujukan', version: 1 },
        assessment: { recommendation: 'traceFamily' },
        tracing: { status: 'tracing' },
      });
      expect(response.body.timeline.map((entry: { context: string }) => entry.context)).toEqual([
        'intake',
        'intake',
        'assessment',
        'assessment',
        'tracing',
      ]);
      const closed = await get(`/cases/${cases.closed.caseId}`);
      expect(closed.body.summary).toMatchObject({ stage: 'closed', custodian: { kind: 'family' } });
      const withComplaint = await get(`/cases/${cases.assessing.caseId}`);
      // The complaint's own stream names the case: its event is on the case's timeline too.
      expect(withComplaint.body.timeline.map((entry: { type: string }) => entry.type)).toContain(
        'ComplaintReceived',
      );
      expect(withComplaint.body.summary.complaints).toEqual([
        expect.objectContaining({ complaintId: aboutCase.complaintId, status: 'received' }),
      ]);
      const { rows } = await deployment.reader.pool.query(
        'select complaint_id, case_id, office_code, status from complaint_summaries order by received_at',
      );
      expect(rows).toEqual([
        {
          complaint_id: aboutCase.complaintId,
          case_id: cases.assessing.caseId,
          office_code: '3603',
          status: 'received',
        },
        {
          complaint_id: aboutNone.complaintId,
          case_id: null,
          office_code: '3603',
          status: 'received',
        },
      ]);
    });

    it('gives the same rows when the same events come again, and after a rebuild from zero', async () => {
      const readModel = instance.app.get(ReadModel);
      expect(await readModel.waitFor(last, 10_000)).toBe(true);
      const snapshot = async () =>
        (await deployment.reader.pool.query(`select * from case_summaries order by case_id`)).rows;
      const complaints = async () =>
        (
          await deployment.reader.pool.query(
            'select * from complaint_summaries order by complaint_id',
          )
        ).rows;
      const before = await snapshot();
      const complaintsBefore = await complaints();
      expect(before).toHaveLength(7);

      // Duplicates: the whole store once more, as one batch, through the projection itself.
      const events: RecordedEvent[] = await deployment.reader.store.readAll({ maxCount: 1000 });
      const dataSource = instance.app.get<DataSource>(READ_MODEL_DATA_SOURCE);
      const { applyBatch } = readModelProjection(serviceStandards);
      if (!applyBatch) throw new Error('the read model is projected in batches');
      const runner: QueryRunner = dataSource.createQueryRunner();
      try {
        await runner.startTransaction();
        await applyBatch(events, [], runner);
        await applyBatch(events.slice(3), [], runner);
        await runner.commitTransaction();
      } finally {
        await runner.release();
      }
      expect(await snapshot()).toEqual(before);
      expect(await complaints()).toEqual(complaintsBefore);

      // A replay from the first event (an admin's rebuild): emptied, projected again, the same rows.
      const admin = await deployment.tokenFor('admin', '36');
      expect(
        (
          await instance.http
            .post('/read-model/rebuild')
            .set('Authorization', `Bearer ${tokens.province}`)
        ).status,
      ).toBe(403);
      const rebuild = await instance.http
        .post('/read-model/rebuild')
        .set('Authorization', `Bearer ${admin}`);
      expect(rebuild.status).toBe(202);
      expect(await readModel.waitFor(last, 10_000)).toBe(true);
      expect(await snapshot()).toEqual(before);
      expect(await complaints()).toEqual(complaintsBefore);
    });
  });

  it('migrates its tables once: a second start (another instance) runs nothing again', async () => {
    const owner = deployment.database.urlAs('dinsos_case_query_owner');
    expect(
      await migrateReadModel(owner, { appRole: 'dinsos_case_query', schema: 'case_query' }),
    ).toEqual([]);
  });

  describe('GET /cases', () => {
    const numbers = (response: { body: { items: Array<{ caseNumber: string }> } }) =>
      response.body.items.map((item) => item.caseNumber).sort();

    it("lists a regency's own cases, the province's whole province", async () => {
      const regency = await get('/cases').set('X-Min-Position', last);
      expect(regency.status).toBe(200);
      expect(numbers(regency)).toEqual(
        [cases.assessing, cases.tracing, cases.reported, cases.closed].map((c) => c.caseId).sort(),
      );
      const province = await get('/cases', tokens.province);
      expect(numbers(province)).toHaveLength(7);
      expect(
        regency.body.items.find(
          (item: { caseNumber: string }) => item.caseNumber === cases.assessing.caseId,
        ),
      ).toMatchObject({
        officeCode: '3603',
        stage: 'assessment',
        custodianKind: 'shelter',
        clientCategory: 'neglectedChild',
        standard: { code: 'bekasi-layanan-rujukan', version: 1 },
        overdue: false,
        sla: 'onTrack',
      });
      const refused = await get('/cases?office=3601');
      expect(refused.status).toBe(403);
      expect((await get('/cases', tokens.analyst)).status).toBe(403);
    });

    it('filters by stage, custodian, category, standard, opening days, number and overdue clocks', async () => {
      const only = async (query: string, token = tokens.province) => {
        const response = await get(`/cases?${query}`, token);
        expect(response.status).toBe(200);
        return numbers(response);
      };
      expect(await only('stage=tracing')).toEqual([cases.tracing.caseId]);
      expect(await only('custodianKind=family')).toEqual([cases.closed.caseId]);
      expect(await only('clientCategory=neglectedElderly')).toEqual([cases.otherRegency.caseId]);
      expect(await only(`standard=${banten.code}`)).toEqual([cases.province.caseId]);
      expect(await only(`standard=${banten.code}@2`)).toEqual([]);
      expect(await only(`q=${run}2`)).toEqual([cases.tracing.caseId]);
      expect(await only('stage=intake')).toEqual([cases.reported.caseId]);
      // Opened (or reported) on 2 March, office days; the closed case opened at 08:30 too.
      expect(await only('openedFrom=2026-03-02&openedTo=2026-03-02&office=3603')).toHaveLength(4);
      expect(await only('openedFrom=2026-03-02T09:15:00%2B07:00&office=3603')).toEqual(
        [cases.reported.caseId, cases.assessing.caseId, cases.tracing.caseId].sort(),
      );
      expect(await only('overdue=true')).toEqual([]);
      // A month later every running clock of Bekasi's 7-day service is past due.
      deployment.clock.set('2026-04-02T02:15:00Z');
      try {
        const overdue = await only('overdue=true&office=3603');
        expect(overdue).toEqual(
          [cases.assessing.caseId, cases.tracing.caseId, cases.reported.caseId].sort(),
        );
        expect(await only('overdue=false&office=3603')).toEqual([cases.closed.caseId]);
      } finally {
        deployment.clock.set('2026-03-02T02:15:00Z');
      }
    });

    it('pages with a cursor in each order, every case once', async () => {
      for (const sort of ['caseNumber', 'openedAt', '-openedAt', 'nextDueAt']) {
        const seen: string[] = [];
        let after: string | null = null;
        for (let page = 0; page < 10; page++) {
          const response = await get(
            `/cases?sort=${sort}&limit=2${after ? `&after=${after}` : ''}`,
            tokens.province,
          );
          expect(response.status).toBe(200);
          seen.push(...response.body.items.map((item: { caseId: string }) => item.caseId));
          after = response.body.next;
          if (!after) break;
        }
        expect(seen).toHaveLength(7);
        expect(new Set(seen).size).toBe(7);
        if (sort === 'caseNumber') expect(seen).toEqual([...seen].sort());
      }
    });

    it('answers 400 problem+json for unknown filters, bad values and bad cursors', async () => {
      const first = await get('/cases?sort=caseNumber&limit=1', tokens.province);
      for (const query of [
        'colour=red',
        'stage=somewhere',
        'overdue=maybe',
        'openedFrom=yesterday',
        'limit=0',
        'after=not-a-cursor',
        `after=${first.body.next}`, // a cursor of another order
      ]) {
        const response = await get(`/cases?${query}`, tokens.province);
        expect(response.status).toBe(400);
        expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
        expect(response.body.errors.length).toBeGreaterThan(0);
      }
    });
  });

  describe('GET /cases/:caseId', () => {
    it('answers the summary, SLA states now and the timeline across services', async () => {
      const response = await get(`/cases/${cases.closed.caseId}`);
      expect(response.status).toBe(200);
      expect(response.body.access).toBe('owner');
      expect(response.body.sla).toMatchObject({ caseId: cases.closed.caseId });
      expect(response.body.timeline.map((entry: { type: string }) => entry.type)).toEqual([
        'ReportReceived',
        'CaseOpened',
        'ClientReturnedHome',
        'CaseClosed',
      ]);
      expect(response.body.timeline[2]).toMatchObject({
        context: 'placement',
        streamId: `placement-${cases.closed.caseId}`,
      });
      // No payload, so no personal field, anywhere in the answer.
      expect(JSON.stringify(response.body)).not.toMatch(/"ct"|"iv"|"keyId"/);
    });

    it("is a 404 for another regency's case, like an unknown case; the province reads it", async () => {
      const other = await get(`/cases/${cases.otherRegency.caseId}`);
      const unknown = await get('/cases/3603-2026-nothing');
      expect(other.status).toBe(404);
      expect(unknown.status).toBe(404);
      expect(other.body.detail).toBe(
        unknown.body.detail.replace('3603-2026-nothing', cases.otherRegency.caseId),
      );
      expect((await get(`/cases/${cases.otherRegency.caseId}`, tokens.province)).status).toBe(200);
    });

    it('lets the office that transferred a case away read its stage and its history up to the transfer', async () => {
      const response = await get(`/cases/${cases.transferred.caseId}`, tokens.sender);
      expect(response.status).toBe(200);
      expect(response.body).toMatchObject({
        access: 'transferredAway',
        summary: { stage: 'assessment', owningOfficeCode: '36' },
        sla: null,
      });
      expect(response.body.timeline.map((entry: { type: string }) => entry.type)).toEqual([
        'ReportReceived',
        'CaseOpened',
        'CaseTransferred',
      ]);
      const list = await get('/cases', tokens.sender);
      expect(list.body.items).toEqual([]);
    });
  });

  describe('GET /worklists/:list', () => {
    const caseIds = (response: { body: { items: Array<{ caseId: string }> } }) =>
      response.body.items.map((item) => item.caseId);

    it("gives each role its list across every service, in the caller's office scope", async () => {
      const intake = await deployment.tokenFor('intake-officer', '3603');
      const newReports = await get('/worklists/newReports', intake);
      expect(newReports.status).toBe(200);
      expect(newReports.body).toMatchObject({ list: 'newReports', role: 'intake-officer' });
      expect(caseIds(newReports)).toEqual([cases.reported.caseId]);
      expect(newReports.headers['x-store-position']).toBe(newReports.body.reflects);
      expect(caseIds(await get('/worklists/assessmentsDue'))).toEqual([cases.assessing.caseId]);
      expect(caseIds(await get('/worklists/assessmentsDue', tokens.province)).sort()).toEqual(
        [cases.assessing, cases.otherRegency, cases.province, cases.transferred]
          .map((c) => c.caseId)
          .sort(),
      );
      expect((await get('/worklists/newReports')).status).toBe(403);
      expect((await get('/worklists/everything')).status).toBe(400);
      expect((await get('/worklists/newReports?colour=red', intake)).status).toBe(400);
    });

    it('puts a complaint about a case on the complaints officers’ list once its clock is pressing', async () => {
      const officer = await deployment.tokenFor('complaints-officer', '3603');
      expect(caseIds(await get('/worklists/complaintsNearBreach', officer))).toEqual([]);
      deployment.clock.set('2026-03-10T02:15:00Z');
      try {
        const pressing = await get('/worklists/complaintsNearBreach', officer);
        expect(pressing.body.items).toEqual([
          expect.objectContaining({
            caseId: cases.assessing.caseId,
            complaintId: aboutCase.complaintId,
            sla: 'breached',
          }),
        ]);
      } finally {
        deployment.clock.set('2026-03-02T02:15:00Z');
      }
    });

    it('pages with a cursor', async () => {
      const first = await get('/worklists/assessmentsDue?limit=3', tokens.province);
      expect(first.body.items).toHaveLength(3);
      const second = await get(
        `/worklists/assessmentsDue?limit=3&after=${first.body.next}`,
        tokens.province,
      );
      expect(second.body.items).toHaveLength(1);
      expect(second.body.next).toBeNull();
      expect(new Set([...caseIds(first), ...caseIds(second)]).size).toBe(4);
      expect((await get('/worklists/assessmentsDue?after=nonsense', tokens.province)).status).toBe(
        400,
      );
    });
  });

  describe('GET /dashboard', () => {
    it('gives each office its open cases by stage, days per stage, breaches and moves', async () => {
      const province = await get('/dashboard', tokens.province);
      expect(province.status).toBe(200);
      expect(
        province.body.offices.map((office: { officeCode: string }) => office.officeCode),
      ).toEqual(['36', '3601', '3603']);
      const regency = province.body.offices[2];
      expect(regency).toMatchObject({
        officeCode: '3603',
        openByStage: { intake: 1, assessment: 1, tracing: 1, placement: 0 },
        closed: 1,
        breaches: { overdueNow: 0, stoppedLate: 0 },
      });
      expect(regency.averageDaysPerStage.intake).toBeGreaterThanOrEqual(0);
      // The traced case spent a day in assessment; no case of 3603 entered placement.
      expect(regency.averageDaysPerStage.assessment).toBeGreaterThan(0);
      expect(regency.averageDaysPerStage.placement).toBeNull();
      expect(province.body.moves).toEqual([
        { kind: 'transfer', fromOfficeCode: '3602', toOfficeCode: '36', cases: 1 },
      ]);
      // The office that transferred a case away owns nothing now, but sees the move.
      const sender = await get('/dashboard', tokens.sender);
      expect(sender.body).toMatchObject({ offices: [], moves: province.body.moves });
      expect((await get('/dashboard?office=3601', tokens.sender)).status).toBe(403);
      expect((await get('/dashboard')).status).toBe(403); // a social worker
    });
  });

  describe('the store position of every answer', () => {
    it('says which position it reflects, in a header and in the body', async () => {
      const response = await get('/cases').set('X-Min-Position', last);
      expect(response.status).toBe(200);
      expect(response.body.reflects).toBe(last);
      expect(response.headers['x-store-position']).toBe(last);
      const detail = await get(`/cases/${cases.assessing.caseId}`);
      expect(detail.headers['x-store-position']).toBe(detail.body.reflects);
    });

    it('waits for a position just written, then answers with it', async () => {
      const [position] = await appendInOrder(deployment, [
        cases.assessing.recommended(at('12:00', '03'), 'returnHome'),
      ]);
      const response = await get(`/cases/${cases.assessing.caseId}`).set(
        'X-Min-Position',
        position,
      );
      expect(response.status).toBe(200);
      expect(response.body.reflects >= position).toBe(true);
      expect(response.body.summary).toMatchObject({
        stage: 'placement',
        assessment: { recommendation: 'returnHome' },
      });
      last = position;
    });

    it('answers 503 with Retry-After when the position is not reached in time, 400 when malformed', async () => {
      const started = Date.now();
      const late = await get('/cases').set('X-Min-Position', `${'f'.repeat(16)}-${'0'.repeat(16)}`);
      expect(late.status).toBe(503);
      expect(late.headers['retry-after']).toBe('2');
      expect(late.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(Date.now() - started).toBeGreaterThanOrEqual(1_400);
      const malformed = await get('/cases').set('X-Min-Position', 'yesterday');
      expect(malformed.status).toBe(400);
      expect(malformed.body.errors).toEqual([
        expect.objectContaining({ in: 'header', path: 'X-Min-Position' }),
      ]);
    });
  });
});
