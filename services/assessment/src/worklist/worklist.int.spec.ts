// The worklist on real PostgreSQL and Kafka: assessment's own events (appended as its write path
// would) projected by the platform into the worklist table, and GET /assessments answering in
// the caller's office scope with SLA states against the service's pinned clock, dates in the
// owning office's time zone (WIB, and a test office in WITA).
import { examples } from '@dinsos/contracts';
import { ServiceDeployment, eventually, type OwnEvent } from '@dinsos/platform/testing';
import { bantenOfficeDirectory, serviceStandards } from '@dinsos/service-standards';
import type request from 'supertest';
import { assessmentConfigSchema, assessmentServiceName } from '../assessment-config';
import { migrateAssessmentSchema } from '../assessment.migrations';
import { AssessmentModule, assessmentPlatformFeatures } from '../assessment.module';

// Kalimantan Timur and Kota Balikpapan, in WITA (UTC+8), beside Banten's WIB offices.
const standards = serviceStandards.with({
  offices: bantenOfficeDirectory.with([
    {
      code: '64',
      regionName: 'Provinsi Kalimantan Timur',
      officeName: 'Dinas Sosial Provinsi Kalimantan Timur',
      level: 'province',
      timeZone: 'Asia/Makassar',
    },
    {
      code: '6471',
      regionName: 'Kota Balikpapan',
      officeName: 'Dinas Sosial Kota Balikpapan',
      level: 'city',
      parentCode: '64',
      timeZone: 'Asia/Makassar',
    },
  ]),
  assignments: [
    { officeCode: '6471', standardCode: 'bekasi-layanan-rujukan', basis: 'test office in WITA' },
  ],
});

const bekasi = { code: 'bekasi-layanan-rujukan', version: 1 };
const shelterStep = 'further-assessment-and-basic-rehabilitation';
const run = Date.now().toString(36);
const ids = {
  a: `3603-${run}-a`,
  b: `3603-${run}-b`,
  c: `3603-${run}-c`,
  d: `3601-${run}-d`,
  e: `6471-${run}-e`,
  f: `3603-${run}-f`,
  g: `3603-${run}-g`,
};
const encrypted = (label: string) => examples.exampleEncryptedField('key-1', label);

function startedEvent(caseId: string, officeCode: string): OwnEvent {
  return {
    type: 'AssessmentStarted',
    caseId,
    officeCode,
    serviceStandard: bekasi,
    payload: {
      clientId: `client-${caseId}`,
      caseNumber: caseId,
      clientCategory: 'neglectedChild',
      owningOfficeCode: officeCode,
      custodian: { kind: 'shelter', organisation: { name: 'Rumah Singgah' } },
      serviceStandard: bekasi,
      steps: [shelterStep],
    },
  };
}

function clockStarted(
  caseId: string,
  officeCode: string,
  clock: {
    code: string;
    step?: string;
    startedAt: string;
    startDate: string;
    dueDate: string;
    dueAt: string;
  },
): OwnEvent {
  const { code, ...rest } = clock;
  return {
    type: 'AssessmentClockStarted',
    caseId,
    officeCode,
    payload: {
      clock: code,
      startedBy: rest.step ? 'ClientHandedOverToShelter' : 'ReportReceived',
      ...rest,
    },
  };
}

const assigned = (caseId: string, officeCode: string, socialWorkerId: string): OwnEvent => ({
  type: 'SocialWorkerAssigned',
  caseId,
  officeCode,
  payload: { socialWorkerId, how: 'assignedBySupervisor' },
});

const note = (caseId: string, officeCode: string, day: string): OwnEvent => ({
  type: 'RehabilitationNoteRecorded',
  caseId,
  officeCode,
  payload: { clientId: `client-${caseId}`, day, services: ['meals', 'counselling'] },
});

describe('the worklist (real PostgreSQL and Kafka)', () => {
  let deployment: ServiceDeployment<typeof assessmentConfigSchema>;
  let http: ReturnType<typeof request>;
  let last = '';

  const list = async (token: string, query: Record<string, string> = {}) =>
    http.get('/assessments').query(query).set('Authorization', `Bearer ${token}`);

  /** The list once the worklist reflects every event appended so far. */
  const settled = async (token: string, query: Record<string, string> = {}) =>
    eventually(async () => {
      const answer = await list(token, query);
      return answer.status === 200 && answer.body.reflects >= last ? answer : undefined;
    }, 'the worklist to reflect the appended events');

  const caseIdsOf = (answer: request.Response) =>
    (answer.body.items as { caseId: string }[]).map((item) => item.caseId);
  type Item = Record<string, unknown> & { caseId: string; clocks: Record<string, unknown>[] };
  const itemOf = (answer: request.Response, caseId: string) =>
    (answer.body.items as Item[]).find((item) => item.caseId === caseId)!;

  const append = async (...events: OwnEvent[]) => {
    const appended = await deployment.append(...events);
    last = appended[appended.length - 1].position;
  };

  beforeAll(async () => {
    deployment = await ServiceDeployment.create({
      name: assessmentServiceName,
      module: AssessmentModule,
      configSchema: assessmentConfigSchema,
      platform: assessmentPlatformFeatures(standards),
      migrations: migrateAssessmentSchema,
      // 23:30 on 6 March in WIB (Banten); already 00:30 on 7 March in WITA (Balikpapan).
      clockStartsAt: '2026-03-06T16:30:00Z',
    });
    http = (await deployment.start()).http;

    // G: a clock that arrives before its AssessmentStarted.
    await append(
      clockStarted(ids.g, '3603', {
        code: 'whole-service',
        startedAt: '2026-03-06T08:00:00+07:00',
        startDate: '2026-03-06',
        dueDate: '2026-03-13',
        dueAt: '2026-03-13T23:59:59.999+07:00',
      }),
    );
    await append(
      // A (Tangerang, siti): both clocks on track; notes on three of five days of shelter care.
      startedEvent(ids.a, '3603'),
      assigned(ids.a, '3603', 'siti'),
      ...['whole-service', 'basic-rehabilitation'].map((code) =>
        clockStarted(ids.a, '3603', {
          code,
          ...(code === 'basic-rehabilitation' ? { step: shelterStep } : {}),
          startedAt: '2026-03-02T08:00:00+07:00',
          startDate: '2026-03-02',
          dueDate: '2026-03-09',
          dueAt: '2026-03-09T23:59:59.999+07:00',
        }),
      ),
      note(ids.a, '3603', '2026-03-02'),
      note(ids.a, '3603', '2026-03-03'),
      note(ids.a, '3603', '2026-03-05'),
      {
        type: 'AssessmentRecorded',
        caseId: ids.a,
        officeCode: '3603',
        payload: {
          clientId: `client-${ids.a}`,
          assessmentNumber: 1,
          kind: 'initial',
          assessedOn: '2026-03-03',
          physicalCondition: encrypted('physicalCondition'),
          health: encrypted('health'),
          needsMedicalCare: false,
          psychologicalState: encrypted('psychologicalState'),
          education: { status: 'inSchool' },
          familyAndOrigin: encrypted('familyAndOrigin'),
          risks: { riskAtHome: 'low', details: encrypted('risks') },
          needs: ['familyReunification'],
          childView: encrypted('childView'),
        },
      },
      // B (Tangerang, budi): the whole service due tonight (at risk); shelter care ended in time.
      startedEvent(ids.b, '3603'),
      assigned(ids.b, '3603', 'budi'),
      clockStarted(ids.b, '3603', {
        code: 'whole-service',
        startedAt: '2026-02-27T08:00:00+07:00',
        startDate: '2026-02-27',
        dueDate: '2026-03-06',
        dueAt: '2026-03-06T23:59:59.999+07:00',
      }),
      clockStarted(ids.b, '3603', {
        code: 'basic-rehabilitation',
        step: shelterStep,
        startedAt: '2026-02-27T08:00:00+07:00',
        startDate: '2026-02-27',
        dueDate: '2026-03-06',
        dueAt: '2026-03-06T23:59:59.999+07:00',
      }),
      {
        type: 'AssessmentClockStopped',
        caseId: ids.b,
        officeCode: '3603',
        payload: {
          clock: 'basic-rehabilitation',
          stoppedBy: 'ClientReturnedHome',
          stoppedAt: '2026-03-01T10:00:00+07:00',
          stopDate: '2026-03-01',
        },
      },
      // C (Tangerang, nobody yet): the whole service overdue.
      startedEvent(ids.c, '3603'),
      clockStarted(ids.c, '3603', {
        code: 'whole-service',
        startedAt: '2026-02-20T08:00:00+07:00',
        startDate: '2026-02-20',
        dueDate: '2026-02-27',
        dueAt: '2026-02-27T23:59:59.999+07:00',
      }),
      // D (Pandeglang, dewi): recommended.
      startedEvent(ids.d, '3601'),
      assigned(ids.d, '3601', 'dewi'),
      {
        type: 'RecommendationMade',
        caseId: ids.d,
        officeCode: '3601',
        payload: {
          clientId: `client-${ids.d}`,
          recommendationNumber: 1,
          recommendation: 'traceFamily',
          reasons: encrypted('reasons'),
          childView: encrypted('childView'),
        },
      },
      // E (Balikpapan, WITA): the same local due day as B's, and a shelter clock started from an
      // event whose occurredAt is in UTC.
      startedEvent(ids.e, '6471'),
      assigned(ids.e, '6471', 'wayan'),
      clockStarted(ids.e, '6471', {
        code: 'whole-service',
        startedAt: '2026-02-27T08:00:00+08:00',
        startDate: '2026-02-27',
        dueDate: '2026-03-06',
        dueAt: '2026-03-06T23:59:59.999+08:00',
      }),
      clockStarted(ids.e, '6471', {
        code: 'basic-rehabilitation',
        step: shelterStep,
        startedAt: '2026-03-05T01:00:00.000Z',
        startDate: '2026-03-05',
        dueDate: '2026-03-12',
        dueAt: '2026-03-12T23:59:59.999+08:00',
      }),
      // F (Tangerang, siti): to be transferred to the province.
      startedEvent(ids.f, '3603'),
      assigned(ids.f, '3603', 'siti'),
      clockStarted(ids.f, '3603', {
        code: 'whole-service',
        startedAt: '2026-03-01T08:00:00+07:00',
        startDate: '2026-03-01',
        dueDate: '2026-03-08',
        dueAt: '2026-03-08T23:59:59.999+07:00',
      }),
    );
  }, 120_000);

  afterAll(async () => {
    await deployment?.stop();
  });

  it('lists a row only once its AssessmentStarted arrived, even when a clock came first', async () => {
    const supervisor = await deployment.tokenFor('supervisor', '3603');
    expect(caseIdsOf(await settled(supervisor))).not.toContain(ids.g);
    await append(startedEvent(ids.g, '3603'));
    const answer = await settled(supervisor);
    expect(itemOf(answer, ids.g)).toMatchObject({
      stage: 'awaitingSocialWorker',
      clocks: [expect.objectContaining({ code: 'whole-service', dueDate: '2026-03-13' })],
    });
  });

  it("shows a social worker's own assessments with assignee=me", async () => {
    const siti = await deployment.tokenFor('social-worker', '3603', 'siti');
    const own = await settled(siti, { assignee: 'me' });
    // F is due before A: the most urgent first.
    expect(caseIdsOf(own)).toEqual([ids.f, ids.a]);
    expect(itemOf(own, ids.a)).toMatchObject({
      caseNumber: ids.a,
      officeCode: '3603',
      timeZone: 'Asia/Jakarta',
      clientCategory: 'neglectedChild',
      serviceStandard: bekasi,
      custodianKind: 'shelter',
      socialWorkerId: 'siti',
      stage: 'assessing',
      recommendation: null,
      assessments: { recorded: 1, lastAssessedOn: '2026-03-03' },
      nextDueAt: '2026-03-09T23:59:59.999+07:00',
    });
    const budi = await deployment.tokenFor('social-worker', '3603', 'budi');
    expect(caseIdsOf(await settled(budi, { assignee: 'me' }))).toEqual([ids.b]);
  });

  it("shows an office's assessments, most urgent first, to its staff and to the province", async () => {
    const supervisor = await deployment.tokenFor('supervisor', '3603');
    const office = await settled(supervisor);
    expect(caseIdsOf(office)).toEqual([ids.c, ids.b, ids.f, ids.a, ids.g]);
    expect((await list(supervisor, { office: '3603' })).body.items).toEqual(office.body.items);
    expect(caseIdsOf(await list(supervisor, { stage: 'awaitingSocialWorker' }))).toEqual([
      ids.c,
      ids.g,
    ]);

    const auditor = await deployment.tokenFor('auditor', '36');
    const province = await settled(auditor);
    expect(caseIdsOf(province)).toEqual(expect.arrayContaining([ids.a, ids.d]));
    expect(caseIdsOf(province)).not.toContain(ids.e);
    const pandeglang = await list(auditor, { office: '3601' });
    expect(caseIdsOf(pandeglang)).toEqual([ids.d]);
    expect(itemOf(pandeglang, ids.d)).toMatchObject({
      stage: 'recommended',
      recommendation: 'traceFamily',
      clocks: [],
      nextDueAt: null,
    });
  });

  it("keeps another regency's assessments from its officers", async () => {
    const pandeglang = await deployment.tokenFor('intake-officer', '3601');
    expect(caseIdsOf(await settled(pandeglang))).toEqual([ids.d]);
    const elsewhere = await list(pandeglang, { office: '3603' });
    expect(elsewhere.status).toBe(403);
    expect(elsewhere.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(elsewhere.body).toMatchObject({ status: 403, detail: expect.stringContaining('3603') });
    const dewi = await deployment.tokenFor('social-worker', '3601', 'dewi');
    expect(caseIdsOf(await list(dewi, { assignee: 'me' }))).toEqual([ids.d]);
    const tracing = await deployment.tokenFor('tracing-officer', '3603');
    expect((await list(tracing)).status).toBe(403);
  });

  it("judges each clock's SLA against the service's clock, and lists the shelter days without a note", async () => {
    const supervisor = await deployment.tokenFor('supervisor', '3603');
    const office = await settled(supervisor);
    expect(office.body.asOf).toBe('2026-03-06T16:30:00.000Z');
    const clocksOf = (caseId: string) =>
      Object.fromEntries(
        itemOf(office, caseId).clocks.map((clock) => [clock.code, clock]),
      ) as Record<string, Record<string, unknown>>;
    expect(clocksOf(ids.a)).toEqual({
      'whole-service': {
        code: 'whole-service',
        step: null,
        startedBy: 'ReportReceived',
        startedAt: '2026-03-02T08:00:00.000+07:00',
        startDate: '2026-03-02',
        dueDate: '2026-03-09',
        dueAt: '2026-03-09T23:59:59.999+07:00',
        stoppedAt: null,
        stopDate: null,
        sla: 'onTrack',
      },
      'basic-rehabilitation': expect.objectContaining({
        step: shelterStep,
        sla: 'onTrack',
        // Noted on the 2nd, 3rd and 5th; today (the 6th, WIB) counts while care goes on.
        daysWithoutNote: ['2026-03-04', '2026-03-06'],
      }),
    });
    expect(clocksOf(ids.b)).toEqual({
      'whole-service': expect.objectContaining({ sla: 'atRisk' }),
      'basic-rehabilitation': expect.objectContaining({
        sla: 'met',
        stoppedAt: '2026-03-01T10:00:00.000+07:00',
        daysWithoutNote: ['2026-02-27', '2026-02-28', '2026-03-01'],
      }),
    });
    expect(clocksOf(ids.c)['whole-service']).toMatchObject({ sla: 'breached' });

    // The same rows later: A's limit comes near, then passes.
    const siti = await deployment.tokenFor('social-worker', '3603', 'siti');
    const slaOfA = async () =>
      itemOf(await list(siti, { assignee: 'me' }), ids.a).clocks.map((clock) => clock.sla);
    try {
      deployment.clock.set('2026-03-09T10:00:00Z');
      expect(await slaOfA()).toEqual(['atRisk', 'atRisk']);
      deployment.clock.set('2026-03-10T00:00:00Z');
      expect(await slaOfA()).toEqual(['breached', 'breached']);
    } finally {
      deployment.clock.set('2026-03-06T16:30:00Z');
    }
  });

  it('gives an office in WITA its dates in its own offset and its own day', async () => {
    const balikpapan = await deployment.tokenFor('supervisor', '6471');
    const answer = await settled(balikpapan);
    expect(caseIdsOf(answer)).toEqual([ids.e]);
    const item = itemOf(answer, ids.e);
    expect(item).toMatchObject({
      officeCode: '6471',
      timeZone: 'Asia/Makassar',
      socialWorkerId: 'wayan',
      startedAt: '2026-03-07T00:30:00.000+08:00',
      nextDueAt: '2026-03-06T23:59:59.999+08:00',
    });
    expect(item.clocks).toEqual([
      expect.objectContaining({
        code: 'whole-service',
        dueDate: '2026-03-06',
        dueAt: '2026-03-06T23:59:59.999+08:00',
        // B's limit ends on the same local day and is still at risk in WIB; WITA's day is over.
        sla: 'breached',
      }),
      expect.objectContaining({
        code: 'basic-rehabilitation',
        startedAt: '2026-03-05T09:00:00.000+08:00',
        dueAt: '2026-03-12T23:59:59.999+08:00',
        sla: 'onTrack',
        // It is already the 7th in WITA.
        daysWithoutNote: ['2026-03-05', '2026-03-06', '2026-03-07'],
      }),
    ]);
    const kaltim = await deployment.tokenFor('supervisor', '64');
    expect(caseIdsOf(await settled(kaltim))).toEqual([ids.e]);
    const banten = await deployment.tokenFor('supervisor', '36');
    expect((await list(banten, { office: '6471' })).status).toBe(403);
  });

  it('moves a transferred assessment to the receiving office, waiting for its social worker', async () => {
    const supervisor = await deployment.tokenFor('supervisor', '3603');
    const province = await deployment.tokenFor('supervisor', '36');
    expect(caseIdsOf(await settled(supervisor))).toContain(ids.f);
    await append({
      type: 'AssessmentTransferred',
      caseId: ids.f,
      officeCode: '36',
      payload: {
        fromOfficeCode: '3603',
        toOfficeCode: '36',
        transferredAt: '2026-03-06T23:00:00+07:00',
        previousSocialWorkerId: 'siti',
      },
    });
    expect(caseIdsOf(await settled(supervisor))).not.toContain(ids.f);
    const siti = await deployment.tokenFor('social-worker', '3603', 'siti');
    expect(caseIdsOf(await settled(siti, { assignee: 'me' }))).toEqual([ids.a]);
    const received = await settled(province, { office: '36' });
    expect(caseIdsOf(received)).toEqual([ids.f]);
    expect(itemOf(received, ids.f)).toMatchObject({
      officeCode: '36',
      socialWorkerId: null,
      stage: 'awaitingSocialWorker',
    });
  });

  it('pages by (due, case) with the next cursor', async () => {
    const supervisor = await deployment.tokenFor('supervisor', '3603');
    const all = caseIdsOf(await settled(supervisor));
    expect(all.length).toBeGreaterThan(2);
    const pages: string[][] = [];
    let after: string | undefined;
    do {
      const page = await list(supervisor, { limit: '2', ...(after ? { after } : {}) });
      pages.push(caseIdsOf(page));
      after = page.body.next ?? undefined;
    } while (after);
    expect(pages.flat()).toEqual(all);
    expect(pages.map((page) => page.length)).toEqual(
      Array.from({ length: Math.ceil(all.length / 2) }, (_, index) =>
        Math.min(2, all.length - 2 * index),
      ),
    );
  });

  it('refuses bad query parameters with every problem as problem+json', async () => {
    const supervisor = await deployment.tokenFor('supervisor', '3603');
    const bad = await list(supervisor, {
      assignee: 'you',
      office: 'Tangerang',
      stage: 'done',
      limit: '0',
      after: 'not-a-cursor',
      colour: 'red',
    });
    expect(bad.status).toBe(400);
    expect(bad.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(
      (bad.body.errors as { in: string; path: string }[]).map((error) => [error.in, error.path]),
    ).toEqual(
      expect.arrayContaining(
        ['assignee', 'office', 'stage', 'limit', 'after', ''].map((path) => ['query', path]),
      ),
    );
  });

  it('documents its query parameters in OpenAPI', async () => {
    const document = await http.get('/docs/openapi.json');
    const parameters = document.body.paths['/assessments'].get.parameters as {
      name: string;
      in: string;
      required: boolean;
    }[];
    expect(parameters.map(({ name, in: where, required }) => [name, where, required])).toEqual(
      expect.arrayContaining(
        ['assignee', 'office', 'stage', 'limit', 'after'].map((name) => [name, 'query', false]),
      ),
    );
  });
});
