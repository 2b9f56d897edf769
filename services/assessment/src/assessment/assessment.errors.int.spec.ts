import type { Role } from '@dinsos/auth';
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

/** Bad input gets a clear answer and changes nothing (real PostgreSQL and Kafka). */
describe('assessment refusing what it must not do', () => {
  let deployment: AssessmentDeployment;
  let http: ReturnType<typeof request>;
  const bekasiCase = newCaseId('3603');
  const bantenCase = newCaseId('36');
  let spv3603: ReturnType<typeof officeClient>;
  let siti: ReturnType<typeof officeClient>;
  let spv36: ReturnType<typeof officeClient>;
  let budi: ReturnType<typeof officeClient>;

  const as = async (role: Role, officeCode: string, id: string) =>
    officeClient(http, await deployment.tokenFor(role, officeCode, id));
  const streamLength = async (caseId: string) =>
    (await deployment.reader.store.readStream(`assessment-${caseId}`)).length;

  /** Sends a request that must be refused, and checks the stream did not move. */
  async function refused(caseId: string, send: () => Promise<request.Response>) {
    const before = await streamLength(caseId);
    const answer = await send();
    expect(answer.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(await streamLength(caseId)).toBe(before);
    return answer;
  }

  beforeAll(async () => {
    deployment = await createAssessmentDeployment();
    http = (await deployment.start()).http;
    spv3603 = await as('supervisor', '3603', 'spv-ani');
    siti = await as('social-worker', '3603', 'peksos-siti');
    spv36 = await as('supervisor', '36', 'spv-rina');
    budi = await as('social-worker', '36', 'peksos-budi');
    const bekasi = intakeOf(deployment, bekasiCase, '3603');
    await bekasi.handedOverToShelter('2026-03-02T01:30:00.000Z');
    await bekasi.caseOpened('bekasi', '2026-03-02T01:35:00.000Z');
    const banten = intakeOf(deployment, bantenCase, '36');
    await banten.caseOpened('banten', '2026-03-02T01:35:00.000Z');
    await assessmentStarted(spv3603, bekasiCase);
    await assessmentStarted(spv36, bantenCase);
    expect((await siti.post(`/assessments/${bekasiCase}/take`)).status).toBe(200);
    expect((await budi.post(`/assessments/${bantenCase}/take`)).status).toBe(200);
  });

  afterAll(async () => {
    await deployment?.stop();
  });

  it('refuses a recommendation before any assessment (422, the rule in words)', async () => {
    const answer = await refused(bekasiCase, () =>
      siti.post(`/assessments/${bekasiCase}/recommendations`, {
        recommendation: 'traceFamily',
        reasons: 'x',
        childView: 'y',
      }),
    );
    expect(answer.status).toBe(422);
    expect(answer.body.rule).toBe('recommendation-before-assessment');
    expect(answer.body.detail).toMatch(/assessment/i);
  });

  it('lets a sick child be referred for health care before any assessment', async () => {
    const sickCase = newCaseId('3603');
    const intake = intakeOf(deployment, sickCase, '3603');
    await intake.caseOpened('bekasi', '2026-03-02T01:35:00.000Z');
    await assessmentStarted(spv3603, sickCase);
    const referral = await siti.post(`/assessments/${sickCase}/recommendations`, {
      recommendation: 'healthReferral',
      reasons: 'High fever since last night',
      childView: 'My head hurts',
    });
    expect(referral.status).toBe(200);
    expect(referral.body.eventIds).toHaveLength(1);
  });

  it('refuses a rehabilitation note for a day the client was not in the shelter', async () => {
    deployment.clock.set('2026-03-03T05:00:00Z');
    const before = await refused(bekasiCase, () =>
      siti.post(`/assessments/${bekasiCase}/rehabilitation-notes`, {
        day: '2026-03-01',
        services: ['meals'],
      }),
    );
    expect(before.status).toBe(422);
    expect(before.body.rule).toBe('day-outside-shelter-care');
    expect(before.body.detail).toContain('2026-03-02');
    const tomorrow = await refused(bekasiCase, () =>
      siti.post(`/assessments/${bekasiCase}/rehabilitation-notes`, {
        day: '2026-03-04',
        services: ['meals'],
      }),
    );
    expect(tomorrow.body.rule).toBe('day-outside-shelter-care');
  });

  it('refuses to approve an approved recommendation, and a social worker approving at all', async () => {
    expect(
      (
        await budi.post(
          `/assessments/${bantenCase}/assessments`,
          assessmentBody({ assessedOn: '2026-03-02' }),
        )
      ).status,
    ).toBe(200);
    expect(
      (
        await budi.post(`/assessments/${bantenCase}/recommendations`, {
          recommendation: 'returnHome',
          reasons: 'Family known',
          childView: 'Wants to go home',
        })
      ).status,
    ).toBe(200);
    const bySocialWorker = await refused(bantenCase, () =>
      budi.post(`/assessments/${bantenCase}/recommendations/1/approval`),
    );
    expect(bySocialWorker.status).toBe(403);
    expect((await spv36.post(`/assessments/${bantenCase}/recommendations/1/approval`)).status).toBe(
      200,
    );
    const twice = await refused(bantenCase, () =>
      spv36.post(`/assessments/${bantenCase}/recommendations/1/approval`),
    );
    expect(twice.status).toBe(422);
    expect(twice.body.rule).toBe('recommendation-already-approved');
    const unknown = await refused(bantenCase, () =>
      spv36.post(`/assessments/${bantenCase}/recommendations/7/approval`),
    );
    expect(unknown.body.rule).toBe('no-such-recommendation');
    const notANumber = await refused(bantenCase, () =>
      spv36.post(`/assessments/${bantenCase}/recommendations/first/approval`),
    );
    expect(notANumber.status).toBe(400);
  });

  it('refuses an outcome the pinned standard does not allow, naming the ones it does', async () => {
    const answer = await refused(bantenCase, () =>
      budi.post(`/assessments/${bantenCase}/recommendations`, {
        recommendation: 'traceFamily',
        reasons: 'x',
        childView: 'y',
      }),
    );
    expect(answer.status).toBe(422);
    expect(answer.body.rule).toBe('outcome-not-allowed');
  });

  it('answers another regency’s officer 404, exactly as an unknown case', async () => {
    const elsewhere = await as('supervisor', '3601', 'spv-3601');
    const read = await elsewhere.get(`/assessments/${bekasiCase}`);
    expect(read.status).toBe(404);
    const act = await refused(bekasiCase, () =>
      elsewhere.post(`/assessments/${bekasiCase}/assignment`, { socialWorkerId: 'x' }),
    );
    expect(act.status).toBe(404);
    const unknown = await elsewhere.get(`/assessments/3601-nothing-here`);
    expect({ ...read.body, detail: '', instance: '', correlationId: '' }).toEqual({
      ...unknown.body,
      detail: '',
      instance: '',
      correlationId: '',
    });
  });

  it('tells a command for a case whose CaseOpened has not arrived that it may not have arrived yet', async () => {
    const early = newCaseId('3603');
    const answer = await siti.post(`/assessments/${early}/assessments`, assessmentBody());
    expect(answer.status).toBe(404);
    expect(answer.body.detail).toContain('may not have arrived yet');
    expect(await streamLength(early)).toBe(0);
  });

  it('answers bad bodies 400 with the fields named, missing tokens 401, wrong roles 403', async () => {
    const bad = await refused(bekasiCase, () =>
      siti.post(`/assessments/${bekasiCase}/assessments`, {
        ...assessmentBody(),
        needs: [],
        colour: 'red',
      }),
    );
    expect(bad.status).toBe(400);
    expect(bad.body.errors).toEqual(
      expect.arrayContaining([expect.objectContaining({ in: 'body', path: 'needs' })]),
    );
    const huge = await refused(bekasiCase, () =>
      siti.post(`/assessments/${bekasiCase}/assessments`, {
        ...assessmentBody(),
        childView: 'x'.repeat(2_000_000),
      }),
    );
    expect(huge.status).toBe(413);
    const anonymous = await http.get(`/assessments/${bekasiCase}`);
    expect(anonymous.status).toBe(401);
    const intakeOfficer = await as('intake-officer', '3603', 'intake-1');
    const acting = await refused(bekasiCase, () =>
      intakeOfficer.post(`/assessments/${bekasiCase}/take`),
    );
    expect(acting.status).toBe(403);
    const otherWorker = await as('social-worker', '3603', 'peksos-dewi');
    const notAssigned = await refused(bekasiCase, () =>
      otherWorker.post(`/assessments/${bekasiCase}/assessments`, assessmentBody()),
    );
    expect(notAssigned.body.rule).toBe('not-the-assigned-social-worker');
  });
});
