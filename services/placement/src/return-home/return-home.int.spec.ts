import type { EventPayload } from '@dinsos/contracts';
import type { ServiceInstance } from '@dinsos/platform/testing';
import {
  createPlacementDeployment,
  documentsOf,
  openedCase,
  placementHas,
  placementOf,
  signatory,
  type PlacementDeployment,
} from '../testing/placement-harness';

type Opened = Awaited<ReturnType<typeof openedCase>>;

/** The return home on the regency template (seed 004 step 5), Kabupaten office 3603. */
describe('the return home (real PostgreSQL and Kafka)', () => {
  let deployment: PlacementDeployment;
  let instance: ServiceInstance;

  beforeAll(async () => {
    deployment = await createPlacementDeployment();
    instance = await deployment.start();
  });

  afterAll(async () => {
    await deployment?.stop();
  });

  const safetyAssessment = (personId: string, extra: object = {}) => ({
    family: [{ personId, relationship: 'ibu kandung' }],
    outcome: 'safe',
    assessedOn: '2026-03-03',
    findings: 'Rumah layak, ibu bekerja sebagai pedagang, bersedia menerima Adi kembali.',
    ...extra,
  });
  const arrangement = (safetyAssessmentId: string, extra: object = {}) => ({
    safetyAssessmentId,
    destination: { line: 'Kp. Sukamaju RT 03/RW 02', villageCode: '36.03.12.2001' },
    plannedAt: '2026-03-05T09:00:00+07:00',
    escorts: [signatory('Rina Marlina', 'Pekerja Sosial')],
    childView: 'Adi ingin pulang ke ibunya.',
    ...extra,
  });
  const returnHome = (extra: object = {}) => ({
    place: 'Kantor Desa Sukamaju',
    officer: signatory('Rina Marlina', 'Pekerja Sosial'),
    witnesses: [signatory('H. Jajang', 'Kepala Desa Sukamaju')],
    ...extra,
  });

  /** Family found, its safety assessed: the case ready to be arranged. */
  const assessedCase = async (reportedAt?: string) => {
    const opened = await openedCase(deployment, instance, '3603', 'bekasi', {
      ...(reportedAt ? { reportedAt } : {}),
    });
    await opened.familyFound();
    await placementHas(deployment, opened.caseId, ['TracingOutcomeReceived']);
    const assessed = await opened.placementOfficer.post(
      `/placements/${opened.caseId}/safety-assessments`,
      safetyAssessment(opened.motherId),
    );
    expect(assessed.status).toBe(200);
    return { ...opened, safetyAssessmentId: assessed.body.safetyAssessmentId as string };
  };

  describe('one case from family found to closed', () => {
    let opened: Opened;
    let safetyAssessmentId: string;

    beforeAll(async () => {
      opened = await openedCase(deployment, instance, '3603', 'bekasi', {
        reportedAt: '2026-03-02T02:15:00Z',
      });
    });

    it('refuses a return home before a family is found or known, appending nothing', async () => {
      const { caseId, placementOfficer } = opened;
      const before = await placementOf(deployment, caseId);
      const named = await placementOfficer.post(
        `/placements/${caseId}/return-home/arrangement`,
        arrangement('any-assessment', {
          receivingFamily: [{ name: 'Sari Wulandari', relationship: 'ibu kandung' }],
        }),
      );
      expect(named.status).toBe(422);
      expect(named.body.rule).toBe('return-home-needs-family');
      const unnamed = await placementOfficer.post(
        `/placements/${caseId}/return-home/arrangement`,
        arrangement('any-assessment'),
      );
      expect(unnamed.status).toBe(422);
      expect(unnamed.body.rule).toBe('return-home-needs-family');
      const returned = await placementOfficer.post(
        `/placements/${caseId}/return-home`,
        returnHome(),
      );
      expect(returned.status).toBe(422);
      // Seed 004 puts family tracing before the return home: the standard's order refuses first.
      expect(returned.body.rule).toBe('step-not-ready');
      expect(returned.body.detail).toContain('family-tracing');
      expect(await placementOf(deployment, caseId)).toEqual(before);
    });

    it("records the family's safety assessment, encrypted, naming a member tracing found", async () => {
      const { caseId, placementOfficer, motherId } = opened;
      await opened.familyFound();
      await placementHas(deployment, caseId, ['TracingOutcomeReceived']);

      const unknown = await placementOfficer.post(
        `/placements/${caseId}/safety-assessments`,
        safetyAssessment('somebody-else'),
      );
      expect(unknown.status).toBe(422);
      expect(unknown.body.rule).toBe('no-such-family-member');

      const assessed = await placementOfficer.post(
        `/placements/${caseId}/safety-assessments`,
        safetyAssessment(motherId, { conditions: 'Kunjungan pendampingan sebulan sekali' }),
      );
      expect(assessed.status).toBe(200);
      safetyAssessmentId = assessed.body.safetyAssessmentId;
      expect(assessed.body.personIds).toEqual([motherId]);
      const event = (await placementOf(deployment, caseId)).at(-1)!;
      expect(event).toMatchObject({
        type: 'FamilySafetyAssessed',
        payload: {
          safetyAssessmentId,
          familyPersonIds: [motherId],
          outcome: 'safe',
          assessedOn: '2026-03-03',
          findings: { keyId: expect.any(String), ct: expect.any(String) },
          conditions: { keyId: expect.any(String), ct: expect.any(String) },
        },
      });
      expect(JSON.stringify(event)).not.toContain('pedagang');
    });

    it('refuses an arrangement on no recorded safety assessment, then arranges it', async () => {
      const { caseId, placementOfficer, motherId } = opened;
      const before = await placementOf(deployment, caseId);
      const unassessed = await placementOfficer.post(
        `/placements/${caseId}/return-home/arrangement`,
        arrangement('no-such-assessment'),
      );
      expect(unassessed.status).toBe(422);
      expect(unassessed.body.rule).toBe('safety-assessment-missing');
      expect(await placementOf(deployment, caseId)).toEqual(before);

      const arranged = await placementOfficer.post(
        `/placements/${caseId}/return-home/arrangement`,
        arrangement(safetyAssessmentId),
      );
      expect(arranged.status).toBe(200);
      const event = (await placementOf(deployment, caseId)).at(-1)!;
      const payload = event.payload as EventPayload<'ReturnHomeArranged'>;
      expect(event.type).toBe('ReturnHomeArranged');
      // The family tracing found receives the client, as tracing recorded them.
      expect(payload.receivingFamily).toEqual([
        expect.objectContaining({ personId: motherId, relationship: 'ibu kandung' }),
      ]);
      expect(payload).toMatchObject({
        safetyAssessmentId,
        plannedAt: '2026-03-05T02:00:00.000Z',
      });
      const again = await placementOfficer.post(
        `/placements/${caseId}/return-home/arrangement`,
        arrangement(safetyAssessmentId),
      );
      expect(again.status).toBe(422);
      expect(again.body.rule).toBe('return-home-arranged');
    });

    it('returns the client home with a Berita Acara Pemulangan; custody passes to the family and the case closes, in time', async () => {
      const { caseId, placementOfficer, motherId, clientId } = opened;
      // The eighth day of the service, 16:00 WIB on 9 March: still within the 7 days.
      deployment.clock.set('2026-03-09T09:30:00Z');
      const future = await placementOfficer.post(
        `/placements/${caseId}/return-home`,
        returnHome({ returnedAt: '2026-03-09T18:00:00+07:00' }),
      );
      expect(future.status).toBe(422);
      expect(future.body.rule).toBe('instant-in-the-future');

      const returned = await placementOfficer.post(
        `/placements/${caseId}/return-home`,
        returnHome({ returnedAt: '2026-03-09T16:00:00+07:00' }),
      );
      expect(returned.status).toBe(200);
      const events = await placementOf(deployment, caseId);
      const [home, closed] = events.slice(-2);
      expect(home).toMatchObject({
        type: 'ClientReturnedHome',
        payload: {
          clientId,
          returnedAt: '2026-03-09T09:00:00.000Z',
          receivedBy: [expect.objectContaining({ personId: motherId })],
          previousCustodian: { kind: 'shelter' },
          custodian: { kind: 'family', personIds: [motherId] },
          beritaAcaraPemulangan: {
            templateCode: 'berita-acara-pemulangan',
            templateVersion: 1,
            sha256: expect.stringMatching(/^[0-9a-f]{64}$/),
          },
        },
      });
      expect(closed).toMatchObject({
        type: 'CaseClosed',
        payload: {
          clientId,
          closedBy: 'ClientReturnedHome',
          closedAt: '2026-03-09T09:00:00.000Z',
          clock: {
            code: 'whole-service',
            startedAt: '2026-03-02T02:15:00Z',
            dueDate: '2026-03-09',
            dueAt: '2026-03-09T23:59:59.999+07:00',
            outcome: 'met',
          },
        },
      });
      const everything = JSON.stringify(events);
      for (const plaintext of ['Kantor Desa Sukamaju', 'Rina Marlina', 'Sari Wulandari']) {
        expect(everything).not.toContain(plaintext);
      }

      const view = await placementOfficer.get(`/placements/${caseId}`);
      expect(view.body).toMatchObject({
        status: 'closed',
        custodian: { kind: 'family', personIds: [motherId] },
        returnHome: { returnedAt: '2026-03-09T09:00:00.000Z' },
        closed: { closedBy: 'ClientReturnedHome', outcome: 'met' },
      });
      const at = await placementOfficer.get(
        `/placements/${caseId}/custody?at=2026-03-09T16:00:00%2B07:00`,
      );
      expect(at.body).toMatchObject({
        custodian: { kind: 'family', personIds: [motherId] },
        openedBy: 'ClientReturnedHome',
      });

      const documents = await documentsOf(deployment, instance, caseId, '3603');
      expect(documents).toEqual([
        {
          eventId: home.eventId,
          issuedBy: 'ClientReturnedHome',
          number: (home.payload as EventPayload<'ClientReturnedHome'>).beritaAcaraPemulangan.number,
          template: 'berita-acara-pemulangan v1',
          sha256: (home.payload as EventPayload<'ClientReturnedHome'>).beritaAcaraPemulangan.sha256,
          regenerated: 'matches',
        },
      ]);
      const printed = await placementOfficer
        .get(`/placements/${caseId}/documents/${home.eventId}`)
        .buffer(true)
        .parse((response, done) => {
          const chunks: Buffer[] = [];
          response.on('data', (chunk: Buffer) => chunks.push(chunk));
          response.on('end', () => done(null, Buffer.concat(chunks)));
        });
      expect(printed.status).toBe(200);
      expect(printed.headers['content-type']).toContain('application/pdf');
      expect((printed.body as Buffer).subarray(0, 5).toString()).toBe('%PDF-');
      const noSuch = await placementOfficer.get(
        `/placements/${caseId}/documents/${closed.eventId}`,
      );
      expect(noSuch.status).toBe(404);

      // Closed: nothing more is recorded in its placement.
      const after = await placementOfficer.post(`/placements/${caseId}/health-referrals`, {
        facility: { name: 'Puskesmas Sukamaju' },
        reason: 'Kontrol',
        signatory: signatory(),
      });
      expect(after.status).toBe(422);
      expect(after.body.rule).toBe('case-closed');
    });
  });

  it('closes a return home after the seventh day as breached', async () => {
    deployment.clock.set('2026-03-10T06:00:00Z');
    const { caseId, placementOfficer, safetyAssessmentId } =
      await assessedCase('2026-03-02T03:00:00Z');
    expect(
      (
        await placementOfficer.post(
          `/placements/${caseId}/return-home/arrangement`,
          arrangement(safetyAssessmentId, { plannedAt: '2026-03-10T08:00:00+07:00' }),
        )
      ).status,
    ).toBe(200);
    // 00:30 WIB on 10 March: half an hour past the seventh day.
    const returned = await placementOfficer.post(
      `/placements/${caseId}/return-home`,
      returnHome({ returnedAt: '2026-03-10T00:30:00+07:00' }),
    );
    expect(returned.status).toBe(200);
    const closed = (await placementOf(deployment, caseId)).at(-1)!;
    expect(closed).toMatchObject({
      type: 'CaseClosed',
      payload: {
        closedAt: '2026-03-09T17:30:00.000Z',
        clock: { dueAt: '2026-03-09T23:59:59.999+07:00', outcome: 'breached' },
      },
    });
    expect((await documentsOf(deployment, instance, caseId, '36'))[0].regenerated).toBe('matches');
  });

  it('returns the client to a family the assessment knew of (no tracing, seed 000), naming the person its safety assessment named', async () => {
    // Seed 000 traces no family: the Peksos recommends the return home to a family known to her.
    const { caseId, placementOfficer } = await openedCase(deployment, instance, '36', 'banten', {
      recommendation: 'returnHome',
    });
    const assessed = await placementOfficer.post(`/placements/${caseId}/safety-assessments`, {
      ...safetyAssessment('unused'),
      family: [{ name: 'Budi Santoso', relationship: 'paman' }],
    });
    expect(assessed.status).toBe(200);
    const [uncle] = assessed.body.personIds as string[];
    const unnamed = await placementOfficer.post(
      `/placements/${caseId}/return-home/arrangement`,
      arrangement(assessed.body.safetyAssessmentId),
    );
    expect(unnamed.status).toBe(422);
    expect(unnamed.body.rule).toBe('receiving-family-missing');
    const arranged = await placementOfficer.post(
      `/placements/${caseId}/return-home/arrangement`,
      arrangement(assessed.body.safetyAssessmentId, {
        receivingFamily: [{ personId: uncle, name: 'Budi Santoso', relationship: 'paman' }],
      }),
    );
    expect(arranged.status).toBe(200);
    expect((await placementOf(deployment, caseId)).at(-1)).toMatchObject({
      type: 'ReturnHomeArranged',
      subjectIds: expect.arrayContaining([uncle]),
      payload: { receivingFamily: [{ personId: uncle, relationship: 'paman' }] },
    });
    expect(
      (await placementOfficer.post(`/placements/${caseId}/return-home`, returnHome())).status,
    ).toBe(200);
    expect((await placementOf(deployment, caseId)).slice(-2)).toMatchObject([
      {
        type: 'ClientReturnedHome',
        payload: { custodian: { kind: 'family', personIds: [uncle] } },
      },
      { type: 'CaseClosed' },
    ]);
    expect((await documentsOf(deployment, instance, caseId, '36'))[0].regenerated).toBe('matches');
  });

  it('refuses a return home to a family found unsafe, and malformed bodies, appending nothing', async () => {
    const { caseId, placementOfficer, motherId } = await assessedCase();
    const unsafe = await placementOfficer.post(
      `/placements/${caseId}/safety-assessments`,
      safetyAssessment(motherId, { outcome: 'unsafe' }),
    );
    expect(unsafe.status).toBe(200);
    const before = await placementOf(deployment, caseId);
    const refused = await placementOfficer.post(
      `/placements/${caseId}/return-home/arrangement`,
      arrangement(unsafe.body.safetyAssessmentId),
    );
    expect(refused.status).toBe(422);
    expect(refused.body.rule).toBe('family-unsafe');

    const malformed = await placementOfficer.post(`/placements/${caseId}/safety-assessments`, {
      family: [],
      outcome: 'fine',
      assessedOn: '3 March',
    });
    expect(malformed.status).toBe(400);
    expect(malformed.body.errors.map((error: { path: string }) => error.path)).toEqual(
      expect.arrayContaining(['family', 'outcome', 'assessedOn', 'findings']),
    );
    const badArrangement = await placementOfficer.post(
      `/placements/${caseId}/return-home/arrangement`,
      { safetyAssessmentId: 'x', destination: { line: '' }, plannedAt: 'tomorrow', escorts: [] },
    );
    expect(badArrangement.status).toBe(400);
    expect(badArrangement.body.errors.map((error: { path: string }) => error.path)).toEqual(
      expect.arrayContaining(['destination.line', 'plannedAt', 'escorts', 'childView']),
    );
    expect(await placementOf(deployment, caseId)).toEqual(before);
  });
});
