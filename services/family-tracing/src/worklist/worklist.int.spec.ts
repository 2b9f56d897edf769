// "Inquiries waiting" on real PostgreSQL and Kafka: family tracing's own events (appended as its
// write path would) projected by the platform into inquiries_waiting, and GET /tracings answering
// in the caller's office scope, each inquiry's state judged against the service's pinned clock on
// the owning office's day, instants in its time zone (WIB, and a test office in WITA).
import { examples } from '@dinsos/contracts';
import { eventually, type OwnEvent } from '@dinsos/platform/testing';
import { bantenOfficeDirectory, serviceStandards } from '@dinsos/service-standards';
import type request from 'supertest';
import { createTracingDeployment, type TracingDeployment } from '../testing/tracing-harness';

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
const run = Date.now().toString(36);
const ids = {
  a: `3603-${run}-a`,
  b: `3603-${run}-b`,
  c: `3603-${run}-c`,
  d: `3601-${run}-d`,
  e: `6471-${run}-e`,
  f: `3603-${run}-f`,
  g: `3603-${run}-g`,
  h: `3603-${run}-h`,
};
const encrypted = (label: string) => examples.exampleEncryptedField('key-1', label);
const clientOf = (caseId: string) => `client-${caseId}`;

function started(caseId: string, officeCode: string): OwnEvent {
  return {
    type: 'TracingStarted',
    caseId,
    officeCode,
    serviceStandard: bekasi,
    payload: {
      clientId: clientOf(caseId),
      owningOfficeCode: officeCode,
      serviceStandard: bekasi,
      startedBy: { eventType: 'RecommendationMade', recommendation: 'traceFamily' },
      inquiryPeriodDays: 7,
      consentRequired: false,
    },
  };
}

const assigned = (caseId: string, officeCode: string, officerId: string): OwnEvent => ({
  type: 'TracingOfficerAssigned',
  caseId,
  officeCode,
  payload: { officerId, how: 'assignedBySupervisor' },
});

function sent(
  caseId: string,
  officeCode: string,
  inquiryId: string,
  due: { dueDate: string; dueAt: string },
  channel = 'village',
): OwnEvent {
  return {
    type: 'InquirySent',
    caseId,
    officeCode,
    payload: {
      inquiryId,
      clientId: clientOf(caseId),
      channel,
      addressee: { name: `Kelurahan ${inquiryId}`, regionCode: '3603010001' },
      letterNumber: `400/${inquiryId}/Dinsos`,
      letter: encrypted('letter'),
      sentOn: '2026-03-02',
      ...due,
    },
  };
}

/** Due at the end of an office-local day in WIB. */
const wib = (dueDate: string) => ({ dueDate, dueAt: `${dueDate}T23:59:59.999+07:00` });

const answered = (caseId: string, officeCode: string, inquiryId: string): OwnEvent => ({
  type: 'InquiryAnswered',
  caseId,
  officeCode,
  payload: {
    inquiryId,
    clientId: clientOf(caseId),
    answeredOn: '2026-03-05',
    answer: encrypted('answer'),
    evidence: [encrypted('evidence')],
  },
});

describe('inquiries waiting (real PostgreSQL and Kafka)', () => {
  let deployment: TracingDeployment;
  let http: ReturnType<typeof request>;
  let last = '';

  const list = async (token: string, query: Record<string, string> = {}) =>
    http.get('/tracings').query(query).set('Authorization', `Bearer ${token}`);

  /** The list once the worklist reflects every event appended so far. */
  const settled = async (token: string, query: Record<string, string> = {}) =>
    eventually(async () => {
      const answer = await list(token, query);
      return answer.status === 200 && answer.body.reflects >= last ? answer : undefined;
    }, 'the worklist to reflect the appended events');

  type Inquiry = { inquiryId: string; state: string; dueDate: string; dueAt: string };
  type Item = Record<string, unknown> & { caseId: string; inquiries: Inquiry[] };
  const caseIdsOf = (answer: request.Response) =>
    (answer.body.items as Item[]).map((item) => item.caseId);
  const itemOf = (answer: request.Response, caseId: string) =>
    (answer.body.items as Item[]).find((item) => item.caseId === caseId)!;
  const statesOf = (item: Item) =>
    item.inquiries.map((inquiry) => [inquiry.inquiryId, inquiry.state]);

  const append = async (...events: OwnEvent[]) => {
    const appended = await deployment.append(...events);
    last = appended[appended.length - 1].position;
  };

  beforeAll(async () => {
    // 10:00 on 6 March in WIB (Banten), 11:00 in WITA (Balikpapan).
    deployment = await createTracingDeployment({
      standards,
      clockStartsAt: '2026-03-06T03:00:00Z',
    });
    http = (await deployment.start()).http;

    await append(
      // A (Tangerang, yanti): one inquiry due today, one later.
      started(ids.a, '3603'),
      assigned(ids.a, '3603', 'yanti'),
      sent(ids.a, '3603', 'a-1', wib('2026-03-09')),
      sent(ids.a, '3603', 'a-2', wib('2026-03-06'), 'district'),
      // B (Tangerang, budi): one inquiry past its due time (no timer event yet), one answered.
      started(ids.b, '3603'),
      assigned(ids.b, '3603', 'budi'),
      sent(ids.b, '3603', 'b-1', wib('2026-03-04')),
      sent(ids.b, '3603', 'b-2', wib('2026-03-05')),
      answered(ids.b, '3603', 'b-2'),
      // C (Tangerang, nobody yet): overdue as the kit's timer recorded it.
      started(ids.c, '3603'),
      sent(ids.c, '3603', 'c-1', wib('2026-03-05'), 'disdukcapil'),
      {
        type: 'InquiryOverdue',
        caseId: ids.c,
        officeCode: '3603',
        payload: { inquiryId: 'c-1', dueAt: '2026-03-05T23:59:59.999+07:00' },
      },
      // D (Pandeglang, dewi).
      started(ids.d, '3601'),
      assigned(ids.d, '3601', 'dewi'),
      sent(ids.d, '3601', 'd-1', wib('2026-03-10')),
      // E (Balikpapan, WITA): due at the end of 6 March in WITA.
      started(ids.e, '6471'),
      assigned(ids.e, '6471', 'wayan'),
      sent(ids.e, '6471', 'e-1', {
        dueDate: '2026-03-06',
        dueAt: '2026-03-06T23:59:59.999+08:00',
      }),
      // F (Tangerang, yanti): to be transferred to the province.
      started(ids.f, '3603'),
      assigned(ids.f, '3603', 'yanti'),
      sent(ids.f, '3603', 'f-1', wib('2026-03-08')),
      // G (Tangerang, yanti): every inquiry answered.
      started(ids.g, '3603'),
      assigned(ids.g, '3603', 'yanti'),
      sent(ids.g, '3603', 'g-1', wib('2026-03-03')),
      answered(ids.g, '3603', 'g-1'),
      // H (Tangerang, yanti): closed as family not found with an inquiry still out.
      started(ids.h, '3603'),
      assigned(ids.h, '3603', 'yanti'),
      sent(ids.h, '3603', 'h-1', wib('2026-03-03')),
      {
        type: 'FamilyNotFound',
        caseId: ids.h,
        officeCode: '3603',
        payload: {
          clientId: clientOf(ids.h),
          channelsTried: ['village'],
          reason: 'No trace at the kelurahan of origin',
        },
      },
    );
  }, 120_000);

  afterAll(async () => {
    await deployment?.stop();
  });

  it("shows a tracing officer's own tracings with officer=me, most urgent first", async () => {
    const yanti = await deployment.tokenFor('tracing-officer', '3603', 'yanti');
    const own = await settled(yanti, { officer: 'me' });
    expect(caseIdsOf(own)).toEqual([ids.a, ids.f]);
    expect(own.body.asOf).toBe('2026-03-06T03:00:00.000Z');
    const a = itemOf(own, ids.a);
    expect(a).toMatchObject({
      officeCode: '3603',
      timeZone: 'Asia/Jakarta',
      officerId: 'yanti',
      status: 'tracing',
      state: 'dueToday',
      nextDueAt: '2026-03-06T23:59:59.999+07:00',
    });
    expect(a.inquiries).toEqual([
      {
        inquiryId: 'a-2',
        channel: 'district',
        addressee: { name: 'Kelurahan a-2', regionCode: '3603010001' },
        letterNumber: '400/a-2/Dinsos',
        candidateId: null,
        sentOn: '2026-03-02',
        dueDate: '2026-03-06',
        dueAt: '2026-03-06T23:59:59.999+07:00',
        state: 'dueToday',
      },
      expect.objectContaining({ inquiryId: 'a-1', dueDate: '2026-03-09', state: 'waiting' }),
    ]);
    const budi = await deployment.tokenFor('tracing-officer', '3603', 'budi');
    const budis = await settled(budi, { officer: 'me' });
    expect(caseIdsOf(budis)).toEqual([ids.b]);
    // The answered inquiry is no longer waiting; the other is past due though no timer said so.
    expect(statesOf(itemOf(budis, ids.b))).toEqual([['b-1', 'overdue']]);
  });

  it("shows an office's tracings with inquiries waiting to its staff and to the province", async () => {
    const supervisor = await deployment.tokenFor('supervisor', '3603');
    const office = await settled(supervisor);
    // G has no inquiry waiting and H is closed: neither is listed.
    expect(caseIdsOf(office)).toEqual([ids.b, ids.c, ids.a, ids.f]);
    expect(itemOf(office, ids.c)).toMatchObject({ officerId: null, state: 'overdue' });
    expect(statesOf(itemOf(office, ids.c))).toEqual([['c-1', 'overdue']]);
    expect((await list(supervisor, { office: '3603' })).body.items).toEqual(office.body.items);

    const auditor = await deployment.tokenFor('auditor', '36');
    const province = await settled(auditor);
    expect(caseIdsOf(province)).toEqual(expect.arrayContaining([ids.a, ids.b, ids.d]));
    expect(caseIdsOf(province)).not.toContain(ids.e);
    expect(caseIdsOf(await list(auditor, { office: '3601' }))).toEqual([ids.d]);
    const socialWorker = await deployment.tokenFor('social-worker', '3603');
    expect(caseIdsOf(await list(socialWorker))).toEqual(caseIdsOf(office));
  });

  it("keeps another regency's tracings from its officers", async () => {
    const pandeglang = await deployment.tokenFor('intake-officer', '3601');
    expect(caseIdsOf(await settled(pandeglang))).toEqual([ids.d]);
    const elsewhere = await list(pandeglang, { office: '3603' });
    expect(elsewhere.status).toBe(403);
    expect(elsewhere.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(elsewhere.body).toMatchObject({ status: 403, detail: expect.stringContaining('3603') });
    const dewi = await deployment.tokenFor('tracing-officer', '3601', 'dewi');
    expect(caseIdsOf(await list(dewi, { officer: 'me' }))).toEqual([ids.d]);
    const balikpapan = await deployment.tokenFor('supervisor', '6471');
    expect((await list(balikpapan, { office: '36' })).status).toBe(403);
    const placement = await deployment.tokenFor('placement-officer', '3603');
    expect((await list(placement)).status).toBe(403);
    const analyst = await deployment.tokenFor('analyst', '36');
    expect((await list(analyst)).status).toBe(403);
    expect((await http.get('/tracings')).status).toBe(401);
  });

  it('judges waiting, due today and overdue against the pinned clock on the office’s day', async () => {
    const supervisor = await deployment.tokenFor('supervisor', '3603');
    const balikpapan = await deployment.tokenFor('supervisor', '6471');
    await settled(supervisor);
    const statesAt = async (instant: string) => {
      deployment.clock.set(instant);
      const [banten, wita] = await Promise.all([list(supervisor), list(balikpapan)]);
      return {
        a: statesOf(itemOf(banten, ids.a)),
        e: statesOf(itemOf(wita, ids.e)),
        asOf: banten.body.asOf as string,
      };
    };
    try {
      // 5 March, 12:00 WIB: a-2 is due tomorrow.
      expect(await statesAt('2026-03-05T05:00:00Z')).toEqual({
        a: [
          ['a-2', 'waiting'],
          ['a-1', 'waiting'],
        ],
        e: [['e-1', 'waiting']],
        asOf: '2026-03-05T05:00:00.000Z',
      });
      // 6 March, 23:30 WIB: a-2 still due today; already 00:30 on 7 March in WITA, e-1 overdue.
      expect(await statesAt('2026-03-06T16:30:00Z')).toMatchObject({
        a: [
          ['a-2', 'dueToday'],
          ['a-1', 'waiting'],
        ],
        e: [['e-1', 'overdue']],
      });
      // 7 March, 00:00 WIB: a-2's day is over.
      expect((await statesAt('2026-03-06T17:00:00Z')).a).toEqual([
        ['a-2', 'overdue'],
        ['a-1', 'waiting'],
      ]);
      // 9 March, 08:00 WIB: a-1 is due today.
      expect((await statesAt('2026-03-09T01:00:00Z')).a).toEqual([
        ['a-2', 'overdue'],
        ['a-1', 'dueToday'],
      ]);
    } finally {
      deployment.clock.set('2026-03-06T03:00:00Z');
    }
  });

  it('gives an office in WITA its instants in its own offset', async () => {
    const balikpapan = await deployment.tokenFor('supervisor', '6471');
    const answer = await settled(balikpapan);
    expect(caseIdsOf(answer)).toEqual([ids.e]);
    expect(itemOf(answer, ids.e)).toMatchObject({
      officeCode: '6471',
      timeZone: 'Asia/Makassar',
      officerId: 'wayan',
      startedAt: '2026-03-06T11:00:00.000+08:00',
      nextDueAt: '2026-03-06T23:59:59.999+08:00',
      inquiries: [
        expect.objectContaining({
          dueDate: '2026-03-06',
          dueAt: '2026-03-06T23:59:59.999+08:00',
          state: 'dueToday',
        }),
      ],
    });
    const kaltim = await deployment.tokenFor('auditor', '64');
    expect(caseIdsOf(await settled(kaltim))).toEqual([ids.e]);
  });

  it('drops an inquiry once answered, and the tracing once none waits', async () => {
    const yanti = await deployment.tokenFor('tracing-officer', '3603', 'yanti');
    await append(answered(ids.a, '3603', 'a-2'));
    expect(statesOf(itemOf(await settled(yanti, { officer: 'me' }), ids.a))).toEqual([
      ['a-1', 'waiting'],
    ]);
    await append(answered(ids.a, '3603', 'a-1'));
    expect(caseIdsOf(await settled(yanti, { officer: 'me' }))).not.toContain(ids.a);
    await append(sent(ids.a, '3603', 'a-3', wib('2026-03-11')));
    expect(statesOf(itemOf(await settled(yanti, { officer: 'me' }), ids.a))).toEqual([
      ['a-3', 'waiting'],
    ]);
  });

  it('moves a transferred tracing to the receiving office, waiting for its officer', async () => {
    const supervisor = await deployment.tokenFor('supervisor', '3603');
    const province = await deployment.tokenFor('supervisor', '36');
    const yanti = await deployment.tokenFor('tracing-officer', '3603', 'yanti');
    expect(caseIdsOf(await settled(supervisor))).toContain(ids.f);
    await append({
      type: 'TracingTransferred',
      caseId: ids.f,
      officeCode: '36',
      payload: { fromOfficeCode: '3603', toOfficeCode: '36', previousOfficerId: 'yanti' },
    });
    expect(caseIdsOf(await settled(supervisor))).not.toContain(ids.f);
    expect(caseIdsOf(await settled(yanti, { officer: 'me' }))).not.toContain(ids.f);
    const received = await settled(province, { office: '36' });
    expect(caseIdsOf(received)).toEqual([ids.f]);
    expect(itemOf(received, ids.f)).toMatchObject({
      officeCode: '36',
      officerId: null,
      inquiries: [expect.objectContaining({ inquiryId: 'f-1', dueDate: '2026-03-08' })],
    });
    await append(assigned(ids.f, '36', 'rudi'));
    const rudi = await deployment.tokenFor('tracing-officer', '36', 'rudi');
    expect(caseIdsOf(await settled(rudi, { officer: 'me' }))).toEqual([ids.f]);
  });

  it('pages by (due, case) with the next cursor', async () => {
    const auditor = await deployment.tokenFor('auditor', '36');
    const all = caseIdsOf(await settled(auditor));
    expect(all.length).toBeGreaterThan(2);
    const pages: string[][] = [];
    let after: string | undefined;
    do {
      const page = await list(auditor, { limit: '2', ...(after ? { after } : {}) });
      expect(page.status).toBe(200);
      pages.push(caseIdsOf(page));
      after = page.body.next ?? undefined;
    } while (after);
    expect(pages.flat()).toEqual(all);
    expect(pages.slice(0, -1).every((page) => page.length === 2)).toBe(true);
  });

  it('refuses bad query parameters with every problem as problem+json', async () => {
    const supervisor = await deployment.tokenFor('supervisor', '3603');
    const bad = await list(supervisor, {
      officer: 'you',
      office: 'Tangerang',
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
        ['officer', 'office', 'limit', 'after', ''].map((path) => ['query', path]),
      ),
    );
  });

  it('documents its query parameters in OpenAPI', async () => {
    const document = await http.get('/docs/openapi.json');
    const parameters = document.body.paths['/tracings'].get.parameters as {
      name: string;
      in: string;
      required: boolean;
    }[];
    expect(parameters.map(({ name, in: where, required }) => [name, where, required])).toEqual(
      expect.arrayContaining(
        ['officer', 'office', 'limit', 'after'].map((name) => [name, 'query', false]),
      ),
    );
  });
});
