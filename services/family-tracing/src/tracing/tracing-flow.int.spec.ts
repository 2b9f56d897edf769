import { eventually, type PublishedEvents } from '@dinsos/platform/testing';
import type request from 'supertest';
import {
  caseOf,
  createTracingDeployment,
  officer,
  tracingOf,
  tracingReady,
  type TracingDeployment,
} from '../testing/tracing-harness';

/**
 * The whole tracing of a Bekasi-template case (Kabupaten Tangerang, 3603, seed 004 step 4) over
 * Kafka, on real PostgreSQL: assessment's recommendation starts it, the kelurahan and
 * Disdukcapil are asked, the mother comes forward, is confirmed, and FamilyFound is published
 * for placement.
 */
describe('the tracing of a Bekasi case, from recommendation to family found', () => {
  let deployment: TracingDeployment;
  let http: ReturnType<typeof request>;
  let published: PublishedEvents;

  beforeAll(async () => {
    deployment = await createTracingDeployment({ clockStartsAt: '2026-03-03T02:00:00Z' });
    http = (await deployment.start()).http;
    published = await deployment.publishedEvents();
  });

  afterAll(async () => {
    await deployment?.stop();
  });

  it('traces the family through the kelurahan and Disdukcapil, and publishes FamilyFound', async () => {
    const bekasi = caseOf(deployment, '3603', 'bekasi');
    await bekasi.opened();
    const recommendation = await bekasi.recommended('traceFamily');
    const supervisor = await officer(deployment, http, 'supervisor', '3603', 'spv-ani');
    const tracer = await officer(deployment, http, 'tracing-officer', '3603', 'tracer-dedi');
    await tracingReady(deployment, supervisor, bekasi.caseId);
    const path = `/tracings/${bekasi.caseId}`;
    const ok = async (answer: Promise<request.Response>, status = 200) => {
      const response = await answer;
      expect({ status: response.status, body: response.body }).toMatchObject({ status });
      return response.body;
    };

    await ok(supervisor.post(`${path}/assignment`, { officerId: tracer.id }));
    const fileOf = async (text: string, mediaType = 'application/pdf') =>
      (await ok(tracer.upload(`${path}/letters`, Buffer.from(text), mediaType), 201))
        .fileId as string;

    // The kelurahan of origin and Disdukcapil are asked by letter.
    const village = await ok(
      tracer.post(`${path}/inquiries`, {
        channel: 'village',
        addressee: { name: 'Kelurahan Cisoka', regionCode: '36.03.12.2001' },
        letterNumber: '400.9/031/Dinsos-Tng/2026',
        letter: await fileOf('Surat permohonan penelusuran keluarga'),
      }),
      201,
    );
    const disdukcapil = await ok(
      tracer.post(`${path}/inquiries`, {
        channel: 'disdukcapil',
        addressee: { name: 'Disdukcapil Kabupaten Tangerang', regionCode: '36.03' },
        letterNumber: '470/032/Dinsos-Tng/2026',
        letter: await fileOf('Surat permohonan pengecekan sidik jari dan iris mata'),
      }),
      201,
    );
    await ok(
      tracer.post(`${path}/biometrics`, {
        captures: [
          {
            modality: 'fingerprint',
            position: 'rightThumb',
            file: await fileOf('fingerprint scan', 'image/png'),
            capturedAt: '2026-03-03T09:00:00+07:00',
          },
        ],
      }),
    );
    // The worklist is a projection: it shows the inquiries once it has caught up.
    const waiting = await eventually(async () => {
      const list = await tracer.get('/tracings?officer=me');
      return list.body.items?.length === 1 ? list.body : undefined;
    }, 'the inquiries on the worklist');
    expect(waiting.items).toEqual([
      expect.objectContaining({ caseId: bekasi.caseId, inquiries: expect.any(Array) }),
    ]);

    // The answers come back: Disdukcapil's as evidence the officer enters, the kelurahan's letter.
    await ok(
      tracer.post(`${path}/inquiries/${disdukcapil.inquiryId}/identity-verification`, {
        nikFound: true,
        nik: '3603121505160003',
        familyCardNumber: '3603120101090077',
        matchLevel: 'high',
        answeredBy: { name: 'Rudi Hartono', position: 'Kepala Seksi Identitas Penduduk' },
        answeredAt: '2026-03-04T14:00:00+07:00',
      }),
    );
    await ok(
      tracer.post(`${path}/inquiries/${village.inquiryId}/answer`, {
        answeredOn: '2026-03-03',
        answer: 'Ibu Siti Aminah, Kp. Babakan RT 02/03, mencari anaknya Yusuf sejak Februari',
        evidence: [await fileOf('Surat keterangan kelurahan')],
      }),
    );

    // The mother comes forward, is scored against what is known of the child, and confirmed.
    const candidate = await ok(
      tracer.post(`${path}/candidates`, {
        person: {
          name: 'Siti Aminah',
          phone: '0812-3456-7890',
          address: { line: 'Kp. Babakan RT 02/03', villageCode: '36.03.12.2001' },
        },
        relationClaimed: 'mother',
        family: { ageYears: 36, clientName: 'Ucup', clientAgeYears: 9 },
        known: {
          clientNames: ['Muhammad Yusuf', 'Ucup'],
          motherName: 'Siti Aminah',
          places: ['Cisoka', '36.03'],
          estimatedAgeYears: 10,
        },
      }),
      201,
    );
    expect(candidate.class).toBe('likely');
    await ok(
      tracer.post(`${path}/candidates/${candidate.candidateId}/decision`, {
        decision: 'confirmed',
        childView: 'Ucup recognised his mother and wants to go home.',
      }),
    );
    await ok(
      tracer.post(`${path}/family-found`, {
        candidateId: candidate.candidateId,
        familyMembers: [{ candidateId: candidate.candidateId }],
        relation: 'mother',
        address: { line: 'Kp. Babakan RT 02/03', villageCode: '36.03.12.2001' },
        verifiedBy: ['disdukcapil', 'villageLetter', 'childRecognition'],
        evidenceInquiryIds: [village.inquiryId, disdukcapil.inquiryId],
        childView: 'Ucup wants to go home to his mother.',
      }),
    );

    // Placement learns it from Kafka, in the case's order and correlation.
    const found = await published.find(bekasi.caseId, 'FamilyFound');
    expect(found.payload).toMatchObject({
      candidateId: candidate.candidateId,
      evidenceInquiryIds: [village.inquiryId, disdukcapil.inquiryId],
    });
    expect(found.serviceStandard).toEqual({ code: 'bekasi-layanan-rujukan', version: 1 });
    expect(JSON.stringify(found.payload)).not.toContain('Babakan');
    const types = (await tracingOf(deployment, bekasi.caseId)).map((event) => event.type);
    expect(types).toEqual([
      'TracingStarted',
      'TracingOfficerAssigned',
      'InquirySent',
      'InquirySent',
      'BiometricsCapturedForVerification',
      'IdentityVerificationReceived',
      'InquiryAnswered',
      'MatchCandidateProposed',
      'MatchDecided',
      'FamilyFound',
    ]);
    const [started] = await tracingOf(deployment, bekasi.caseId);
    expect(started.causationId).toBe(recommendation.eventId);

    const view = await ok(tracer.get(`${path}?purpose=familyTracing`));
    expect(view.status).toBe('familyFound');
    // Nothing waits any more: the case leaves the worklist.
    await eventually(async () => {
      const list = await tracer.get('/tracings?officer=me');
      return list.body.items.length === 0 ? true : undefined;
    }, 'the case to leave the worklist');
  });
});
