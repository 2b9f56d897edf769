import type { EventPayload } from '@dinsos/contracts';
import { reactionEventId } from '@dinsos/platform';
import { eventually, type ServiceInstance } from '@dinsos/platform/testing';
import type request from 'supertest';
import {
  caseOf,
  createPlacementDeployment,
  officer,
  openedCase,
  placementHas,
  placementOf,
  placementTypesOf,
  signatory,
  standards,
  type PlacementDeployment,
} from '../testing/placement-harness';

/** The placement of a case: opening, facts in any order, custody, assignment, transfer, relay. */
describe('the placement of a case (real PostgreSQL and Kafka)', () => {
  let deployment: PlacementDeployment;
  let instance: ServiceInstance;
  let http: ReturnType<typeof request>;

  beforeAll(async () => {
    deployment = await createPlacementDeployment();
    instance = await deployment.start();
    http = instance.http;
  });

  afterAll(async () => {
    await deployment?.stop();
  });

  const shelterCustodian = {
    kind: 'shelter',
    organisation: { name: 'Rumah Singgah Dinas Sosial Kabupaten Tangerang', regionCode: '3603' },
  };

  it("opens on intake's CaseOpened with the shelter's custody from the handover before it; CaseOpened again records nothing", async () => {
    const opening = caseOf(deployment, instance, '3603');
    const { caseId, clientId } = opening;
    await opening.reported('2026-03-02T01:00:00Z');
    await opening.registered('2026-03-02T01:05:00Z');
    await opening.handedOverToShelter('2026-03-02T01:30:00Z');
    const opened = await opening.opened('2026-03-02T02:00:00Z');
    await opening.opened('2026-03-02T02:00:00Z', opened.eventId);
    // And as another event (intake's relay replaying after a restore): the decider records nothing.
    const replayed = await opening.opened('2026-03-02T02:00:00Z');
    // The case's events share a partition: once the last one is processed, so are those before.
    await eventually(async () => {
      const { rowCount } = await deployment.reader.pool.query(
        "select 1 from messaging_inbox where event_id = $1 and consumer_group like '%.follows'",
        [replayed.eventId],
      );
      return rowCount === 1 ? true : undefined;
    }, 'the replayed CaseOpened to be processed');
    await opening.recommended('returnHome');
    const events = await placementHas(deployment, caseId, ['RecommendationReceived']);

    expect(events.filter((event) => event.type === 'PlacementOpened')).toHaveLength(1);
    const custody = events.filter((event) => event.type === 'CustodyRecorded');
    expect(custody).toHaveLength(1);
    expect(custody[0].payload).toEqual({
      clientId,
      since: '2026-03-02T01:30:00Z',
      custodian: shelterCustodian,
      recordedFrom: 'ClientHandedOverToShelter',
    });
    expect(events.find((event) => event.type === 'PlacementOpened')).toMatchObject({
      eventId: reactionEventId('placement', opened.eventId, 'open-placement-on-case-opened', 0),
      causationId: opened.eventId,
      correlationId: opened.correlationId,
      officeCode: '3603',
      subjectIds: [clientId],
      serviceStandard: standards.bekasi,
      payload: {
        clientId,
        caseNumber: caseId,
        clientCategory: 'neglectedChild',
        owningOfficeCode: '3603',
        serviceStandard: standards.bekasi,
        closesOn: ['ClientReturnedHome', 'ClientHandedOverToLks'],
        reviewIntervalMonths: 1,
        atRiskDays: 2,
      },
    });

    const supervisor = await officer(deployment, http, 'supervisor', '3603');
    const view = await eventually(async () => {
      const answer = await supervisor.get(`/placements/${caseId}`);
      return answer.status === 200 ? answer : undefined;
    }, 'the case to be readable');
    expect(view.headers.etag).toBe(`"${events.length - 1}"`);
    expect(view.body).toMatchObject({
      caseId,
      status: 'open',
      caseNumber: caseId,
      officeCode: '3603',
      serviceStandard: standards.bekasi,
      recommendation: 'returnHome',
      custodian: shelterCustodian,
      custody: [
        {
          custodian: shelterCustodian,
          since: '2026-03-02T01:30:00Z',
          openedBy: 'CustodyRecorded',
        },
      ],
      revision: events.length - 1,
    });
  });

  it('records what tracing found even when it arrives before the case opens', async () => {
    const early = caseOf(deployment, instance, '3603');
    await early.familyFound();
    await placementHas(deployment, early.caseId, ['TracingOutcomeReceived']);
    await early.reported('2026-03-02T01:00:00Z');
    await early.registered('2026-03-02T01:00:00Z');
    await early.handedOverToShelter('2026-03-02T01:10:00Z');
    await early.opened('2026-03-02T01:20:00Z');
    const events = await placementHas(deployment, early.caseId, [
      'PlacementOpened',
      'ServiceClockStarted',
    ]);
    expect(events.map((event) => event.type)).toEqual([
      'TracingOutcomeReceived',
      'ServiceClockStarted',
      'ClientIdentityNoted',
      'CustodyRecorded',
      'PlacementOpened',
    ]);
    const noted = events[0].payload as EventPayload<'TracingOutcomeReceived'>;
    expect(noted).toMatchObject({
      clientId: early.clientId,
      outcome: 'familyFound',
      relation: 'ibu kandung',
      familyMembers: [{ personId: early.motherId, relationship: 'ibu kandung' }],
    });
    // Copied as tracing encrypted it: no plaintext.
    expect(JSON.stringify(noted)).not.toContain('Sari Wulandari');
    const view = await (
      await officer(deployment, http, 'placement-officer', '3603')
    ).get(`/placements/${early.caseId}`);
    expect(view.body).toMatchObject({ status: 'open', tracingOutcome: 'familyFound' });
  });

  it("starts the whole service's clock from intake's ReportReceived (seed 004: 7 calendar days)", async () => {
    const { caseId, placementOfficer } = await openedCase(deployment, instance, '3603', 'bekasi', {
      reportedAt: '2026-03-02T02:15:00Z',
    });
    const started = (await placementOf(deployment, caseId)).find(
      (event) => event.type === 'ServiceClockStarted',
    )!;
    expect(started.payload).toEqual({
      clock: 'whole-service',
      startedBy: 'ReportReceived',
      startedAt: '2026-03-02T02:15:00Z',
      startDate: '2026-03-02',
      dueDate: '2026-03-09',
      dueAt: '2026-03-09T23:59:59.999+07:00',
    });
    const view = await placementOfficer.get(`/placements/${caseId}`);
    expect(view.body.clock).toEqual({
      clock: 'whole-service',
      startedAt: '2026-03-02T02:15:00Z',
      startDate: '2026-03-02',
      dueDate: '2026-03-09',
      dueAt: '2026-03-09T23:59:59.999+07:00',
    });
  });

  it('says who held the client at an instant: before, inside and after each custody', async () => {
    deployment.clock.set('2026-03-03T01:00:00Z'); // the referral letter in the morning
    const { caseId, placementOfficer } = await openedCase(deployment, instance, '3603', 'bekasi', {
      reportedAt: '2026-03-02T03:00:00Z',
    });
    const referral = await placementOfficer.post(`/placements/${caseId}/health-referrals`, {
      facility: { name: 'RSUD Kabupaten Tangerang', regionCode: '3603' },
      reason: 'Demam tinggi tiga hari',
      signatory: signatory(),
    });
    expect(referral.status).toBe(200);
    const { referralId } = referral.body;
    deployment.clock.set('2026-03-03T08:00:00Z');
    expect(
      (
        await placementOfficer.post(
          `/placements/${caseId}/health-referrals/${referralId}/admission`,
          {
            admittedAt: '2026-03-03T10:00:00+07:00',
          },
        )
      ).status,
    ).toBe(200);
    expect(
      (
        await placementOfficer.post(
          `/placements/${caseId}/health-referrals/${referralId}/departure`,
          {
            leftAt: '2026-03-03T14:30:00+07:00',
            how: 'returned',
          },
        )
      ).status,
    ).toBe(200);

    const at = async (instant: string) => {
      const answer = await placementOfficer.get(
        `/placements/${caseId}/custody?at=${encodeURIComponent(instant)}`,
      );
      expect(answer.status).toBe(200);
      return answer.body;
    };
    const facility = {
      kind: 'healthFacility',
      organisation: { name: 'RSUD Kabupaten Tangerang', regionCode: '3603' },
    };
    expect(await at('2026-03-02T02:59:59Z')).toEqual({
      caseId,
      at: '2026-03-02T02:59:59Z',
      custodian: null,
      since: null,
      openedBy: null,
      responsibleOfficeCode: '3603',
    });
    expect(await at('2026-03-02T03:00:00Z')).toMatchObject({
      custodian: shelterCustodian,
      since: '2026-03-02T03:00:00Z',
      openedBy: 'CustodyRecorded',
    });
    expect(await at('2026-03-03T09:59:00+07:00')).toMatchObject({ custodian: shelterCustodian });
    expect(await at('2026-03-03T10:00:00+07:00')).toMatchObject({
      custodian: facility,
      since: '2026-03-03T03:00:00.000Z',
      openedBy: 'AdmittedToHealthFacility',
    });
    expect(await at('2026-03-03T07:29:59.999Z')).toMatchObject({ custodian: facility });
    expect(await at('2026-03-03T07:30:00Z')).toMatchObject({
      custodian: shelterCustodian,
      since: '2026-03-03T07:30:00.000Z',
      openedBy: 'ClientLeftHealthFacility',
    });
    expect(await at('2027-01-01T00:00:00Z')).toMatchObject({ custodian: shelterCustodian });

    const view = await placementOfficer.get(`/placements/${caseId}`);
    expect(view.body.custody.map((period: { until?: string }) => period.until)).toEqual([
      '2026-03-03T03:00:00.000Z',
      '2026-03-03T07:30:00.000Z',
      undefined,
    ]);

    for (const query of ['', '?at=yesterday', '?at=2026-03-03T10:00:00Z&colour=red']) {
      const bad = await placementOfficer.get(`/placements/${caseId}/custody${query}`);
      expect(bad.status).toBe(400);
      expect(bad.headers['content-type']).toContain('application/problem+json');
      expect(bad.body.errors.length).toBeGreaterThan(0);
    }
  });

  describe('who is responsible for the placement', () => {
    let caseId: string;

    beforeAll(async () => {
      ({ caseId } = await openedCase(deployment, instance, '3603'));
    });

    it('a supervisor assigns an officer once per Idempotency-Key; an officer takes it over with a reason', async () => {
      const supervisor = await officer(deployment, http, 'supervisor', '3603', 'ani');
      const before = await placementOf(deployment, caseId);
      const first = await supervisor.post(
        `/placements/${caseId}/assignments`,
        { officerId: 'siti' },
        'assign-siti-0001',
      );
      expect(first.status).toBe(200);
      expect(first.body).toMatchObject({
        streamId: `placement-${caseId}`,
        revision: before.length,
      });
      expect(first.headers.etag).toBe(`"${before.length}"`);
      const again = await supervisor.post(
        `/placements/${caseId}/assignments`,
        { officerId: 'siti' },
        'assign-siti-0001',
      );
      expect(again.body).toEqual(first.body);
      expect(again.headers['idempotent-replayed']).toBe('true');

      const budi = await officer(deployment, http, 'placement-officer', '3603', 'budi');
      const forAnother = await budi.post(`/placements/${caseId}/assignments`, {
        officerId: 'tono',
        reason: 'Tono lebih dekat',
      });
      expect(forAnother.status).toBe(403);
      const withoutReason = await budi.post(`/placements/${caseId}/assignments`);
      expect(withoutReason.status).toBe(422);
      expect(withoutReason.body.rule).toBe('reassignment-needs-reason');
      const taken = await budi.post(`/placements/${caseId}/assignments`, {
        reason: 'Siti cuti melahirkan',
      });
      expect(taken.status).toBe(200);

      const assigned = (await placementOf(deployment, caseId)).filter(
        (event) => event.type === 'PlacementOfficerAssigned',
      );
      expect(assigned.map((event) => event.payload)).toEqual([
        { officerId: 'siti', how: 'assignedBySupervisor' },
        {
          officerId: 'budi',
          how: 'takenByOfficer',
          previousOfficerId: 'siti',
          reason: 'Siti cuti melahirkan',
        },
      ]);
      expect(assigned[1]).toMatchObject({
        actor: { id: 'budi', role: 'placement-officer', officeCode: '3603' },
        serviceStandard: standards.bekasi,
      });
      expect((await budi.get(`/placements/${caseId}`)).body.officerId).toBe('budi');
    });

    it("lets the office's readers read and only placement officers and supervisors act; another regency finds no case", async () => {
      const before = await placementTypesOf(deployment, caseId);
      for (const role of [
        'social-worker',
        'intake-officer',
        'tracing-officer',
        'auditor',
      ] as const) {
        const reader = await officer(deployment, http, role, '3603');
        expect((await reader.get(`/placements/${caseId}`)).status).toBe(200);
        expect((await reader.get(`/placements/${caseId}/lks-registry`)).status).toBe(200);
        const acting = await reader.post(`/placements/${caseId}/assignments`, {
          officerId: 'tono',
        });
        expect(acting.status).toBe(403);
      }
      // The province covers its regencies: its supervisor reads and acts.
      const province = await officer(deployment, http, 'supervisor', '36');
      expect((await province.get(`/placements/${caseId}`)).status).toBe(200);
      const provinceAuditor = await officer(deployment, http, 'auditor', '36');
      expect((await provinceAuditor.get(`/placements/${caseId}`)).status).toBe(200);

      const elsewhere = await officer(deployment, http, 'supervisor', '3601');
      const read = await elsewhere.get(`/placements/${caseId}`);
      expect(read.status).toBe(404);
      expect(read.body.detail).toContain(`No case ${caseId} was found`);
      expect(
        (await elsewhere.post(`/placements/${caseId}/assignments`, { officerId: 'tono' })).status,
      ).toBe(404);
      expect(
        (await elsewhere.get(`/placements/${caseId}/custody?at=2026-03-02T03:00:00Z`)).status,
      ).toBe(404);
      const unknown = await province.get('/placements/3603-no-such-case');
      expect(unknown.status).toBe(404);
      const noToken = await http.get(`/placements/${caseId}`);
      expect(noToken.status).toBe(401);
      expect(await placementTypesOf(deployment, caseId)).toEqual(before);
    });

    it("moves to the receiving office on intake's CaseTransferred; the officer is no longer named", async () => {
      const { caseId: moved } = await openedCase(deployment, instance, '3603');
      const supervisor = await officer(deployment, http, 'supervisor', '3603');
      expect(
        (await supervisor.post(`/placements/${moved}/assignments`, { officerId: 'siti' })).status,
      ).toBe(200);
      await deployment.publish({
        type: 'CaseTransferred',
        caseId: moved,
        officeCode: '3603',
        serviceStandard: standards.bekasi,
        payload: {
          fromOfficeCode: '3603',
          toOfficeCode: '3601',
          serviceStandard: standards.bekasi,
          reason: 'Klien dipindahkan ke wilayah asal',
        },
      });
      const events = await placementHas(deployment, moved, ['PlacementTransferred']);
      expect(events.find((event) => event.type === 'PlacementTransferred')?.payload).toEqual({
        fromOfficeCode: '3603',
        toOfficeCode: '3601',
        previousOfficerId: 'siti',
      });
      const receiving = await officer(deployment, http, 'supervisor', '3601');
      const view = await eventually(async () => {
        const answer = await receiving.get(`/placements/${moved}`);
        return answer.status === 200 ? answer : undefined;
      }, 'the receiving office to see the case');
      expect(view.body).toMatchObject({ officeCode: '3601' });
      expect(view.body.officerId).toBeUndefined();
      expect(
        (await receiving.post(`/placements/${moved}/assignments`, { officerId: 'wati' })).status,
      ).toBe(200);
      // The office that gave the case away keeps a read grant, and may no longer act.
      expect((await supervisor.get(`/placements/${moved}`)).status).toBe(200);
      expect(
        (await supervisor.post(`/placements/${moved}/assignments`, { officerId: 'siti' })).status,
      ).toBe(403);
    });
  });

  it('publishes its events on dinsos.placement.events.v1 through its relay, in stream order', async () => {
    const { caseId } = await openedCase(deployment, instance, '3603');
    const supervisor = await officer(deployment, http, 'supervisor', '3603');
    expect(
      (await supervisor.post(`/placements/${caseId}/assignments`, { officerId: 'siti' })).status,
    ).toBe(200);
    const stored = await placementOf(deployment, caseId);
    const published = await deployment.publishedEvents();
    await published.find(caseId, 'PlacementOfficerAssigned');
    const ofCase = published.received.filter((event) => event.caseId === caseId);
    expect(ofCase.map((event) => [event.eventId, event.type])).toEqual(
      stored.map((event) => [event.eventId, event.type]),
    );
    expect(ofCase.at(-1)).toMatchObject({
      streamId: `placement-${caseId}`,
      officeCode: '3603',
      serviceStandard: standards.bekasi,
      payload: { officerId: 'siti', how: 'assignedBySupervisor' },
    });
  });

  it('refuses malformed and oversized bodies, and a missing Idempotency-Key, appending nothing', async () => {
    const { caseId, placementOfficer } = await openedCase(deployment, instance, '3603');
    const before = await placementTypesOf(deployment, caseId);
    const bad = await placementOfficer.post(`/placements/${caseId}/assignments`, {
      officerId: '',
      colour: 'red',
    });
    expect(bad.status).toBe(400);
    expect(bad.headers['content-type']).toContain('application/problem+json');
    expect(bad.body.errors).toEqual(
      expect.arrayContaining([expect.objectContaining({ in: 'body', path: 'officerId' })]),
    );
    const referral = await placementOfficer.post(`/placements/${caseId}/health-referrals`, {
      facility: { name: '' },
      signatory: { name: 'Hendra' },
    });
    expect(referral.status).toBe(400);
    expect(referral.body.errors.map((error: { path: string }) => error.path)).toEqual(
      expect.arrayContaining(['facility.name', 'reason', 'signatory.position']),
    );
    const huge = await placementOfficer.post(`/placements/${caseId}/health-referrals`, {
      facility: { name: 'RSUD' },
      reason: 'x'.repeat(3 * 1024 * 1024),
      signatory: signatory(),
    });
    expect(huge.status).toBe(413);
    const token = await deployment.tokenFor('placement-officer', '3603');
    const withoutKey = await http
      .post(`/placements/${caseId}/assignments`)
      .set('Authorization', `Bearer ${token}`)
      .send({});
    expect(withoutKey.status).toBe(400);
    expect(await placementTypesOf(deployment, caseId)).toEqual(before);
  });
});
