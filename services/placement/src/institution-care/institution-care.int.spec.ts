import type { EventPayload } from '@dinsos/contracts';
import { reactionEventId } from '@dinsos/platform';
import { eventually, type ServiceInstance } from '@dinsos/platform/testing';
import {
  createPlacementDeployment,
  documentsOf,
  officer,
  openedCase,
  placementHas,
  placementOf,
  placementTypesOf,
  signatory,
  standards,
  type PlacementDeployment,
} from '../testing/placement-harness';
import { stayReviewTimerId } from './stay-review.timer';

interface TimerRow {
  timer_id: string;
  due_at: Date;
  data: Record<string, unknown>;
  causation_id: string | null;
  fired_at: Date | null;
  cancelled_at: Date | null;
}

/** Institution (panti) care on the provincial template (seed 000 step 6c), office 36. */
describe('institution care (real PostgreSQL and Kafka)', () => {
  let deployment: PlacementDeployment;
  let instance: ServiceInstance;
  let opened: Awaited<ReturnType<typeof openedCase>>;
  let consentId: string;
  let admittedAt: string;

  const panti = { name: 'UPTD Panti Sosial Asuhan Anak Serang', regionCode: '3673' };

  beforeAll(async () => {
    deployment = await createPlacementDeployment();
    instance = await deployment.start();
    opened = await openedCase(deployment, instance, '36', 'banten', {
      recommendation: 'institutionCare',
      reportedAt: '2026-03-02T02:15:00Z',
    });
  });

  afterAll(async () => {
    await deployment?.stop();
  });

  const post = (route: string, body: object = {}) =>
    opened.placementOfficer.post(`/placements/${opened.caseId}${route}`, body);
  const timersOf = async (caseId: string): Promise<TimerRow[]> =>
    (
      await deployment.reader.pool.query<TimerRow>(
        `select timer_id, due_at, data, causation_id::text as causation_id, fired_at, cancelled_at
           from platform_timers where case_id = $1 order by scheduled_at, timer_id`,
        [caseId],
      )
    ).rows;
  const referral = (extra: object = {}) => ({
    institution: panti,
    consentId,
    signatory: signatory('Drs. Ahmad Syaukani', 'Kepala Dinas Sosial Provinsi Banten'),
    ...extra,
  });
  const consent = (letterScanFileId: string, extra: object = {}) => ({
    givenBy: { name: 'Ujang Suherman', position: 'Lurah Cipocok Jaya' },
    giverRole: 'lurah',
    letterDate: '2026-03-02',
    letterScanFileId,
    ...extra,
  });

  it('refuses a referral before consent, naming what is missing', async () => {
    const before = await placementOf(deployment, opened.caseId);
    const refused = await post('/institution-referral', referral({ consentId: 'no-consent' }));
    expect(refused.status).toBe(422);
    expect(refused.body).toMatchObject({
      rule: 'consent-missing',
      details: { missing: ['ConsentRecorded'] },
    });
    expect(refused.body.detail).toContain('surat persetujuan');
    expect(await placementOf(deployment, opened.caseId)).toEqual(before);
  });

  it("records a lurah's consent with its scan only with the reason no family consented", async () => {
    const uploaded = await opened.placementOfficer.upload(
      `/placements/${opened.caseId}/uploads`,
      Buffer.from('%PDF-1.4 surat persetujuan lurah (scan)'),
    );
    expect(uploaded.status).toBe(201);
    const fileId = uploaded.body.fileId as string;
    const before = await placementOf(deployment, opened.caseId);

    const noScan = await post('/consents', consent('f'.repeat(64), { noFamilyConsentReason: 'x' }));
    expect(noScan.status).toBe(422);
    expect(noScan.body.detail).toContain(`/placements/${opened.caseId}/uploads`);
    const noReason = await post('/consents', consent(fileId));
    expect(noReason.status).toBe(422);
    expect(noReason.body.rule).toBe('consent-reason-missing');
    expect(await placementOf(deployment, opened.caseId)).toEqual(before);

    const recorded = await post(
      '/consents',
      consent(fileId, { noFamilyConsentReason: 'Keluarga belum ditemukan setelah penelusuran' }),
    );
    expect(recorded.status).toBe(200);
    consentId = recorded.body.consentId;
    const event = (await placementOf(deployment, opened.caseId)).at(-1)!;
    expect(event).toMatchObject({
      type: 'ConsentRecorded',
      officeCode: '36',
      serviceStandard: standards.banten,
      payload: {
        consentId,
        giverRole: 'lurah',
        purpose: 'institutionCare',
        letterDate: '2026-03-02',
        noFamilyConsentReason: 'Keluarga belum ditemukan setelah penelusuran',
        givenBy: { personId: expect.any(String), name: { keyId: expect.any(String) } },
        letterScan: { keyId: expect.any(String), ct: expect.any(String) },
      },
    });
    expect(JSON.stringify(event)).not.toContain('Ujang');
    expect(JSON.stringify(event)).not.toContain(fileId);
  });

  it('issues the referral letter on the consent, regenerated from the events', async () => {
    const issued = await post('/institution-referral', referral());
    expect(issued.status).toBe(200);
    const event = (await placementOf(deployment, opened.caseId)).at(-1)!;
    expect(event).toMatchObject({
      type: 'InstitutionReferralIssued',
      payload: { institution: panti, consentId, letter: { templateCode: 'surat-rujukan' } },
    });
    expect(await documentsOf(deployment, instance, opened.caseId, '36')).toEqual([
      expect.objectContaining({
        eventId: event.eventId,
        issuedBy: 'InstitutionReferralIssued',
        regenerated: 'matches',
      }),
    ]);
    const second = await post('/institution-referral', referral());
    expect(second.status).toBe(422);
    expect(second.body.rule).toBe('institution-referral-open');
  });

  it('refuses a discharge before admission, and an admission without a referral', async () => {
    const before = await placementTypesOf(deployment, opened.caseId);
    const early = await post('/institution-stay/discharge', {
      destination: { kind: 'family', personIds: [opened.motherId] },
    });
    expect(early.status).toBe(422);
    expect(early.body.rule).toBe('discharge-before-admission');
    expect(await placementTypesOf(deployment, opened.caseId)).toEqual(before);

    const other = await openedCase(deployment, instance, '36', 'banten', {
      recommendation: 'institutionCare',
    });
    const otherBefore = await placementOf(deployment, other.caseId);
    const unreferred = await other.placementOfficer.post(
      `/placements/${other.caseId}/institution-referral/admission`,
    );
    expect(unreferred.status).toBe(422);
    expect(unreferred.body.rule).toBe('institution-referral-missing');
    expect(await placementOf(deployment, other.caseId)).toEqual(otherBefore);
    expect(await timersOf(other.caseId)).toEqual([]);
  });

  it("admits the client: custody to the institution, the stay within the service's year, the first review scheduled", async () => {
    deployment.clock.set('2026-03-02T09:00:00Z');
    const future = await post('/institution-referral/admission', {
      admittedAt: '2026-03-02T17:00:00+07:00',
    });
    expect(future.status).toBe(422);
    expect(future.body.rule).toBe('instant-in-the-future');
    const admitted = await post('/institution-referral/admission', {
      admittedAt: '2026-03-02T15:00:00+07:00',
    });
    expect(admitted.status).toBe(200);
    const event = (await placementOf(deployment, opened.caseId)).at(-1)!;
    const payload = event.payload as EventPayload<'AdmittedToInstitution'>;
    admittedAt = payload.admittedAt;
    expect(payload).toMatchObject({
      institution: panti,
      admittedAt: '2026-03-02T08:00:00.000Z',
      firstReviewDueOn: '2026-06-02',
      previousCustodian: { kind: 'office', officeCode: '36' },
      custodian: { kind: 'institution', organisation: panti },
    });
    const clock = (await placementOf(deployment, opened.caseId)).find(
      (candidate) => candidate.type === 'ServiceClockStarted',
    )!.payload as EventPayload<'ServiceClockStarted'>;
    expect(payload.stayLimitDate).toBe(clock.dueDate);
    expect(await timersOf(opened.caseId)).toEqual([
      expect.objectContaining({
        timer_id: stayReviewTimerId(opened.caseId, admittedAt, 1),
        // The start of 2 June in Banten (WIB).
        due_at: new Date('2026-06-01T17:00:00Z'),
        data: { reviewNumber: 1, dueOn: '2026-06-02', serviceStandard: standards.banten },
        causation_id: event.eventId,
        fired_at: null,
      }),
    ]);
    const view = await opened.placementOfficer.get(`/placements/${opened.caseId}`);
    expect(view.body.institution).toMatchObject({
      status: 'admitted',
      nextReviewDueOn: '2026-06-02',
      limitDate: clock.dueDate,
      stay: 'onTrack',
    });
  });

  it('raises the review due once when the clock passes its date, with two instances running', async () => {
    const second = await deployment.start();
    const timerId = stayReviewTimerId(opened.caseId, admittedAt, 1);
    deployment.clock.set('2026-06-01T16:59:00Z');
    await new Promise((resolve) => setTimeout(resolve, 700));
    expect(await placementTypesOf(deployment, opened.caseId)).not.toContain('InstitutionReviewDue');

    deployment.clock.set('2026-06-02T01:00:00Z');
    await eventually(async () => {
      const [timer] = await timersOf(opened.caseId);
      return timer?.fired_at ? timer : undefined;
    }, 'the review timer to fire');
    // Fired rows are never taken again; give both instances a few more polls to prove it.
    await new Promise((resolve) => setTimeout(resolve, 1500));
    const admission = (await placementOf(deployment, opened.caseId)).find(
      (event) => event.type === 'AdmittedToInstitution',
    )!;
    const due = (await placementOf(deployment, opened.caseId)).filter(
      (event) => event.type === 'InstitutionReviewDue',
    );
    expect(due).toHaveLength(1);
    expect(due[0]).toMatchObject({
      eventId: reactionEventId('placement', `timer:${timerId}`, 'institution-stay-review', 0),
      causationId: admission.eventId,
      correlationId: admission.correlationId,
      officeCode: '36',
      serviceStandard: standards.banten,
      payload: { clientId: opened.clientId, reviewNumber: 1, dueOn: '2026-06-02' },
    });
    await second.stop();
  });

  it('records the review, scheduling the next; a supervisor extends the stay, a placement officer may not', async () => {
    const reviewed = await post('/institution-stay/reviews', {
      outcome: 'continue',
      notes: 'Anak mulai bersekolah di SD terdekat',
    });
    expect(reviewed.status).toBe(200);
    const review = (await placementOf(deployment, opened.caseId)).at(-1)!;
    expect(review).toMatchObject({
      type: 'InstitutionStayReviewed',
      payload: {
        reviewNumber: 1,
        reviewedOn: '2026-06-02',
        outcome: 'continue',
        nextReviewDueOn: '2026-09-02',
        notes: { keyId: expect.any(String) },
      },
    });
    const timers = await timersOf(opened.caseId);
    expect(timers.map((timer) => [timer.timer_id, timer.causation_id])).toEqual([
      [stayReviewTimerId(opened.caseId, admittedAt, 1), expect.any(String)],
      [stayReviewTimerId(opened.caseId, admittedAt, 2), review.eventId],
    ]);

    const limit = (await opened.placementOfficer.get(`/placements/${opened.caseId}`)).body
      .institution.limitDate as string;
    const byOfficer = await post('/institution-stay/extensions', {
      extendedUntil: '2027-09-01',
      reason: 'Keluarga belum ditemukan',
    });
    expect(byOfficer.status).toBe(403);
    const head = await officer(deployment, instance.http, 'supervisor', '36');
    const notLater = await head.post(`/placements/${opened.caseId}/institution-stay/extensions`, {
      extendedUntil: limit,
      reason: 'Keluarga belum ditemukan',
    });
    expect(notLater.status).toBe(422);
    expect(notLater.body.rule).toBe('extension-not-later');
    const extended = await head.post(`/placements/${opened.caseId}/institution-stay/extensions`, {
      extendedUntil: '2027-09-01',
      reason: 'Keluarga belum ditemukan',
    });
    expect(extended.status).toBe(200);
    expect((await placementOf(deployment, opened.caseId)).at(-1)).toMatchObject({
      type: 'InstitutionStayExtended',
      payload: { previousLimitDate: limit, extendedUntil: '2027-09-01' },
    });
  });

  it('discharges the client to the family: custody passes to it, the next review is cancelled and the case closes in time', async () => {
    // Home to the mother tracing found (a discharge names family members the case knows).
    await opened.familyFound();
    await placementHas(deployment, opened.caseId, ['TracingOutcomeReceived']);
    const discharged = await post('/institution-stay/discharge', {
      destination: { kind: 'family', personIds: [opened.motherId] },
    });
    expect(discharged.status).toBe(200);
    const [discharge, closed] = (await placementOf(deployment, opened.caseId)).slice(-2);
    expect(discharge).toMatchObject({
      type: 'DischargedFromInstitution',
      payload: {
        institution: panti,
        dischargedAt: '2026-06-02T01:00:00.000Z',
        destination: 'family',
        previousCustodian: { kind: 'institution', organisation: panti },
        custodian: { kind: 'family', personIds: [opened.motherId] },
      },
    });
    expect(closed).toMatchObject({
      type: 'CaseClosed',
      payload: {
        closedBy: 'DischargedFromInstitution',
        closedAt: '2026-06-02T01:00:00.000Z',
        clock: { code: 'whole-service', outcome: 'met' },
      },
    });
    const next = (await timersOf(opened.caseId)).find(
      (timer) => timer.timer_id === stayReviewTimerId(opened.caseId, admittedAt, 2),
    );
    expect(next).toMatchObject({ fired_at: null, cancelled_at: expect.any(Date) });
    const view = await opened.placementOfficer.get(`/placements/${opened.caseId}`);
    expect(view.body).toMatchObject({
      status: 'closed',
      custodian: { kind: 'family', personIds: [opened.motherId] },
      closed: { closedBy: 'DischargedFromInstitution', outcome: 'met' },
    });
  });

  it('gives a second stay of the same case a letter number and review timers of its own', async () => {
    // On the regency template a discharge home does not end the service: a second stay may follow.
    deployment.clock.set('2026-06-02T06:00:00Z');
    const again = await openedCase(deployment, instance, '3603', 'bekasi', {
      reportedAt: '2026-06-02T01:00:00Z',
    });
    const at = (route: string, body: object = {}) =>
      again.placementOfficer.post(`/placements/${again.caseId}${route}`, body);
    const scan = await again.placementOfficer.upload(
      `/placements/${again.caseId}/uploads`,
      Buffer.from('%PDF-1.4 surat persetujuan ibu (scan)'),
    );
    const consented = await at('/consents', {
      givenBy: { name: 'Sari Wulandari', relationship: 'ibu kandung' },
      giverRole: 'family',
      letterDate: '2026-06-01',
      letterScanFileId: scan.body.fileId,
    });
    expect(consented.status).toBe(200);
    await again.familyFound();
    await placementHas(deployment, again.caseId, ['TracingOutcomeReceived']);
    const letter = { ...referral({ consentId: consented.body.consentId }) };
    const stays: { admittedAt: string; number: string }[] = [];
    for (const hour of ['09', '10']) {
      expect((await at('/institution-referral', letter)).status).toBe(200);
      const issued = (await placementOf(deployment, again.caseId)).at(-1)!
        .payload as EventPayload<'InstitutionReferralIssued'>;
      const admitted = await at('/institution-referral/admission', {
        admittedAt: `2026-06-02T${hour}:00:00+07:00`,
      });
      expect(admitted.status).toBe(200);
      const admission = (await placementOf(deployment, again.caseId)).at(-1)!
        .payload as EventPayload<'AdmittedToInstitution'>;
      stays.push({ admittedAt: admission.admittedAt, number: issued.letter.number });
      const discharged = await at('/institution-stay/discharge', {
        dischargedAt: `2026-06-02T${hour}:30:00+07:00`,
        destination: { kind: 'family', personIds: [again.motherId] },
      });
      expect(discharged.status).toBe(200);
    }
    expect(stays[1].number).not.toBe(stays[0].number);
    expect(await placementTypesOf(deployment, again.caseId)).not.toContain('CaseClosed');
    // One timer per stay, each cancelled by its discharge.
    expect(
      (await timersOf(again.caseId)).map((timer) => [timer.timer_id, timer.cancelled_at !== null]),
    ).toEqual(stays.map((stay) => [stayReviewTimerId(again.caseId, stay.admittedAt, 1), true]));
    const documents = await documentsOf(deployment, instance, again.caseId, '3603');
    expect(documents.map((document) => document.regenerated)).toEqual(['matches', 'matches']);
  });

  it('refuses malformed consents, reviews and discharges, appending nothing', async () => {
    const other = await openedCase(deployment, instance, '36', 'banten', {
      recommendation: 'institutionCare',
    });
    const before = await placementTypesOf(deployment, other.caseId);
    const at = (route: string, body: object) =>
      other.placementOfficer.post(`/placements/${other.caseId}${route}`, body);
    const badConsent = await at('/consents', {
      givenBy: { name: 'Ujang' },
      giverRole: 'neighbour',
      letterDate: '2026-02-30',
      letterScanFileId: 'scan.pdf',
    });
    expect(badConsent.status).toBe(400);
    expect(badConsent.body.errors.map((error: { path: string }) => error.path)).toEqual(
      expect.arrayContaining(['giverRole', 'letterDate', 'letterScanFileId']),
    );
    const badReview = await at('/institution-stay/reviews', { outcome: 'stay forever' });
    expect(badReview.status).toBe(400);
    const badDischarge = await at('/institution-stay/discharge', {
      destination: { kind: 'family', personIds: [] },
    });
    expect(badDischarge.status).toBe(400);
    expect(await placementTypesOf(deployment, other.caseId)).toEqual(before);
  });
});
