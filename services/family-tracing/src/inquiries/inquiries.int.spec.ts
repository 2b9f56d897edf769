import { randomUUID } from 'node:crypto';
import { examples } from '@dinsos/contracts';
import { reactionEventId } from '@dinsos/platform';
import { eventually } from '@dinsos/platform/testing';
import { serviceStandards, type Office } from '@dinsos/service-standards';
import type request from 'supertest';
import {
  createTracingDeployment,
  officer,
  standards,
  tracedCase,
  tracingOf,
  type TracingDeployment,
} from '../testing/tracing-harness';
import { inquiryOverdueTimerId } from './inquiry-overdue.timer';

/** A city office in WITA (UTC+8), on seed 004: its days are not Banten's. */
const makassar: Office = {
  code: '7371',
  regionName: 'Kota Makassar',
  officeName: 'Dinas Sosial Kota Makassar',
  level: 'city',
  timeZone: 'Asia/Makassar',
};
const withWita = serviceStandards.with({
  offices: serviceStandards.offices.with([makassar]),
  assignments: [
    {
      officeCode: makassar.code,
      standardCode: standards.bekasi.code,
      basis: 'A test office in another time zone, on the regency template (seed 004).',
    },
  ],
});

type Traced = Awaited<ReturnType<typeof tracedCase>>;

interface TimerRow {
  timer_id: string;
  due_at: Date;
  office_code: string;
  data: Record<string, unknown>;
  correlation_id: string;
  causation_id: string | null;
  fired_at: Date | null;
  cancelled_at: Date | null;
  attempts: number;
}

/** Inquiries by letter, their answers and overdue timers (real PostgreSQL and Kafka). */
describe('inquiries of a tracing', () => {
  let deployment: TracingDeployment;
  let http: ReturnType<typeof request>;

  beforeAll(async () => {
    deployment = await createTracingDeployment({ standards: withWita });
    http = (await deployment.start()).http;
  });

  afterAll(async () => {
    await deployment?.stop();
  });

  const timersOf = async (caseId: string): Promise<TimerRow[]> =>
    (
      await deployment.reader.pool.query<TimerRow>(
        `select timer_id, due_at, office_code, data, correlation_id::text as correlation_id,
                causation_id::text as causation_id, fired_at, cancelled_at, attempts
           from platform_timers where case_id = $1 order by scheduled_at, timer_id`,
        [caseId],
      )
    ).rows;
  const eventsOf = (caseId: string) => tracingOf(deployment, caseId);
  const upload = async (traced: Traced, text: string) => {
    const answer = await traced.tracer.upload(
      `/tracings/${traced.caseId}/letters`,
      Buffer.from(text),
    );
    expect(answer.status).toBe(201);
    return answer.body.fileId as string;
  };

  const villageInquiry = (letter: string, extra: object = {}) => ({
    channel: 'village',
    addressee: { name: 'Kelurahan Cikupa', regionCode: '36.03.12.2001' },
    letterNumber: '400.9/117/Dinsos/2026',
    letter,
    ...extra,
  });

  it('sends an inquiry by letter, due in the office’s own zone, and records its answer with evidence, encrypted', async () => {
    // 00:30 on 3 March in Makassar (WITA) is still 2 March in Banten (WIB).
    deployment.clock.set('2026-03-02T16:30:00Z');
    const traced = await tracedCase(deployment, http, makassar.code);
    const { caseId, tracer } = traced;
    const letterText = 'Surat permohonan penelusuran keluarga a.n. Yusuf';
    const letter = await upload(traced, letterText);

    const sent = await tracer.post(`/tracings/${caseId}/inquiries`, {
      channel: 'village',
      addressee: { name: 'Kelurahan Panakkukang', regionCode: '73.71.07.1001' },
      letterNumber: '400.9/021/Dinsos-Mks/2026',
      letter,
    });
    expect(sent.status).toBe(201);
    const inquiryId = sent.body.inquiryId as string;
    expect(inquiryId).toMatch(/^[0-9a-f-]{36}$/);
    expect(sent.headers.location).toBe(`/tracings/${caseId}/inquiries/${inquiryId}`);

    const inquirySent = (await eventsOf(caseId)).find((event) => event.type === 'InquirySent')!;
    expect(inquirySent).toMatchObject({
      eventId: sent.body.eventIds[0],
      officeCode: makassar.code,
      serviceStandard: standards.bekasi,
      payload: {
        inquiryId,
        clientId: traced.clientId,
        channel: 'village',
        addressee: { name: 'Kelurahan Panakkukang', regionCode: '73.71.07.1001' },
        letterNumber: '400.9/021/Dinsos-Mks/2026',
        sentOn: '2026-03-03',
        dueDate: '2026-03-10',
        dueAt: '2026-03-10T23:59:59.999+08:00',
      },
    });
    // Scheduled in the same transaction: due at dueAt, caused by the InquirySent.
    expect(await timersOf(caseId)).toEqual([
      expect.objectContaining({
        timer_id: inquiryOverdueTimerId(inquiryId),
        due_at: new Date('2026-03-10T15:59:59.999Z'),
        office_code: makassar.code,
        data: {
          inquiryId,
          dueAt: '2026-03-10T23:59:59.999+08:00',
          serviceStandard: standards.bekasi,
        },
        causation_id: inquirySent.eventId,
        correlation_id: inquirySent.correlationId,
        fired_at: null,
        cancelled_at: null,
      }),
    ]);

    // The same request again (same Idempotency-Key) answers the same inquiry; nothing new.
    const key = randomUUID();
    const body = villageInquiry(letter, {
      addressee: { name: 'Kecamatan Panakkukang', regionCode: '73.71.07' },
      channel: 'district',
      periodDays: 5,
    });
    const first = await tracer.post(`/tracings/${caseId}/inquiries`, body, key);
    const again = await tracer.post(`/tracings/${caseId}/inquiries`, body, key);
    expect(first.status).toBe(201);
    expect(again.status).toBe(201);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.body.inquiryId).toBe(first.body.inquiryId);
    expect(again.headers.location).toBe(first.headers.location);
    expect(await timersOf(caseId)).toHaveLength(2);
    expect((await eventsOf(caseId)).filter((e) => e.type === 'InquirySent')).toHaveLength(2);

    const socialWorker = await officer(deployment, http, 'social-worker', makassar.code);
    const shown = await socialWorker.get(`/tracings/${caseId}/inquiries/${first.body.inquiryId}`);
    expect(shown.status).toBe(200);
    expect(shown.body).toMatchObject({
      channel: 'district',
      sentOn: '2026-03-03',
      dueDate: '2026-03-08',
      status: 'sent',
    });

    const answerText = 'Lurah: ibu kandung Siti Aminah tinggal di RW 03, mengenali foto anak';
    const evidence = await upload(traced, 'Surat balasan Kelurahan Panakkukang');
    const answered = await tracer.post(`/tracings/${caseId}/inquiries/${inquiryId}/answer`, {
      answeredOn: '2026-03-06',
      answer: answerText,
      evidence: [evidence],
    });
    expect(answered.status).toBe(200);
    expect(
      (await socialWorker.get(`/tracings/${caseId}/inquiries/${inquiryId}`)).body,
    ).toMatchObject({ status: 'answered' });
    // The answer cancelled its timer in its own transaction.
    const timers = await timersOf(caseId);
    expect(
      timers.find((t) => t.timer_id === inquiryOverdueTimerId(inquiryId))?.cancelled_at,
    ).not.toBeNull();

    const stored = await eventsOf(caseId);
    const inquiryAnswered = stored.find((event) => event.type === 'InquiryAnswered')!;
    expect(inquiryAnswered.payload).toMatchObject({
      inquiryId,
      answeredOn: '2026-03-06',
      answer: { keyId: expect.any(String), iv: expect.any(String), ct: expect.any(String) },
      evidence: [{ keyId: expect.any(String), ct: expect.any(String) }],
    });
    expect(inquirySent.payload.letter).toEqual(
      expect.objectContaining({ keyId: expect.any(String), ct: expect.any(String) }),
    );
    const everything = JSON.stringify(stored);
    for (const plaintext of [answerText, 'Siti Aminah', letter, evidence, letterText]) {
      expect(everything).not.toContain(plaintext);
    }
  });

  it('records biometrics by reference, Disdukcapil’s answer as the officer enters it, and consent; all encrypted', async () => {
    const traced = await tracedCase(deployment, http, '3603');
    const { caseId, tracer } = traced;
    const thumb = await upload(traced, 'fingerprint: right thumb (WSQ bytes)');
    const iris = await upload(traced, 'iris: left eye (image bytes)');
    const captured = await tracer.post(`/tracings/${caseId}/biometrics`, {
      captures: [
        {
          modality: 'fingerprint',
          position: 'rightThumb',
          file: thumb,
          capturedAt: '2026-03-02T09:10:00+07:00',
        },
        {
          modality: 'iris',
          position: 'leftEye',
          file: iris,
          capturedAt: '2026-03-02T09:12:00+07:00',
        },
      ],
    });
    expect(captured.status).toBe(200);

    const letter = await upload(traced, 'Surat ke Disdukcapil Kab. Tangerang');
    const toDisdukcapil = await tracer.post(`/tracings/${caseId}/inquiries`, {
      channel: 'disdukcapil',
      addressee: { name: 'Disdukcapil Kabupaten Tangerang', regionCode: '36.03' },
      letterNumber: '470/55/Dinsos/2026',
      letter,
    });
    expect(toDisdukcapil.status).toBe(201);
    const toVillage = await tracer.post(`/tracings/${caseId}/inquiries`, villageInquiry(letter));
    expect(toVillage.status).toBe(201);

    const nik = '3603121505120003';
    const entry = {
      nikFound: true,
      nik,
      familyCardNumber: '3603120101090077',
      matchLevel: 'high',
      answeredBy: { name: 'Rudi Hartono', position: 'Kepala Seksi Identitas Penduduk' },
      answeredAt: '2026-03-03T14:00:00+07:00',
    };
    const notDisdukcapil = await tracer.post(
      `/tracings/${caseId}/inquiries/${toVillage.body.inquiryId}/identity-verification`,
      entry,
    );
    expect(notDisdukcapil.status).toBe(422);
    expect(notDisdukcapil.body.rule).toBe('not-a-disdukcapil-inquiry');
    const verified = await tracer.post(
      `/tracings/${caseId}/inquiries/${toDisdukcapil.body.inquiryId}/identity-verification`,
      entry,
    );
    expect(verified.status).toBe(200);

    const consentScan = await upload(traced, 'Surat persetujuan kepala Dinsos');
    const consent = await tracer.post(`/tracings/${caseId}/consent`, {
      givenBy: 'headOfDinsos',
      scan: consentScan,
    });
    expect(consent.status).toBe(200);

    const stored = await eventsOf(caseId);
    expect(stored.map((event) => event.type)).toEqual([
      'TracingStarted',
      'TracingOfficerAssigned',
      'BiometricsCapturedForVerification',
      'InquirySent',
      'InquirySent',
      'IdentityVerificationReceived',
      'TracingConsentRecorded',
    ]);
    expect(stored[2].payload).toMatchObject({
      captures: [
        { modality: 'fingerprint', position: 'rightThumb', file: { keyId: expect.any(String) } },
        { modality: 'iris', position: 'leftEye', file: { keyId: expect.any(String) } },
      ],
    });
    expect(stored[5].payload).toMatchObject({
      inquiryId: toDisdukcapil.body.inquiryId,
      nikFound: true,
      matchLevel: 'high',
      nik: { keyId: expect.any(String) },
      familyCardNumber: { keyId: expect.any(String) },
      answeredBy: { keyId: expect.any(String) },
      answeredAt: '2026-03-03T14:00:00+07:00',
    });
    const everything = JSON.stringify(stored);
    for (const plaintext of [nik, '3603120101090077', 'Rudi Hartono', thumb, iris, consentScan]) {
      expect(everything).not.toContain(plaintext);
    }
    // Disdukcapil's answer answered its inquiry: that timer is cancelled, the village's waits.
    const timers = await timersOf(caseId);
    expect(timers.map((t) => [t.timer_id, t.cancelled_at === null])).toEqual(
      expect.arrayContaining([
        [inquiryOverdueTimerId(toDisdukcapil.body.inquiryId), false],
        [inquiryOverdueTimerId(toVillage.body.inquiryId), true],
      ]),
    );
  });

  it('marks an unanswered inquiry overdue exactly once with two instances running; an answered one never', async () => {
    deployment.clock.set('2026-03-04T03:00:00Z'); // 10:00 WIB on 4 March
    const second = await deployment.start();
    const traced = await tracedCase(deployment, http, '3603');
    const { caseId, tracer } = traced;
    const letter = await upload(traced, 'Surat penelusuran');
    const ids: string[] = [];
    for (const periodDays of [2, 2, 1]) {
      const sent = await tracer
        .post(`/tracings/${caseId}/inquiries`, villageInquiry(letter, { periodDays }))
        // A caller's correlation id need not be a UUID: the timer keeps it as given.
        .set('X-Correlation-Id', `console-${periodDays}-${ids.length}`);
      expect(sent.status).toBe(201);
      ids.push(sent.body.inquiryId as string);
    }
    const [waiting, answered, earlier] = ids;
    const answer = await second.http
      .post(`/tracings/${caseId}/inquiries/${answered}/answer`)
      .set(
        'Authorization',
        `Bearer ${await deployment.tokenFor('tracing-officer', '3603', tracer.id)}`,
      )
      .set('Idempotency-Key', randomUUID())
      .send({ answeredOn: '2026-03-05', answer: 'Tidak dikenal di kelurahan ini' });
    expect(answer.status).toBe(200);

    // Due at the end of 6 March (WIB) and of 5 March: a minute past the later one, both are due.
    deployment.clock.set('2026-03-06T17:01:00Z');
    await eventually(async () => {
      const timers = await timersOf(caseId);
      const fired = timers.filter((t) => t.fired_at !== null).map((t) => t.timer_id);
      return fired.length === 2 ? fired : undefined;
    }, 'both due timers to fire');
    // Fired rows are never taken again; give both instances a few more polls to prove it.
    await new Promise((resolve) => setTimeout(resolve, 1500));

    const overdue = (await eventsOf(caseId)).filter((event) => event.type === 'InquiryOverdue');
    expect(overdue.map((event) => event.payload.inquiryId).sort()).toEqual(
      [earlier, waiting].sort(),
    );
    const sentEvents = (await eventsOf(caseId)).filter((event) => event.type === 'InquirySent');
    const sentOf = (inquiryId: string) =>
      sentEvents.find((event) => event.payload.inquiryId === inquiryId)!;
    for (const event of overdue) {
      const inquiryId = event.payload.inquiryId as string;
      expect(event).toMatchObject({
        eventId: reactionEventId(
          'family-tracing',
          `timer:${inquiryOverdueTimerId(inquiryId)}`,
          'inquiry-overdue',
          0,
        ),
        causationId: sentOf(inquiryId).eventId,
        correlationId: sentOf(inquiryId).correlationId,
        officeCode: '3603',
        serviceStandard: standards.bekasi,
        payload: { dueAt: sentOf(inquiryId).payload.dueAt },
      });
    }
    expect(sentOf(waiting).correlationId).toBe('console-2-0');
    expect(sentOf(earlier).payload.dueAt).toBe('2026-03-05T23:59:59.999+07:00');
    const timers = await timersOf(caseId);
    expect(timers.find((t) => t.timer_id === inquiryOverdueTimerId(answered))).toMatchObject({
      fired_at: null,
      cancelled_at: expect.any(Date),
    });
    // Both fired. Two instances may take the two timers of this one stream at once: the second
    // append then conflicts, and the kit fires that timer again on its next poll (attempts 2),
    // still once in the stream.
    for (const inquiryId of [waiting, earlier]) {
      expect(timers.find((t) => t.timer_id === inquiryOverdueTimerId(inquiryId))).toMatchObject({
        fired_at: expect.any(Date),
        cancelled_at: null,
      });
    }

    // A late answer is still recorded, as late.
    const late = await tracer.post(`/tracings/${caseId}/inquiries/${waiting}/answer`, {
      answeredOn: '2026-03-07',
      answer: 'Keluarga ditemukan di RT 02',
    });
    expect(late.status).toBe(200);
    expect((await tracer.get(`/tracings/${caseId}/inquiries/${waiting}`)).body.status).toBe(
      'answeredLate',
    );
    await second.stop();
  });

  describe('bad input is refused and changes nothing', () => {
    let traced: Traced;
    let letter: string;
    const candidateId = 'candidate-ibu-siti';

    beforeAll(async () => {
      traced = await tracedCase(deployment, http, '3603');
      letter = await upload(traced, 'Surat penelusuran');
      // A possible mother, marked do-not-contact (the candidates routes are another room's).
      const encrypted = (label: string) =>
        examples.exampleEncryptedField(`key-${traced.clientId}`, label);
      await deployment.append(
        {
          type: 'MatchCandidateProposed',
          caseId: traced.caseId,
          officeCode: '3603',
          serviceStandard: standards.bekasi,
          payload: {
            candidateId,
            clientId: traced.clientId,
            person: { personId: randomUUID(), name: encrypted('name') },
            knownOfClient: encrypted('knownOfClient'),
            relationClaimed: 'mother',
            comparison: [{ field: 'motherName', outcome: 'match' }],
            score: 0.91,
            class: 'likely',
            algorithm: { name: 'family-candidate', version: 1 },
          },
        },
        {
          type: 'DoNotContactMarked',
          caseId: traced.caseId,
          officeCode: '3603',
          serviceStandard: standards.bekasi,
          payload: { candidateId, clientId: traced.clientId, reason: encrypted('reason') },
        },
      );
    });

    /** The answer, after which the stream and the timers are as they were. */
    async function refused(send: () => Promise<request.Response>) {
      const before = (await eventsOf(traced.caseId)).length;
      const timersBefore = (await timersOf(traced.caseId)).length;
      const answer = await send();
      expect((await eventsOf(traced.caseId)).length).toBe(before);
      expect((await timersOf(traced.caseId)).length).toBe(timersBefore);
      return answer;
    }

    it('an answer to an inquiry never sent: 422', async () => {
      const answer = await refused(() =>
        traced.tracer.post(`/tracings/${traced.caseId}/inquiries/${randomUUID()}/answer`, {
          answeredOn: '2026-03-07',
          answer: 'Jawaban tanpa surat',
        }),
      );
      expect(answer.status).toBe(422);
      expect(answer.body.rule).toBe('no-such-inquiry');
      expect(answer.body.detail).toContain('only to an inquiry that was sent');
    });

    it('an inquiry about a family marked do-not-contact: 422, and no timer', async () => {
      const answer = await refused(() =>
        traced.tracer.post(
          `/tracings/${traced.caseId}/inquiries`,
          villageInquiry(letter, { candidateId }),
        ),
      );
      expect(answer.status).toBe(422);
      expect(answer.body.rule).toBe('do-not-contact');
      expect(answer.body.detail).toContain('marked do-not-contact');
      expect(await timersOf(traced.caseId)).toEqual([]);
    });

    it('a period beyond the standard’s (seed 004: 7 days): 422, and no timer', async () => {
      const answer = await refused(() =>
        traced.tracer.post(
          `/tracings/${traced.caseId}/inquiries`,
          villageInquiry(letter, { periodDays: 8 }),
        ),
      );
      expect(answer.status).toBe(422);
      expect(answer.body.rule).toBe('period-beyond-standard');
      expect(answer.body.detail).toContain('at most 7 days');
      expect(await timersOf(traced.caseId)).toEqual([]);
    });

    it('a letter never uploaded: 422', async () => {
      const answer = await refused(() =>
        traced.tracer.post(`/tracings/${traced.caseId}/inquiries`, villageInquiry('a'.repeat(64))),
      );
      expect(answer.status).toBe(422);
      expect(answer.body.rule).toBe('file-not-found');
    });

    it('a bad body: 400 with each field; a social worker sending: 403; another regency: 404', async () => {
      const bad = await refused(() =>
        traced.tracer.post(`/tracings/${traced.caseId}/inquiries`, {
          ...villageInquiry(letter),
          addressee: { name: 'Kelurahan Cikupa', regionCode: '36.03' },
          periodDays: 0,
          colour: 'red',
        }),
      );
      expect(bad.status).toBe(400);
      expect(bad.headers['content-type']).toContain('application/problem+json');
      const paths = (bad.body.errors as { path: string }[]).map(
        (problem: { path: string }) => problem.path,
      );
      expect(paths).toEqual(expect.arrayContaining(['periodDays', 'addressee.regionCode']));

      const socialWorker = await officer(deployment, http, 'social-worker', '3603');
      const forbidden = await refused(() =>
        socialWorker.post(`/tracings/${traced.caseId}/inquiries`, villageInquiry(letter)),
      );
      expect(forbidden.status).toBe(403);

      const elsewhere = await officer(deployment, http, 'tracing-officer', '3601');
      const unknown = await refused(() =>
        elsewhere.post(`/tracings/${traced.caseId}/inquiries`, villageInquiry(letter)),
      );
      expect(unknown.status).toBe(404);
      expect((await elsewhere.get(`/tracings/${traced.caseId}/inquiries/x`)).status).toBe(404);
    });
  });
});
