import type { EventForWire } from '@dinsos/contracts';
import { PersonalFields, reactionEventId } from '@dinsos/platform';
import { eventually } from '@dinsos/platform/testing';
import type request from 'supertest';
import {
  assessmentStarted,
  createAssessmentDeployment,
  intakeOf,
  newCaseId,
  officeClient,
  type AssessmentDeployment,
} from '../testing/assessment-harness';

/** Intake's events put on Kafka start and move the assessment (real PostgreSQL and Kafka). */
describe('assessment following intake over Kafka', () => {
  let deployment: AssessmentDeployment;
  let fields: PersonalFields;
  let http: ReturnType<typeof request>;

  beforeAll(async () => {
    deployment = await createAssessmentDeployment();
    const instance = await deployment.start();
    http = instance.http;
    fields = instance.app.get(PersonalFields);
  });

  afterAll(async () => {
    await deployment?.stop();
  });

  const supervisorOf = async (officeCode: string) =>
    officeClient(http, await deployment.tokenFor('supervisor', officeCode, `spv-${officeCode}`));
  const streamOf = (caseId: string) => deployment.reader.store.readStream(`assessment-${caseId}`);

  it('starts on CaseOpened with the pinned standard’s steps and clocks, in ids derived from intake’s events', async () => {
    const caseId = newCaseId('3603');
    const intake = intakeOf(deployment, caseId, '3603');
    const reported = await intake.reportReceived('bekasi', '2026-03-02T01:00:00.000Z');
    const handedOver = await intake.handedOverToShelter('2026-03-02T03:00:00.000Z');
    const opened = await intake.caseOpened('bekasi', '2026-03-02T03:05:00.000Z');

    const { body } = await assessmentStarted(await supervisorOf('3603'), caseId);
    expect(body).toMatchObject({
      caseNumber: caseId,
      owningOfficeCode: '3603',
      serviceStandard: { code: 'bekasi-layanan-rujukan', version: 1 },
      steps: ['further-assessment-and-basic-rehabilitation'],
      custodianAtOpening: { kind: 'shelter' },
      socialWorkerId: null,
    });
    const clocks = Object.fromEntries(
      (body.clocks as Array<{ code: string }>).map((clock) => [clock.code, clock]),
    );
    expect(clocks['whole-service']).toMatchObject({
      startedBy: 'ReportReceived',
      startDate: '2026-03-02',
      dueDate: '2026-03-09',
      dueAt: '2026-03-09T23:59:59.999+07:00',
    });
    expect(clocks['basic-rehabilitation']).toMatchObject({
      step: 'further-assessment-and-basic-rehabilitation',
      startedBy: 'ClientHandedOverToShelter',
      startedAt: '2026-03-02T03:00:00.000Z',
      dueDate: '2026-03-09',
      sla: 'onTrack',
    });
    expect(body.shelterCare).toMatchObject({ from: '2026-03-02', until: null });

    const events = await streamOf(caseId);
    const byType = (type: string) => events.find((event) => event.type === type)!;
    const causedBy = (cause: EventForWire, reaction: string) => ({
      eventId: reactionEventId('assessment', cause.eventId, reaction, 0),
      causationId: cause.eventId,
      correlationId: cause.correlationId,
    });
    expect(byType('AssessmentStarted')).toMatchObject({
      ...causedBy(opened, 'start-assessment-on-case-opened'),
      officeCode: '3603',
      subjectIds: [intake.clientId],
      serviceStandard: { code: 'bekasi-layanan-rujukan', version: 1 },
      actor: { id: 'service:assessment', role: 'service', officeCode: '3603' },
    });
    expect(events.filter((event) => event.type === 'AssessmentClockStarted')).toEqual([
      expect.objectContaining(causedBy(reported, 'record-clocks-on-ReportReceived')),
      expect.objectContaining(causedBy(handedOver, 'record-clocks-on-ClientHandedOverToShelter')),
    ]);
  });

  it('starts once when CaseOpened comes twice, redelivered or published again under a new id', async () => {
    const caseId = newCaseId('3603');
    const intake = intakeOf(deployment, caseId, '3603');
    const opened = await intake.caseOpened('bekasi', '2026-03-02T03:05:00.000Z');
    await intake.caseOpened('bekasi', '2026-03-02T03:05:00.000Z', { eventId: opened.eventId });
    const again = await intake.caseOpened('bekasi', '2026-03-02T03:06:00.000Z');
    await assessmentStarted(await supervisorOf('3603'), caseId);
    // Both ids went through every consumer group of the service (reactions, ownership) that
    // took the first: the second CaseOpened decided nothing.
    await eventually(async () => {
      const { rows } = await deployment.reader.pool.query(
        `select coalesce(bool_and(n = 2), false) as done from (
           select count(*) as n from messaging_inbox where event_id = any($1) group by consumer_group
         ) groups`,
        [[opened.eventId, again.eventId]],
      );
      return rows[0].done ? true : undefined;
    }, 'both CaseOpened ids in the inbox');
    const types = (await streamOf(caseId)).map((event) => event.type);
    expect(types.filter((type) => type === 'AssessmentStarted')).toHaveLength(1);
  });

  it('keeps a transfer that overtook CaseOpened: one assessment, owned by the receiving office', async () => {
    const caseId = newCaseId('3601');
    const intake = intakeOf(deployment, caseId, '3601');
    await intake.transferred('36', '2026-03-03T02:00:00.000Z');
    await intake.caseOpened('banten', '2026-03-02T02:00:00.000Z');
    const province = await supervisorOf('36');
    const { body } = await eventually(async () => {
      const answer = await province.get(`/assessments/${caseId}`);
      return answer.status === 200 && answer.body.status === 'started' ? answer : undefined;
    }, 'the transferred assessment to start');
    expect(body).toMatchObject({ owningOfficeCode: '36', transfers: [{ toOfficeCode: '36' }] });
    const types = (await streamOf(caseId)).map((event) => event.type);
    expect(types.sort()).toEqual(['AssessmentStarted', 'AssessmentTransferred']);
    // The receiving office acts; the sending office keeps reading, and may no longer act.
    const assign = await province.post(`/assessments/${caseId}/assignment`, {
      socialWorkerId: 'peksos-province',
    });
    expect(assign.status).toBe(200);
    const regency = await supervisorOf('3601');
    expect((await regency.get(`/assessments/${caseId}`)).status).toBe(200);
    const late = await regency.post(`/assessments/${caseId}/assignment`, { socialWorkerId: 'x' });
    expect(late.status).toBe(403);
  });

  it('gives an office in another time zone its own dates: WITA, a day ahead of WIB at 00:30', async () => {
    const caseId = newCaseId('7371');
    const intake = intakeOf(deployment, caseId, '7371');
    // 16:30 UTC is 23:30 on 2 March in WIB but 00:30 on 3 March in Makassar (WITA, UTC+8).
    await intake.reportReceived('bekasi', '2026-03-02T16:20:00.000Z');
    await intake.handedOverToShelter('2026-03-02T16:30:00.000Z');
    await intake.caseOpened('bekasi', '2026-03-02T16:40:00.000Z');
    const { body } = await assessmentStarted(await supervisorOf('7371'), caseId);
    const rehabilitation = (body.clocks as Array<Record<string, string>>).find(
      (clock) => clock.code === 'basic-rehabilitation',
    );
    expect(rehabilitation).toMatchObject({
      startDate: '2026-03-03',
      dueDate: '2026-03-10',
      dueAt: '2026-03-10T23:59:59.999+08:00',
    });
    expect(body.shelterCare).toMatchObject({ from: '2026-03-03' });
  });

  it('stops the shelter clock when custody leaves the shelter, on placement’s event', async () => {
    const caseId = newCaseId('3603');
    const intake = intakeOf(deployment, caseId, '3603');
    await intake.reportReceived('bekasi', '2026-03-02T01:00:00.000Z');
    await intake.handedOverToShelter('2026-03-02T03:00:00.000Z');
    await intake.caseOpened('bekasi', '2026-03-02T03:05:00.000Z');
    await deployment.publish({
      type: 'ClientReturnedHome',
      caseId,
      officeCode: '3603',
      serviceStandard: { code: 'bekasi-layanan-rujukan', version: 1 },
      occurredAt: '2026-03-05T07:00:00.000Z',
      payload: {
        clientId: intake.clientId,
        returnedAt: '2026-03-05T07:00:00.000Z',
        place: await fields.encrypt(intake.clientId, 'Rumah keluarga di Desa Sukamaju'),
        officer: { personId: 'officer-1' },
        receivedBy: [{ personId: 'mother-1' }],
        witnesses: [],
        beritaAcaraPemulangan: {
          number: `BAP/${caseId}`,
          templateCode: 'berita-acara-pemulangan',
          templateVersion: 1,
          sha256: 'b'.repeat(64),
        },
        previousCustodian: { kind: 'shelter', organisation: { name: 'Rumah Singgah Dinsos' } },
        custodian: { kind: 'family', personIds: ['mother-1'] },
      },
    });
    const supervisor = await supervisorOf('3603');
    const { body } = await eventually(async () => {
      const answer = await supervisor.get(`/assessments/${caseId}`);
      return answer.body.shelterCare?.until ? answer : undefined;
    }, 'the shelter clock to stop');
    expect(body.shelterCare).toMatchObject({ from: '2026-03-02', until: '2026-03-05' });
    const clocks = body.clocks as Array<Record<string, string>>;
    expect(clocks.map((clock) => [clock.code, clock.stoppedBy, clock.sla])).toEqual([
      ['whole-service', 'ClientReturnedHome', 'met'],
      ['basic-rehabilitation', 'ClientReturnedHome', 'met'],
    ]);
  });
});
