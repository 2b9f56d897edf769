import { eventually } from '@dinsos/platform/testing';
import { openBantenCase, provinceOfficers } from './case-path';
import { systemForSpec } from './system';

/**
 * Seed 000 (Dinsos Provinsi Banten, office 36, banten-rehsos-anak-terlantar v1): fingerprints and
 * photo come after the Peksos assessment. The system's services run on one store and one topic
 * prefix, and intake and assessment learn of each other only over Kafka: intake's CaseOpened
 * starts the assessment, and the assessment's RecommendationMade (published once a supervisor
 * approves) unlocks intake's biometrics step.
 */
describe('seed 000: the Peksos assessment unlocks fingerprints and photo at intake (intake + assessment, real PostgreSQL and Kafka)', () => {
  let caseId: string;
  let clientId: string;
  let biometrics: object;

  // The clock starts on Monday 2 March 2026, 09:15 WIB.
  const the = systemForSpec('2026-03-02T02:15:00Z', '36', provinceOfficers);

  const recordBiometrics = () =>
    the.intakeOfficer.intake.post(`/cases/${caseId}/biometrics`, biometrics);
  const intakeStore = () => the.system.intake.deployment.reader.store;
  const assessmentStore = () => the.system.assessment.deployment.reader.store;

  it("opens the case at intake, and the assessment starts from intake's CaseOpened", async () => {
    ({ caseId, clientId } = await openBantenCase(the.intakeOfficer));
    expect(caseId).toBe('36-2026-000001');

    const started = await eventually(async () => {
      const answer = await the.supervisor.assessment.get(`/assessments/${caseId}`);
      return answer.status === 200 && answer.body.status === 'started' ? answer.body : undefined;
    }, `the assessment of ${caseId} to start from intake's CaseOpened`);
    expect(started.steps).toEqual(['peksos-assessment']);
  });

  it('refuses fingerprints and photo (422) while the Peksos assessment has made no recommendation', async () => {
    the.system.setClock('2026-03-03T02:00:00Z');
    const photo = await the.intakeOfficer.intake.upload(
      `/cases/${caseId}/uploads`,
      Buffer.from('JPEG photo bytes of the child'),
    );
    expect(photo.status).toBe(201);
    expect(photo.body.clientId).toBe(clientId);
    biometrics = {
      captures: [
        { modality: 'photo', fileId: photo.body.fileId, capturedAt: '2026-03-03T08:55:00+07:00' },
      ],
    };
    const early = await recordBiometrics();
    expect(early.status).toBe(422);
    expect(early.body).toMatchObject({
      rule: 'biometrics-too-early',
      details: { step: 'fingerprint-and-photo', missingSteps: ['peksos-assessment'] },
    });
    expect(early.body.detail).toContain('comes after: Assessment by a social worker (Peksos)');
  });

  it('still refuses once the social worker recommends: seed 000 needs a supervisor to approve', async () => {
    expect((await the.peksos.assessment.post(`/assessments/${caseId}/take`)).status).toBe(200);
    const assessed = await the.peksos.assessment.post(`/assessments/${caseId}/assessments`, {
      assessedOn: '2026-03-03',
      physicalCondition: 'Thin, small wounds on both feet',
      health: 'Skin infection on the feet; no fever',
      needsMedicalCare: false,
      psychologicalState: 'Withdrawn at first, calmer after a meal',
      education: { status: 'droppedOut', level: 'SD kelas 4' },
      familyAndOrigin: 'Says he comes from Kampung Cibuntu',
      risks: { riskAtHome: 'high', details: 'Left alone for weeks at a time' },
      needs: ['safeShelter', 'healthCare'],
      childView: 'Afraid of going back to his father',
    });
    expect(assessed.status).toBe(200);
    const recommended = await the.peksos.assessment.post(`/assessments/${caseId}/recommendations`, {
      recommendation: 'institutionCare',
      reasons: 'Home unsafe; panti care with consent',
      childView: 'Afraid of going back to his father',
    });
    expect(recommended.status).toBe(200);
    const submitted = await recordBiometrics();
    expect(submitted.status).toBe(422);
    expect(submitted.body).toMatchObject({
      rule: 'biometrics-too-early',
      details: { missingSteps: ['peksos-assessment'] },
    });
  });

  it("records them once the supervisor approves and the assessment's RecommendationMade reaches intake", async () => {
    the.system.setClock('2026-03-04T01:00:00Z');
    const approved = await the.supervisor.assessment.post(
      `/assessments/${caseId}/recommendations/1/approval`,
    );
    expect(approved.status).toBe(200);

    const recorded = await eventually(async () => {
      const answer = await recordBiometrics();
      if (answer.status === 422 && answer.body.rule === 'biometrics-too-early') return undefined;
      return answer;
    }, "the assessment's RecommendationMade to reach intake over Kafka");
    expect(recorded.status).toBe(201);
    expect(recorded.body.streamId).toBe(`client-${clientId}`);
    const stored = (await intakeStore().readCase(caseId)).filter(
      (event) => event.type === 'BiometricsRecorded',
    );
    expect(stored).toHaveLength(1);
    expect(stored[0]).toMatchObject({ streamId: `client-${clientId}`, caseId });
  });

  it("followed the assessment's own event, and every step's causation leads back to intake", async () => {
    const assessmentEvents = await assessmentStore().readStream(`assessment-${caseId}`);
    const made = assessmentEvents.filter((event) => event.type === 'RecommendationMade');
    expect(made).toHaveLength(1);
    expect(made[0].payload).toMatchObject({
      recommendation: 'institutionCare',
      recommendationNumber: 1,
      approvedBy: 'spv-rina',
    });

    // What intake noted is the very event the assessment appended, not a copy with a new id.
    const { rows: followed } = await the.system.intake.deployment.reader.pool.query(
      'select event_id, event_type from platform_followed_events where case_id = $1',
      [caseId],
    );
    expect(followed).toContainEqual({
      event_id: made[0].eventId,
      event_type: 'RecommendationMade',
    });

    // AssessmentStarted is the assessment's reaction to intake's CaseOpened.
    const opened = (await intakeStore().readStream(`intakeCase-${caseId}`)).find(
      (event) => event.type === 'CaseOpened',
    );
    const started = assessmentEvents.find((event) => event.type === 'AssessmentStarted');
    expect(opened).toBeDefined();
    expect(started?.causationId).toBe(opened!.eventId);
    expect(started?.correlationId).toBe(opened!.correlationId);
  });
});
