import type { Role } from '@dinsos/auth';
import type { EventForWire } from '@dinsos/contracts';
import { reactionEventId } from '@dinsos/platform';
import { eventually } from '@dinsos/platform/testing';
import type request from 'supertest';
import {
  caseOf as caseIn,
  createTracingDeployment,
  officer,
  standards,
  tracingOf as streamOf,
  type TracingDeployment,
} from '../testing/tracing-harness';

/** Tracing starts from assessment's recommendation on Kafka (real PostgreSQL and Kafka). */
describe('family tracing starting on a recommendation', () => {
  let deployment: TracingDeployment;
  let http: ReturnType<typeof request>;

  beforeAll(async () => {
    deployment = await createTracingDeployment();
    http = (await deployment.start()).http;
  });

  afterAll(async () => {
    await deployment?.stop();
  });

  const caseOf = (officeCode: string, standard: keyof typeof standards) =>
    caseIn(deployment, officeCode, standard);
  const as = (role: Role, officeCode: string, id?: string) =>
    officer(deployment, http, role, officeCode, id);
  const tracingOf = (caseId: string) => streamOf(deployment, caseId);
  const started = (caseId: string) =>
    eventually(async () => {
      const events = await tracingOf(caseId);
      return events.some((event) => event.type === 'TracingStarted') ? events : undefined;
    }, `the tracing of ${caseId} to start`);

  it('starts on a recommendation to trace, with the standard’s inquiry period, in an id derived from it', async () => {
    const bekasi = caseOf('3603', 'bekasi');
    await bekasi.opened();
    const recommendation = await bekasi.recommended('traceFamily');
    const [event] = await started(bekasi.caseId);
    expect(event).toMatchObject({
      type: 'TracingStarted',
      eventId: reactionEventId(
        'family-tracing',
        recommendation.eventId,
        'start-tracing-on-recommendation',
        0,
      ),
      causationId: recommendation.eventId,
      officeCode: '3603',
      serviceStandard: standards.bekasi,
      payload: {
        startedBy: { eventType: 'RecommendationMade', recommendation: 'traceFamily' },
        inquiryPeriodDays: 7,
        consentRequired: false,
      },
    });
    const supervisor = await as('supervisor', '3603');
    const view = await eventually(async () => {
      const answer = await supervisor.get(`/tracings/${bekasi.caseId}`);
      return answer.status === 200 ? answer : undefined;
    }, 'the tracing to be readable');
    expect(view.body).toMatchObject({ status: 'tracing', officeCode: '3603' });
  });

  it('starts where the standard puts tracing after the assessment (seed 004: a return home waits for it), never on a health referral or under seed 000', async () => {
    const home = caseOf('3603', 'bekasi');
    await home.opened();
    await home.recommended('returnHome');
    const sick = caseOf('3603', 'bekasi');
    await sick.opened();
    await sick.recommended('healthReferral');
    const banten = caseOf('36', 'banten');
    await banten.opened();
    await banten.recommended('institutionCare');
    await started(home.caseId);
    // The later cases' recommendations went through too (the consumer keeps the topic's order
    // per case, not across cases): wait until each is in the reactions' inbox.
    const last = await banten.recommended('returnHome', 2);
    await eventually(async () => {
      const { rows } = await deployment.reader.pool.query(
        'select 1 from messaging_inbox where event_id = $1',
        [last.eventId],
      );
      return rows.length > 0 ? true : undefined;
    }, 'the last recommendation to be handled');
    expect(await tracingOf(sick.caseId)).toEqual([]);
    expect(await tracingOf(banten.caseId)).toEqual([]);
  });

  it('starts once for a recommendation delivered twice, or arriving before CaseOpened', async () => {
    const early = caseOf('3603', 'bekasi');
    const first: EventForWire = await early.recommended('traceFamily');
    await early.recommended('traceFamily', 1, first.eventId);
    await started(early.caseId);
    const supervisor = await as('supervisor', '3603');
    // The case is not known here until CaseOpened arrives: the answer says so.
    const unknown = await supervisor.get(`/tracings/${early.caseId}`);
    expect(unknown.status).toBe(404);
    expect(unknown.body.detail).toContain('may not have arrived yet');
    await early.opened();
    await early.recommended('traceFamily', 2);
    await eventually(async () => {
      const answer = await supervisor.get(`/tracings/${early.caseId}`);
      return answer.status === 200 ? answer : undefined;
    }, 'CaseOpened to arrive');
    const types = (await tracingOf(early.caseId)).map((event) => event.type);
    expect(types).toEqual(['TracingStarted']);
  });

  it('is assigned to a tracing officer by a supervisor, or taken with a reason; others are refused', async () => {
    const bekasi = caseOf('3603', 'bekasi');
    await bekasi.opened();
    await bekasi.recommended('traceFamily');
    await started(bekasi.caseId);
    const supervisor = await as('supervisor', '3603');
    const path = `/tracings/${bekasi.caseId}`;
    await eventually(
      async () => ((await supervisor.get(path)).status === 200 ? true : undefined),
      'access',
    );

    expect((await supervisor.post(`${path}/assignment`, { officerId: 'tracer-dedi' })).status).toBe(
      200,
    );
    const yanti = await as('tracing-officer', '3603', 'tracer-yanti');
    const noReason = await yanti.post(`${path}/take`);
    expect(noReason.status).toBe(422);
    expect(noReason.body.rule).toBe('reassignment-needs-reason');
    expect((await yanti.post(`${path}/take`, { reason: 'Dedi is on leave' })).status).toBe(200);
    expect((await supervisor.get(path)).body).toMatchObject({ officerId: 'tracer-yanti' });

    const socialWorker = await as('social-worker', '3603');
    expect((await socialWorker.post(`${path}/assignment`, { officerId: 'x' })).status).toBe(403);
    const elsewhere = await as('supervisor', '3601');
    expect((await elsewhere.get(path)).status).toBe(404);
    expect((await elsewhere.post(`${path}/assignment`, { officerId: 'x' })).status).toBe(404);
    const bad = await supervisor.post(`${path}/assignment`, { officerId: '', colour: 'red' });
    expect(bad.status).toBe(400);
    const types = (await tracingOf(bekasi.caseId)).map((event) => event.type);
    expect(types).toEqual(['TracingStarted', 'TracingOfficerAssigned', 'TracingOfficerAssigned']);
  });
});
