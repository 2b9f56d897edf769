import type { EventPayload } from '@dinsos/contracts';
import { eventually, type ServiceInstance } from '@dinsos/platform/testing';
import {
  caseOf,
  createPlacementDeployment,
  documentsOf,
  officer,
  openedCase,
  placementHas,
  placementOf,
  placementTypesOf,
  signatory,
  type PlacementDeployment,
} from '../testing/placement-harness';

/** A sick client: referral letter, admission to a health facility, and leaving it. */
describe('health referrals (real PostgreSQL and Kafka)', () => {
  let deployment: PlacementDeployment;
  let instance: ServiceInstance;
  let opened: Awaited<ReturnType<typeof openedCase>>;
  let referralId: string;

  const shelter = {
    kind: 'shelter',
    organisation: { name: 'Rumah Singgah Dinas Sosial Kabupaten Tangerang', regionCode: '3603' },
  };
  const rsud = { name: 'RSUD Kabupaten Tangerang', regionCode: '3603' };
  const referral = (facility: object = rsud) => ({
    facility,
    reason: 'Demam tinggi tiga hari, dicurigai demam berdarah',
    signatory: signatory(),
  });

  beforeAll(async () => {
    deployment = await createPlacementDeployment({ clockStartsAt: '2026-03-03T01:00:00Z' });
    instance = await deployment.start();
    opened = await openedCase(deployment, instance, '3603', 'bekasi', {
      reportedAt: '2026-03-02T03:00:00Z',
    });
  });

  afterAll(async () => {
    await deployment?.stop();
  });

  const post = (route: string, body: object = {}) =>
    opened.placementOfficer.post(`/placements/${opened.caseId}${route}`, body);

  it('issues a referral letter to a health facility, regenerated from the events', async () => {
    const issued = await post('/health-referrals', referral());
    expect(issued.status).toBe(200);
    referralId = issued.body.referralId;
    expect(referralId).toMatch(/^[0-9a-f-]{36}$/);
    const event = (await placementOf(deployment, opened.caseId)).at(-1)!;
    expect(event).toMatchObject({
      type: 'HealthReferralIssued',
      eventId: issued.body.eventIds[0],
      payload: {
        referralId,
        facility: rsud,
        issuedAt: '2026-03-03T01:00:00.000Z',
        reason: { keyId: expect.any(String), ct: expect.any(String) },
        letter: { templateCode: 'surat-rujukan', sha256: expect.stringMatching(/^[0-9a-f]{64}$/) },
        letterFile: { keyId: expect.any(String), ct: expect.any(String) },
      },
    });
    expect(JSON.stringify(event)).not.toContain('demam berdarah');
    expect(await documentsOf(deployment, instance, opened.caseId, '3603')).toEqual([
      expect.objectContaining({
        eventId: event.eventId,
        issuedBy: 'HealthReferralIssued',
        regenerated: 'matches',
      }),
    ]);
  });

  it('refuses an admission on no referral, or dated before the custody it closes; admits on the referral', async () => {
    deployment.clock.set('2026-03-03T08:00:00Z'); // the afternoon after the morning's letter
    const before = await placementTypesOf(deployment, opened.caseId);
    const unknown = await post('/health-referrals/no-such-referral/admission');
    expect(unknown.status).toBe(422);
    expect(unknown.body.rule).toBe('health-referral-missing');
    const early = await post(`/health-referrals/${referralId}/admission`, {
      admittedAt: '2026-03-02T09:00:00+07:00',
    });
    expect(early.status).toBe(422);
    expect(early.body.rule).toBe('move-before-custody');
    expect(await placementTypesOf(deployment, opened.caseId)).toEqual(before);

    const admitted = await post(`/health-referrals/${referralId}/admission`, {
      admittedAt: '2026-03-03T10:00:00+07:00',
    });
    expect(admitted.status).toBe(200);
    expect((await placementOf(deployment, opened.caseId)).at(-1)).toMatchObject({
      type: 'AdmittedToHealthFacility',
      payload: {
        referralId,
        facility: rsud,
        admittedAt: '2026-03-03T03:00:00.000Z',
        previousCustodian: shelter,
        custodian: { kind: 'healthFacility', organisation: rsud },
      },
    });
    const again = await post(`/health-referrals/${referralId}/admission`);
    expect(again.status).toBe(422);
    expect(again.body.rule).toBe('health-referral-missing');
  });

  it('refuses two custodians at once while the facility holds the client', async () => {
    // A second referral letter may be issued; admitting on it would leave two custodians.
    const second = await post('/health-referrals', referral({ name: 'RS Siloam Lippo Karawaci' }));
    expect(second.status).toBe(200);
    const before = await placementOf(deployment, opened.caseId);
    const elsewhere = await post(`/health-referrals/${second.body.referralId}/admission`);
    expect(elsewhere.status).toBe(422);
    expect(elsewhere.body).toMatchObject({
      rule: 'two-custodians',
      details: { custodian: { kind: 'healthFacility', organisation: rsud } },
    });
    expect(elsewhere.body.detail).toContain('RSUD Kabupaten Tangerang holds the client now');

    // Nor can an LKS take the client from the hospital bed.
    await opened.familyNotFound();
    await placementHas(deployment, opened.caseId, ['TracingOutcomeReceived']);
    const lks = await post('/lks-referral', { lksCode: 'LKS-3603-01', signatory: signatory() });
    expect(lks.status).toBe(200);
    const afterReferral = await placementOf(deployment, opened.caseId);
    const handover = await post('/lks-handover', {
      place: 'RSUD Kabupaten Tangerang',
      handedOverBy: signatory('Rina Marlina', 'Pekerja Sosial'),
      receivedBy: signatory('Yusuf Maulana', 'Pengurus LKSA'),
    });
    expect(handover.status).toBe(422);
    expect(handover.body.rule).toBe('two-custodians');
    expect(await placementOf(deployment, opened.caseId)).toEqual(afterReferral);
    expect(afterReferral.slice(0, before.length)).toEqual(before);
  });

  it('returns the client to the shelter on leaving; a second departure is refused', async () => {
    const before = await placementTypesOf(deployment, opened.caseId);
    const nowhere = await post(`/health-referrals/${referralId}/departure`, { how: 'discharged' });
    expect(nowhere.status).toBe(422);
    expect(nowhere.body.rule).toBe('destination-missing');
    expect(await placementTypesOf(deployment, opened.caseId)).toEqual(before);

    const left = await post(`/health-referrals/${referralId}/departure`, {
      how: 'returned',
      leftAt: '2026-03-03T14:00:00+07:00',
      notes: 'Trombosit sudah normal',
    });
    expect(left.status).toBe(200);
    const event = (await placementOf(deployment, opened.caseId)).at(-1)!;
    expect(event).toMatchObject({
      type: 'ClientLeftHealthFacility',
      payload: {
        referralId,
        how: 'returned',
        leftAt: '2026-03-03T07:00:00.000Z',
        previousCustodian: { kind: 'healthFacility', organisation: rsud },
        custodian: shelter,
        notes: { keyId: expect.any(String) },
      },
    });
    const twice = await post(`/health-referrals/${referralId}/departure`, { how: 'returned' });
    expect(twice.status).toBe(422);
    expect(twice.body.rule).toBe('not-in-health-facility');

    const view = await opened.placementOfficer.get(`/placements/${opened.caseId}`);
    expect(view.body).toMatchObject({
      status: 'open',
      custodian: shelter,
      healthReferrals: { [referralId]: { status: 'left' } },
    });
  });

  it('discharges to the office from a later admission; no health move closes the case', async () => {
    const third = await post('/health-referrals', referral({ name: 'Puskesmas Cikupa' }));
    const thirdId = third.body.referralId as string;
    expect((await post(`/health-referrals/${thirdId}/admission`)).status).toBe(200);
    const discharged = await post(`/health-referrals/${thirdId}/departure`, {
      how: 'discharged',
      dischargedTo: { kind: 'office' },
    });
    expect(discharged.status).toBe(200);
    const events = await placementOf(deployment, opened.caseId);
    expect((events.at(-1)!.payload as EventPayload<'ClientLeftHealthFacility'>).custodian).toEqual({
      kind: 'office',
      officeCode: '3603',
    });
    expect(events.map((event) => event.type)).not.toContain('CaseClosed');

    const documents = await documentsOf(deployment, instance, opened.caseId, '3603');
    expect(documents.map((document) => [document.issuedBy, document.regenerated])).toEqual([
      ['HealthReferralIssued', 'matches'],
      ['HealthReferralIssued', 'matches'],
      ['LksReferralMade', 'matches'],
      ['HealthReferralIssued', 'matches'],
    ]);
    expect(new Set(documents.map((document) => document.number)).size).toBe(4);
  });

  it("refuses in words a letter whose facts placement has not recorded (a returning client's identity)", async () => {
    // A returning client: intake registered them in an earlier case, so no ClientRegistered here.
    const returning = caseOf(deployment, instance, '3603');
    await returning.reported('2026-03-03T01:00:00Z');
    await returning.handedOverToShelter('2026-03-03T01:00:00Z');
    await returning.opened('2026-03-03T01:00:00Z');
    await placementHas(deployment, returning.caseId, ['PlacementOpened', 'ServiceClockStarted']);
    const placementOfficer = await officer(deployment, instance.http, 'placement-officer', '3603');
    await eventually(async () => {
      const answer = await placementOfficer.get(`/placements/${returning.caseId}`);
      return answer.status === 200 ? true : undefined;
    }, 'the case to be readable');
    const before = await placementOf(deployment, returning.caseId);
    const refused = await placementOfficer.post(
      `/placements/${returning.caseId}/health-referrals`,
      referral(),
    );
    expect(refused.status).toBe(422);
    expect(refused.body).toMatchObject({
      rule: 'document-facts-missing',
      details: { missing: [expect.stringContaining("the client's identity")] },
    });
    expect(await placementOf(deployment, returning.caseId)).toEqual(before);
  });

  /** A returning client's new case, opened and readable by its office's placement officer. */
  async function openedReturning(clientId: string) {
    const returning = caseOf(deployment, instance, '3603', 'bekasi', {
      returningClientId: clientId,
    });
    const at = deployment.clock.now().toISOString();
    await returning.reported(at);
    await returning.handedOverToShelter(at);
    await returning.opened(at);
    await placementHas(deployment, returning.caseId, ['PlacementOpened', 'ServiceClockStarted']);
    const placementOfficer = await officer(deployment, instance.http, 'placement-officer', '3603');
    await eventually(async () => {
      const answer = await placementOfficer.get(`/placements/${returning.caseId}`);
      return answer.status === 200 ? true : undefined;
    }, 'the case to be readable');
    return { ...returning, placementOfficer };
  }

  it("opens a returning client's new case with their registration from an earlier case: its letters issue and regenerate", async () => {
    // The earlier case: intake registered the client there, and placement heard it.
    const earlier = caseOf(deployment, instance, '3603');
    const registered = await earlier.registered(deployment.clock.now().toISOString());
    await placementHas(deployment, earlier.caseId, ['ClientIdentityNoted']);

    // The new case: no ClientRegistered of its own.
    const returning = await openedReturning(earlier.clientId);
    const events = await placementOf(deployment, returning.caseId);
    expect(events.map((event) => event.type)).toEqual([
      'ServiceClockStarted',
      'CustodyRecorded',
      'PlacementOpened',
      'ClientIdentityNoted',
    ]);
    expect(events.at(-1)!.payload).toEqual(registered.payload);

    const issued = await returning.placementOfficer.post(
      `/placements/${returning.caseId}/health-referrals`,
      referral(),
    );
    expect(issued.status).toBe(200);
    expect(await documentsOf(deployment, instance, returning.caseId, '3603')).toEqual([
      expect.objectContaining({ issuedBy: 'HealthReferralIssued', regenerated: 'matches' }),
    ]);
  });

  it('opens with the newest registration of the client, whatever case it came in', async () => {
    const earlier = caseOf(deployment, instance, '3603');
    await earlier.registered('2026-03-01T01:00:00Z');
    await placementHas(deployment, earlier.caseId, ['ClientIdentityNoted']);
    // Intake registers the client again (freshly encrypted: another payload): the newest wins.
    const newest = await earlier.registered('2026-03-01T02:00:00Z');
    await placementHas(deployment, earlier.caseId, ['ClientIdentityNoted'], 2);
    const returning = await openedReturning(earlier.clientId);
    await placementHas(deployment, returning.caseId, ['ClientIdentityNoted']);
    const noted = (await placementOf(deployment, returning.caseId)).filter(
      (event) => event.type === 'ClientIdentityNoted',
    );
    expect(noted.map((event) => event.payload)).toEqual([newest.payload]);
  });

  it("cannot yet render a returning client's letter when the earlier case's registration reaches placement after the opening (422 in words)", async () => {
    const earlier = caseOf(deployment, instance, '3603');
    const returning = await openedReturning(earlier.clientId);
    await earlier.registered(deployment.clock.now().toISOString());
    await placementHas(deployment, earlier.caseId, ['ClientIdentityNoted']);
    const before = await placementOf(deployment, returning.caseId);
    expect(before.map((event) => event.type)).not.toContain('ClientIdentityNoted');
    const refused = await returning.placementOfficer.post(
      `/placements/${returning.caseId}/health-referrals`,
      referral(),
    );
    expect(refused.status).toBe(422);
    expect(refused.body).toMatchObject({
      rule: 'document-facts-missing',
      details: { missing: [expect.stringContaining("the client's identity")] },
    });
    expect(await placementOf(deployment, returning.caseId)).toEqual(before);
  });

  it('refuses malformed referrals and departures, appending nothing', async () => {
    const before = await placementTypesOf(deployment, opened.caseId);
    const bad = await post('/health-referrals', {
      facility: { name: 'RSUD', regionCode: 'Tangerang' },
      reason: '',
      signatory: signatory(),
      urgent: true,
    });
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((error: { path: string }) => error.path)).toEqual(
      expect.arrayContaining(['facility.regionCode', 'reason']),
    );
    const departure = await post(`/health-referrals/${referralId}/departure`, {
      how: 'escaped',
      dischargedTo: { kind: 'shelter' },
    });
    expect(departure.status).toBe(400);
    // Institution care rests on consent and a referral: no facility discharges into it.
    const toPanti = await post(`/health-referrals/${referralId}/departure`, {
      how: 'discharged',
      dischargedTo: { kind: 'institution', organisation: { name: 'Panti Asuhan Harapan' } },
    });
    expect(toPanti.status).toBe(400);
    expect(toPanti.body.errors[0].path).toBe('dischargedTo.kind');
    expect(await placementTypesOf(deployment, opened.caseId)).toEqual(before);
  });
});
