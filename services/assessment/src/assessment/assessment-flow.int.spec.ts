import type { Role } from '@dinsos/auth';
import type { PublishedEvents } from '@dinsos/platform/testing';
import type request from 'supertest';
import {
  assessmentBody,
  assessmentStarted,
  createAssessmentDeployment,
  intakeOf,
  newCaseId,
  officeClient,
  type AssessmentDeployment,
} from '../testing/assessment-harness';

/** The social worker's work over HTTP, under each seed's standard (real PostgreSQL and Kafka). */
describe('an assessment from assignment to recommendation', () => {
  let deployment: AssessmentDeployment;
  let http: ReturnType<typeof request>;
  let published: PublishedEvents;

  beforeAll(async () => {
    deployment = await createAssessmentDeployment();
    http = (await deployment.start()).http;
    published = await deployment.publishedEvents();
  });

  afterAll(async () => {
    await deployment?.stop();
  });

  const as = async (role: Role, officeCode: string, id: string) =>
    officeClient(http, await deployment.tokenFor(role, officeCode, id));

  describe('seed 004 (Kab. Bekasi template): assessment and 7 days of care in the shelter', () => {
    const caseId = newCaseId('3603');
    let supervisor: Awaited<ReturnType<typeof as>>;
    let siti: Awaited<ReturnType<typeof as>>;

    beforeAll(async () => {
      deployment.clock.set('2026-03-02T02:15:00Z');
      const intake = intakeOf(deployment, caseId, '3603');
      await intake.reportReceived('bekasi', '2026-03-02T01:00:00.000Z');
      await intake.handedOverToShelter('2026-03-02T01:30:00.000Z');
      await intake.caseOpened('bekasi', '2026-03-02T01:35:00.000Z');
      supervisor = await as('supervisor', '3603', 'spv-ani');
      siti = await as('social-worker', '3603', 'peksos-siti');
      await assessmentStarted(supervisor, caseId);
    });

    it('a supervisor assigns the social worker, and another worker takes it over only with a reason', async () => {
      const assigned = await supervisor.post(`/assessments/${caseId}/assignment`, {
        socialWorkerId: 'peksos-siti',
      });
      expect(assigned.status).toBe(200);
      const budi = await as('social-worker', '3603', 'peksos-budi');
      const noReason = await budi.post(`/assessments/${caseId}/take`, {});
      expect(noReason.status).toBe(422);
      expect(noReason.body.rule).toBe('reassignment-needs-reason');
      const back = await supervisor.post(`/assessments/${caseId}/assignment`, {
        socialWorkerId: 'peksos-siti',
      });
      expect(back.body.eventIds).toEqual([]);
    });

    it('records the initial assessment with an attachment, encrypted; shown only with a purpose', async () => {
      const upload = await http
        .post(`/assessments/${caseId}/attachments`)
        .set(
          'Authorization',
          `Bearer ${await deployment.tokenFor('social-worker', '3603', 'peksos-siti')}`,
        )
        .set('Content-Type', 'image/jpeg')
        .send(Buffer.from('a photo of the wounds'));
      expect(upload.status).toBe(201);
      const recorded = await siti.post(
        `/assessments/${caseId}/assessments`,
        assessmentBody({ attachments: [upload.body.fileId] }),
      );
      expect(recorded.status).toBe(200);

      const [stored] = (await deployment.reader.store.readStream(`assessment-${caseId}`)).filter(
        (event) => event.type === 'AssessmentRecorded',
      );
      expect(JSON.stringify(stored.payload)).not.toContain('grandmother');
      expect(stored.payload).toMatchObject({
        kind: 'initial',
        assessmentNumber: 1,
        needsMedicalCare: false,
      });

      const plain = await siti.get(`/assessments/${caseId}`);
      expect(plain.body.personalFields).toEqual({ shown: false });
      expect(plain.body.assessments[0]).toMatchObject({
        kind: 'initial',
        education: { status: 'droppedOut' },
        health: { withheld: true },
        childView: { withheld: true },
        recorded: { by: 'peksos-siti' },
      });
      const read = await siti.get(`/assessments/${caseId}?purpose=caseHandling`);
      expect(read.body.assessments[0]).toMatchObject({
        health: 'Skin infection on the feet; no fever',
        risks: { riskAtHome: 'medium', details: 'Left alone for weeks at a time' },
        childView: 'I want to go home to my grandmother',
        attachments: [{ fileId: upload.body.fileId }],
      });
      const auditor = await as('auditor', '36', 'auditor-1');
      expect(
        (await auditor.get(`/assessments/${caseId}?purpose=audit`)).body.assessments[0],
      ).toMatchObject({
        health: 'Skin infection on the feet; no fever',
      });
      const intakeOfficer = await as('intake-officer', '3603', 'intake-1');
      expect((await intakeOfficer.get(`/assessments/${caseId}`)).status).toBe(200);
      expect((await intakeOfficer.get(`/assessments/${caseId}?purpose=caseHandling`)).status).toBe(
        403,
      );
    });

    it('takes a note for each day of care, and shows the days without one', async () => {
      deployment.clock.set('2026-03-04T05:00:00Z'); // 12:00 WIB on 4 March
      expect(
        (
          await siti.post(`/assessments/${caseId}/rehabilitation-notes`, {
            day: '2026-03-02',
            services: ['meals', 'clothing', 'healthCheck'],
            note: 'Feet cleaned and dressed at the puskesmas',
          })
        ).status,
      ).toBe(200);
      expect(
        (
          await siti.post(`/assessments/${caseId}/rehabilitation-notes`, {
            day: '2026-03-04',
            services: ['meals', 'counselling', 'recreation'],
          })
        ).status,
      ).toBe(200);
      const { body } = await siti.get(`/assessments/${caseId}?purpose=caseHandling`);
      expect(body.shelterCare).toEqual({
        clock: 'basic-rehabilitation',
        from: '2026-03-02',
        until: null,
        dueDate: '2026-03-09',
        daysWithoutNote: ['2026-03-03'],
      });
      expect(body.rehabilitationNotes[0]).toMatchObject({
        day: '2026-03-02',
        note: 'Feet cleaned and dressed at the puskesmas',
      });
    });

    it('recommends tracing the family without waiting for the 7 days or a supervisor, and publishes it', async () => {
      const made = await siti.post(`/assessments/${caseId}/recommendations`, {
        recommendation: 'traceFamily',
        reasons: 'Knows his village; grandmother may be there',
        childView: 'Wants to see his grandmother',
      });
      expect(made.status).toBe(200);
      const event = await published.find(caseId, 'RecommendationMade');
      expect(event.payload).toMatchObject({
        recommendation: 'traceFamily',
        recommendationNumber: 1,
      });
      expect(event.payload.approvedBy).toBeUndefined();
      expect(event.serviceStandard).toEqual({ code: 'bekasi-layanan-rujukan', version: 1 });
      // Care goes on after the recommendation, while tracing runs.
      deployment.clock.set('2026-03-06T05:00:00Z');
      const later = await siti.post(`/assessments/${caseId}/rehabilitation-notes`, {
        day: '2026-03-05',
        services: ['meals'],
      });
      expect(later.status).toBe(200);
      // A further assessment (asesmen lanjutan) may follow.
      const further = await siti.post(
        `/assessments/${caseId}/assessments`,
        assessmentBody({ assessedOn: '2026-03-06' }),
      );
      expect(further.status).toBe(200);
      const view = await siti.get(`/assessments/${caseId}`);
      expect(view.body.assessments.map((a: { kind: string }) => a.kind)).toEqual([
        'initial',
        'further',
      ]);
    });
  });

  describe('seed 000 (Banten province): the Peksos assessment, approved by a supervisor', () => {
    const caseId = newCaseId('36');
    let supervisor: Awaited<ReturnType<typeof as>>;
    let budi: Awaited<ReturnType<typeof as>>;

    beforeAll(async () => {
      deployment.clock.set('2026-03-10T02:00:00Z');
      const intake = intakeOf(deployment, caseId, '36');
      await intake.reportReceived('banten', '2026-03-09T02:00:00.000Z');
      await intake.caseOpened('banten', '2026-03-09T04:00:00.000Z');
      supervisor = await as('supervisor', '36', 'spv-rina');
      budi = await as('social-worker', '36', 'peksos-budi');
      await assessmentStarted(supervisor, caseId);
    });

    it('runs only the whole service’s year, and has no shelter care to note', async () => {
      const { body } = await supervisor.get(`/assessments/${caseId}`);
      expect(body.steps).toEqual(['peksos-assessment']);
      expect(body.clocks).toEqual([
        expect.objectContaining({ code: 'whole-service', dueDate: '2027-03-09', sla: 'onTrack' }),
      ]);
      expect(body.shelterCare).toBeNull();
      expect((await budi.post(`/assessments/${caseId}/take`, {})).status).toBe(200);
      const note = await budi.post(`/assessments/${caseId}/rehabilitation-notes`, {
        day: '2026-03-10',
        services: ['meals'],
      });
      expect(note.status).toBe(422);
      expect(note.body.rule).toBe('no-shelter-care');
    });

    it('submits the recommendation; the supervisor sends one back with a reason and approves the next', async () => {
      expect(
        (
          await budi.post(
            `/assessments/${caseId}/assessments`,
            assessmentBody({ assessedOn: '2026-03-10' }),
          )
        ).status,
      ).toBe(200);
      const first = await budi.post(`/assessments/${caseId}/recommendations`, {
        recommendation: 'returnHome',
        reasons: 'Family in Serang is known',
        childView: 'Wants to go home',
      });
      expect(first.status).toBe(200);
      const rejected = await supervisor.post(`/assessments/${caseId}/recommendations/1/rejection`, {
        reason: 'The father was the one who left him: assess the home first',
      });
      expect(rejected.status).toBe(200);
      const second = await budi.post(`/assessments/${caseId}/recommendations`, {
        recommendation: 'institutionCare',
        reasons: 'Home unsafe; panti care with consent',
        childView: 'Afraid of going back to his father',
      });
      expect(second.status).toBe(200);
      expect((await supervisor.get(`/assessments/${caseId}`)).body.recommendations).toEqual([
        expect.objectContaining({ recommendationNumber: 1, status: 'rejected' }),
        expect.objectContaining({
          recommendationNumber: 2,
          status: 'submitted',
          recommendation: 'institutionCare',
        }),
      ]);
      expect(published.has(caseId, 'RecommendationMade')).toBe(false);

      const approved = await supervisor.post(`/assessments/${caseId}/recommendations/2/approval`);
      expect(approved.status).toBe(200);
      const made = await published.find(caseId, 'RecommendationMade');
      expect(made.payload).toMatchObject({
        recommendation: 'institutionCare',
        recommendationNumber: 2,
        approvedBy: 'spv-rina',
      });
      const read = await supervisor.get(`/assessments/${caseId}?purpose=caseHandling`);
      expect(read.body.recommendations[0]).toMatchObject({
        status: 'rejected',
        rejectionReason: 'The father was the one who left him: assess the home first',
      });
      expect(read.body.recommendations[1]).toMatchObject({
        status: 'made',
        childView: 'Afraid of going back to his father',
        made: { by: 'spv-rina' },
      });
    });
  });
});
