// The case view GET /tracings/:caseId on real PostgreSQL and Kafka: tracing starts from
// assessment's recommendation on Kafka and a supervisor assigns the officer through the route;
// the rest of the stream is appended as the write path would, its personal fields encrypted
// through the kit (the started app's PersonalFields), so the view can decrypt them for a purpose.
import { PersonalFields } from '@dinsos/platform';
import { eventually, type OwnEvent } from '@dinsos/platform/testing';
import type request from 'supertest';
import {
  createTracingDeployment,
  officer,
  tracedCase,
  type TracingDeployment,
} from '../testing/tracing-harness';

const sha = (digit: string) => digit.repeat(64);

describe('the tracing of a case, as officers read it (real PostgreSQL and Kafka)', () => {
  let deployment: TracingDeployment;
  let http: ReturnType<typeof request>;
  let fields: PersonalFields;
  let found: Awaited<ReturnType<typeof tracedCase>>;
  let reopened: Awaited<ReturnType<typeof tracedCase>>;
  const motherId = `mother-${Date.now().toString(36)}`;
  const uncleId = `uncle-${Date.now().toString(36)}`;

  const as = (role: Parameters<typeof officer>[2], officeCode: string, id?: string) =>
    officer(deployment, http, role, officeCode, id);

  /** Appends to a case's tracing stream in office 3603, after what the routes recorded. */
  const append = (caseId: string, ...events: Omit<OwnEvent, 'caseId' | 'officeCode'>[]) =>
    deployment.append(...events.map((event) => ({ ...event, caseId, officeCode: '3603' })));

  beforeAll(async () => {
    // 10:00 on 6 March 2026 in WIB.
    deployment = await createTracingDeployment({ clockStartsAt: '2026-03-06T03:00:00Z' });
    const instance = await deployment.start();
    http = instance.http;
    fields = instance.app.get(PersonalFields);

    found = await tracedCase(deployment, http, '3603');
    const client = found.clientId;
    const file = (subject: string, id: string, digit: string, mediaType = 'application/pdf') =>
      fields.encryptFile(subject, { fileId: id, sha256: sha(digit), mediaType });
    const mother = {
      personId: motherId,
      name: await fields.encrypt(motherId, 'Sari Wulandari'),
      phone: await fields.encrypt(motherId, '081234567890'),
      relationship: 'mother',
    };
    await append(
      found.caseId,
      {
        type: 'InquirySent',
        subjectIds: [client],
        payload: {
          inquiryId: 'village-1',
          clientId: client,
          channel: 'village',
          addressee: { name: 'Kelurahan Sukamaju', regionCode: '3603010001' },
          letterNumber: '400/117/Dinsos',
          letter: await file(client, 'letter-village-1', 'a'),
          sentOn: '2026-03-02',
          dueDate: '2026-03-05',
          dueAt: '2026-03-05T23:59:59.999+07:00',
        },
      },
      {
        type: 'InquiryOverdue',
        payload: { inquiryId: 'village-1', dueAt: '2026-03-05T23:59:59.999+07:00' },
      },
      {
        type: 'InquiryAnswered',
        subjectIds: [client],
        payload: {
          inquiryId: 'village-1',
          clientId: client,
          answeredOn: '2026-03-06',
          answer: await fields.encrypt(client, 'Known at RT 03: his mother Sari lives there'),
          evidence: [await file(client, 'answer-village-1', 'b')],
        },
      },
      {
        type: 'InquirySent',
        subjectIds: [client],
        payload: {
          inquiryId: 'disdukcapil-1',
          clientId: client,
          channel: 'disdukcapil',
          addressee: { name: 'Disdukcapil Kabupaten Tangerang' },
          letterNumber: '400/118/Dinsos',
          letter: await file(client, 'letter-disdukcapil-1', 'c'),
          sentOn: '2026-03-03',
          dueDate: '2026-03-09',
          dueAt: '2026-03-09T23:59:59.999+07:00',
        },
      },
      {
        type: 'BiometricsCapturedForVerification',
        subjectIds: [client],
        payload: {
          clientId: client,
          captures: [
            {
              modality: 'fingerprint',
              position: 'right thumb',
              file: await file(client, 'fingerprint-1', 'd', 'image/png'),
              capturedAt: '2026-03-03T09:00:00+07:00',
            },
          ],
        },
      },
      {
        type: 'IdentityVerificationReceived',
        subjectIds: [client],
        payload: {
          inquiryId: 'disdukcapil-1',
          clientId: client,
          nikFound: true,
          nik: await fields.encrypt(client, '3603011204150001'),
          matchLevel: 'high',
          answeredBy: await fields.encrypt(client, 'Budi, operator Disdukcapil'),
          answeredAt: '2026-03-04T14:00:00+07:00',
        },
      },
      {
        type: 'InquirySent',
        subjectIds: [client],
        payload: {
          inquiryId: 'district-1',
          clientId: client,
          channel: 'district',
          addressee: { name: 'Kecamatan Cisoka' },
          letterNumber: '400/119/Dinsos',
          letter: await file(client, 'letter-district-1', 'e'),
          sentOn: '2026-03-04',
          dueDate: '2026-03-06',
          dueAt: '2026-03-06T23:59:59.999+07:00',
        },
      },
      {
        type: 'MatchCandidateProposed',
        subjectIds: [client, motherId],
        payload: {
          candidateId: 'candidate-mother',
          clientId: client,
          person: mother,
          knownOfClient: await fields.encrypt(
            client,
            JSON.stringify({ childName: 'Ucup', motherName: 'Sari' }),
          ),
          relationClaimed: 'mother',
          comparison: [
            { field: 'childName', outcome: 'match' },
            { field: 'fatherName', outcome: 'blank' },
          ],
          score: 0.91,
          class: 'likely',
          algorithm: { name: 'family-candidate', version: 1 },
        },
      },
      {
        type: 'SafetyConcernRecorded',
        subjectIds: [client],
        payload: {
          concernId: 'concern-1',
          candidateId: 'candidate-mother',
          clientId: client,
          kind: 'neglect',
          details: await fields.encrypt(client, 'Left alone for days last year'),
        },
      },
      {
        type: 'SafetyConcernCleared',
        actor: { id: 'supervisor-3603', role: 'supervisor', officeCode: '3603' },
        subjectIds: [client],
        payload: {
          concernId: 'concern-1',
          clientId: client,
          reason: await fields.encrypt(client, 'Home visit: the mother has support now'),
        },
      },
      {
        type: 'MatchCandidateProposed',
        subjectIds: [client, uncleId],
        payload: {
          candidateId: 'candidate-uncle',
          clientId: client,
          person: { personId: uncleId, name: await fields.encrypt(uncleId, 'Joko') },
          knownOfClient: await fields.encrypt(client, 'not JSON'),
          relationClaimed: 'uncle',
          comparison: [{ field: 'place', outcome: 'mismatch' }],
          score: 0.42,
          class: 'unlikely',
          algorithm: { name: 'family-candidate', version: 1 },
        },
      },
      {
        type: 'DoNotContactMarked',
        subjectIds: [client],
        payload: {
          candidateId: 'candidate-uncle',
          clientId: client,
          reason: await fields.encrypt(client, 'The child fears him'),
        },
      },
      {
        type: 'MatchDecided',
        subjectIds: [client],
        payload: {
          candidateId: 'candidate-mother',
          clientId: client,
          decision: 'confirmed',
          childView: await fields.encrypt(client, 'He wants to go home to his mother'),
        },
      },
      {
        type: 'FamilyFound',
        subjectIds: [client, motherId],
        payload: {
          clientId: client,
          candidateId: 'candidate-mother',
          familyMembers: [mother],
          relation: 'mother',
          address: await fields.encrypt(motherId, {
            line: 'RT 03/RW 02',
            villageCode: '3603010001',
          }),
          verifiedBy: ['disdukcapil', 'villageLetter'],
          evidenceInquiryIds: ['village-1', 'disdukcapil-1'],
          childView: await fields.encrypt(client, 'Happy to go home'),
        },
      },
    );

    reopened = await tracedCase(deployment, http, '3603');
    await append(
      reopened.caseId,
      {
        type: 'InquirySent',
        payload: {
          inquiryId: 'village-2',
          clientId: reopened.clientId,
          channel: 'village',
          addressee: { name: 'Desa Cikande' },
          letterNumber: '400/120/Dinsos',
          letter: await file(reopened.clientId, 'letter-village-2', 'f'),
          sentOn: '2026-03-02',
          dueDate: '2026-03-07',
          dueAt: '2026-03-07T23:59:59.999+07:00',
        },
      },
      {
        type: 'FamilyNotFound',
        payload: {
          clientId: reopened.clientId,
          channelsTried: ['village'],
          reason: 'No one in the desa knows the family',
        },
      },
      {
        type: 'TracingReopened',
        payload: {
          clientId: reopened.clientId,
          reason: await fields.encrypt(reopened.clientId, 'A neighbour recognised his photo'),
        },
      },
    );
  }, 120_000);

  afterAll(async () => {
    await deployment?.stop();
  });

  it('shows the tracing without its personal fields when no purpose is given', async () => {
    const supervisor = await as('supervisor', '3603');
    const answer = await supervisor.get(`/tracings/${found.caseId}`);
    expect(answer.status).toBe(200);
    const view = answer.body;
    expect(answer.headers.etag).toBe(`"${view.revision}"`);
    expect(view).toMatchObject({
      caseId: found.caseId,
      status: 'familyFound',
      clientId: found.clientId,
      officeCode: '3603',
      timeZone: 'Asia/Jakarta',
      serviceStandard: { code: 'bekasi-layanan-rujukan', version: 1 },
      inquiryPeriodDays: 7,
      officerId: 'tracer-3603',
      assignments: [
        expect.objectContaining({ officerId: 'tracer-3603', how: 'assignedBySupervisor' }),
      ],
      consent: { required: false, recorded: false, records: [] },
      personalFields: { shown: false },
      asOf: '2026-03-06T03:00:00.000Z',
      inquiriesWaiting: ['district-1'],
      biometricsCaptured: true,
      reopenedTimes: 0,
    });
    const withheld = { withheld: true };
    expect(view.inquiries['village-1']).toMatchObject({
      channel: 'village',
      addressee: { name: 'Kelurahan Sukamaju', regionCode: '3603010001' },
      letterNumber: '400/117/Dinsos',
      letter: withheld,
      sentOn: '2026-03-02',
      dueDate: '2026-03-05',
      dueAt: '2026-03-05T23:59:59.999+07:00',
      status: 'answeredLate',
      waitingState: null,
      overdueAt: '2026-03-06T10:00:00.000+07:00',
      answer: { answeredOn: '2026-03-06', answer: withheld, evidence: [withheld], late: true },
    });
    expect(view.inquiries['disdukcapil-1']).toMatchObject({
      status: 'answered',
      identityVerification: true,
      answer: { answeredOn: '2026-03-04', answer: { nikFound: true, matchLevel: 'high' } },
    });
    expect(view.inquiries['district-1']).toMatchObject({
      status: 'sent',
      waitingState: 'dueToday',
      answer: null,
    });
    expect(view.identityVerifications).toEqual([
      expect.objectContaining({
        inquiryId: 'disdukcapil-1',
        nikFound: true,
        nik: withheld,
        matchLevel: 'high',
        answeredBy: withheld,
        answeredAt: '2026-03-04T14:00:00.000+07:00',
      }),
    ]);
    expect(view.biometrics).toEqual([
      expect.objectContaining({
        modality: 'fingerprint',
        position: 'right thumb',
        file: withheld,
        capturedAt: '2026-03-03T09:00:00.000+07:00',
      }),
    ]);
    expect(view.candidates['candidate-mother']).toMatchObject({
      person: { personId: motherId, name: withheld, phone: withheld, relationship: 'mother' },
      relationClaimed: 'mother',
      knownOfClient: withheld,
      comparison: [
        { field: 'childName', outcome: 'match' },
        { field: 'fatherName', outcome: 'blank' },
      ],
      score: 0.91,
      class: 'likely',
      algorithm: { name: 'family-candidate', version: 1 },
      decision: 'confirmed',
      decided: { reason: null, childView: withheld },
      concerns: [
        {
          concernId: 'concern-1',
          kind: 'neglect',
          details: withheld,
          cleared: {
            reason: withheld,
            recorded: expect.objectContaining({ by: 'supervisor-3603' }),
          },
        },
      ],
      openConcerns: [],
      doNotContact: false,
      blocked: false,
    });
    expect(view.candidates['candidate-uncle']).toMatchObject({
      decision: null,
      doNotContact: true,
      doNotContactMarked: { reason: withheld },
      blocked: true,
    });
    expect(view.outcome).toMatchObject({
      kind: 'familyFound',
      candidateId: 'candidate-mother',
      familyMembers: [{ personId: motherId, name: withheld, phone: withheld }],
      relation: 'mother',
      address: withheld,
      verifiedBy: ['disdukcapil', 'villageLetter'],
      evidenceInquiryIds: ['village-1', 'disdukcapil-1'],
      childView: withheld,
    });
    const text = JSON.stringify(view);
    for (const secret of ['Sari', 'Ucup', '3603011204150001', 'fingerprint-1', 'RT 03']) {
      expect(text).not.toContain(secret);
    }
    // Every reader role may see it so.
    for (const role of ['social-worker', 'intake-officer', 'tracing-officer'] as const) {
      expect((await (await as(role, '3603')).get(`/tracings/${found.caseId}`)).status).toBe(200);
    }
    expect((await (await as('auditor', '36')).get(`/tracings/${found.caseId}`)).status).toBe(200);
  });

  it('decrypts the personal fields for a tracing officer reading for family tracing', async () => {
    const { body: view } = await found.tracer.get(
      `/tracings/${found.caseId}?purpose=familyTracing`,
    );
    expect(view.personalFields).toEqual({ shown: true, purpose: 'familyTracing' });
    expect(view.inquiries['village-1']).toMatchObject({
      letter: { fileId: 'letter-village-1', sha256: sha('a'), mediaType: 'application/pdf' },
      answer: {
        answer: 'Known at RT 03: his mother Sari lives there',
        evidence: [{ fileId: 'answer-village-1', sha256: sha('b'), mediaType: 'application/pdf' }],
      },
    });
    expect(view.identityVerifications[0]).toMatchObject({
      nik: '3603011204150001',
      answeredBy: 'Budi, operator Disdukcapil',
    });
    expect(view.biometrics[0].file).toEqual({
      fileId: 'fingerprint-1',
      sha256: sha('d'),
      mediaType: 'image/png',
    });
    expect(view.candidates['candidate-mother']).toMatchObject({
      person: { personId: motherId, name: 'Sari Wulandari', phone: '081234567890' },
      knownOfClient: { childName: 'Ucup', motherName: 'Sari' },
      decided: { childView: 'He wants to go home to his mother' },
      concerns: [
        {
          details: 'Left alone for days last year',
          cleared: { reason: 'Home visit: the mother has support now' },
        },
      ],
    });
    expect(view.candidates['candidate-uncle']).toMatchObject({
      person: { name: 'Joko' },
      knownOfClient: 'not JSON',
      doNotContactMarked: { reason: 'The child fears him' },
    });
    expect(view.outcome).toMatchObject({
      familyMembers: [{ name: 'Sari Wulandari' }],
      address: { line: 'RT 03/RW 02', villageCode: '3603010001' },
      childView: 'Happy to go home',
    });
    const supervisor = await as('supervisor', '36');
    const province = await supervisor.get(`/tracings/${found.caseId}?purpose=familyTracing`);
    expect(province.body.outcome.childView).toBe('Happy to go home');
    const auditor = await as('auditor', '3603');
    const audited = await auditor.get(`/tracings/${found.caseId}?purpose=audit`);
    expect(audited.body.personalFields).toEqual({ shown: true, purpose: 'audit' });
    expect(audited.body.candidates['candidate-mother'].person.name).toBe('Sari Wulandari');
  });

  it('refuses a purpose to a role that may not read for it, and a purpose it does not know', async () => {
    const path = `/tracings/${found.caseId}`;
    const intake = await as('intake-officer', '3603');
    const refused = await intake.get(`${path}?purpose=familyTracing`);
    expect(refused.status).toBe(403);
    expect(refused.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(refused.body.detail).toContain('without a purpose');
    expect((await (await as('social-worker', '3603')).get(`${path}?purpose=audit`)).status).toBe(
      403,
    );
    expect((await (await as('auditor', '3603')).get(`${path}?purpose=familyTracing`)).status).toBe(
      403,
    );
    expect((await found.tracer.get(`${path}?purpose=audit`)).status).toBe(403);
    const unknown = await found.tracer.get(`${path}?purpose=curiosity`);
    expect(unknown.status).toBe(400);
    expect(unknown.body.errors).toEqual([
      expect.objectContaining({ in: 'query', path: 'purpose' }),
    ]);
  });

  it('keeps the case from another regency and from roles that do not read tracings', async () => {
    const path = `/tracings/${found.caseId}`;
    const elsewhere = await as('supervisor', '3601');
    expect((await elsewhere.get(path)).status).toBe(404);
    expect((await elsewhere.get(`${path}?purpose=familyTracing`)).status).toBe(404);
    expect((await (await as('placement-officer', '3603')).get(path)).status).toBe(403);
    expect((await (await as('analyst', '36')).get(path)).status).toBe(403);
  });

  it('shows a reopened tracing under way again, with what it went through', async () => {
    const { body: view } = await reopened.tracer.get(
      `/tracings/${reopened.caseId}?purpose=familyTracing`,
    );
    expect(view).toMatchObject({
      status: 'tracing',
      reopenedTimes: 1,
      outcome: null,
      inquiriesWaiting: ['village-2'],
    });
    expect(view.inquiries['village-2']).toMatchObject({ status: 'sent', waitingState: 'waiting' });
    expect(view.outcomeHistory).toEqual([
      expect.objectContaining({
        kind: 'familyNotFound',
        channelsTried: ['village'],
        reason: 'No one in the desa knows the family',
      }),
      expect.objectContaining({ kind: 'reopened', reason: 'A neighbour recognised his photo' }),
    ]);
    // The same inquiry against a later clock: due today, then overdue.
    try {
      deployment.clock.set('2026-03-07T03:00:00Z');
      expect(
        (await reopened.tracer.get(`/tracings/${reopened.caseId}`)).body.inquiries['village-2']
          .waitingState,
      ).toBe('dueToday');
      deployment.clock.set('2026-03-07T17:00:00Z');
      expect(
        (await reopened.tracer.get(`/tracings/${reopened.caseId}`)).body.inquiries['village-2']
          .waitingState,
      ).toBe('overdue');
    } finally {
      deployment.clock.set('2026-03-06T03:00:00Z');
    }
  });

  it('lists the open inquiry of the found family’s case nowhere, and the reopened one in the worklist', async () => {
    const supervisor = await as('supervisor', '3603');
    const answer = await eventually(async () => {
      const list = await supervisor.get('/tracings');
      const caseIds = (list.body.items as { caseId: string }[]).map((item) => item.caseId);
      return caseIds.includes(reopened.caseId) ? caseIds : undefined;
    }, 'the reopened tracing to be listed');
    expect(answer).not.toContain(found.caseId);
  });
});
