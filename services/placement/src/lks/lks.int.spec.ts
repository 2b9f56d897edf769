import type { EventPayload } from '@dinsos/contracts';
import type { ServiceInstance } from '@dinsos/platform/testing';
import { serviceStandards } from '@dinsos/service-standards';
import {
  createPlacementDeployment,
  documentsOf,
  officer,
  openedCase,
  placementHas,
  placementOf,
  signatory,
  type PlacementDeployment,
} from '../testing/placement-harness';

/** No family found (seed 004 steps 6–7): referral to an LKS of the office's registry, handover with a BAST. */
describe('an LKS when no family is found (real PostgreSQL and Kafka)', () => {
  let deployment: PlacementDeployment;
  let instance: ServiceInstance;
  let opened: Awaited<ReturnType<typeof openedCase>>;

  const lks = serviceStandards.lks.find('3603', 'LKS-3603-01')!;
  const handover = (extra: object = {}) => ({
    handedOverAt: '2026-03-04T10:00:00+07:00',
    place: 'Kantor Dinas Sosial Kabupaten Tangerang',
    handedOverBy: signatory('Rina Marlina', 'Pekerja Sosial'),
    receivedBy: signatory('Yusuf Maulana', 'Pengurus LKSA'),
    witnesses: [signatory('Dedi Kurnia', 'Pendamping Rehabilitasi Sosial')],
    belongings: ['Tas ransel biru', 'Dua stel pakaian'],
    ...extra,
  });

  beforeAll(async () => {
    deployment = await createPlacementDeployment({ clockStartsAt: '2026-03-04T06:00:00Z' });
    instance = await deployment.start();
    opened = await openedCase(deployment, instance, '3603', 'bekasi', {
      reportedAt: '2026-03-02T02:15:00Z',
    });
  });

  afterAll(async () => {
    await deployment?.stop();
  });

  const post = (route: string, body: object = {}) =>
    opened.placementOfficer.post(`/placements/${opened.caseId}${route}`, body);

  it("lists the owning office's LKS registry to the office's readers, and to no other regency", async () => {
    const reader = await officer(deployment, instance.http, 'social-worker', '3603');
    const registry = await reader.get(`/placements/${opened.caseId}/lks-registry`);
    expect(registry.status).toBe(200);
    expect(registry.body).toEqual({
      officeCode: '3603',
      lks: serviceStandards.lks.of('3603').map((entry) => ({ ...entry })),
    });
    expect(registry.body.lks.map((entry: { code: string }) => entry.code)).toContain(lks.code);
    const elsewhere = await officer(deployment, instance.http, 'placement-officer', '3601');
    expect((await elsewhere.get(`/placements/${opened.caseId}/lks-registry`)).status).toBe(404);
  });

  it('refuses an LKS referral before tracing found no family, appending nothing', async () => {
    const before = await placementOf(deployment, opened.caseId);
    const early = await post('/lks-referral', { lksCode: lks.code, signatory: signatory() });
    expect(early.status).toBe(422);
    // Seed 004 puts family tracing before the LKS: the standard's order refuses first.
    expect(early.body.rule).toBe('step-not-ready');
    expect(early.body.detail).toContain('family-tracing');
    const handedOver = await post('/lks-handover', handover());
    expect(handedOver.status).toBe(422);
    expect(handedOver.body.rule).toBe('step-not-ready');
    expect(handedOver.body.detail).toContain('lks-referral');
    expect(await placementOf(deployment, opened.caseId)).toEqual(before);
  });

  it("refers the client to an LKS of the office's registry once tracing found no family", async () => {
    await opened.familyNotFound();
    await placementHas(deployment, opened.caseId, ['TracingOutcomeReceived']);
    const before = await placementOf(deployment, opened.caseId);
    for (const lksCode of ['LKS-9999-01', 'LKS-3601-01']) {
      const unknown = await post('/lks-referral', { lksCode, signatory: signatory() });
      expect(unknown.status).toBe(422);
      expect(unknown.body.rule).toBe('lks-not-registered');
      expect(unknown.body.detail).toContain(`/placements/${opened.caseId}/lks-registry`);
    }
    expect(await placementOf(deployment, opened.caseId)).toEqual(before);

    const referred = await post('/lks-referral', { lksCode: lks.code, signatory: signatory() });
    expect(referred.status).toBe(200);
    expect((await placementOf(deployment, opened.caseId)).at(-1)).toMatchObject({
      type: 'LksReferralMade',
      payload: {
        lks: { code: lks.code, name: lks.name, regionCode: lks.regionCode },
        issuedAt: '2026-03-04T06:00:00.000Z',
        letter: { templateCode: 'surat-rujukan' },
      },
    });
    const twice = await post('/lks-referral', { lksCode: lks.code, signatory: signatory() });
    expect(twice.status).toBe(422);
    expect(twice.body.rule).toBe('lks-referral-open');
  });

  it('hands the client over with a BAST: custody to the LKS, documents regenerated, the case closed in time', async () => {
    const handedOver = await post('/lks-handover', handover());
    expect(handedOver.status).toBe(200);
    const events = await placementOf(deployment, opened.caseId);
    const [handoverEvent, closed] = events.slice(-2);
    const payload = handoverEvent.payload as EventPayload<'ClientHandedOverToLks'>;
    expect(handoverEvent).toMatchObject({
      type: 'ClientHandedOverToLks',
      payload: {
        lks: { code: lks.code, name: lks.name },
        handedOverAt: '2026-03-04T03:00:00.000Z',
        place: 'Kantor Dinas Sosial Kabupaten Tangerang',
        previousCustodian: { kind: 'shelter' },
        custodian: { kind: 'lks', organisation: { code: lks.code, name: lks.name } },
        bast: { templateCode: 'bast-lks', sha256: expect.stringMatching(/^[0-9a-f]{64}$/) },
      },
    });
    expect(payload.belongings).toHaveLength(2);
    expect(JSON.stringify(events)).not.toContain('Tas ransel');
    expect(JSON.stringify(events)).not.toContain('Yusuf Maulana');
    expect(closed).toMatchObject({
      type: 'CaseClosed',
      payload: {
        closedBy: 'ClientHandedOverToLks',
        closedAt: '2026-03-04T03:00:00.000Z',
        clock: { code: 'whole-service', dueDate: '2026-03-09', outcome: 'met' },
      },
    });

    const documents = await documentsOf(deployment, instance, opened.caseId, '3603');
    expect(documents.map((document) => [document.issuedBy, document.regenerated])).toEqual([
      ['LksReferralMade', 'matches'],
      ['ClientHandedOverToLks', 'matches'],
    ]);
    expect(documents[1]).toMatchObject({
      eventId: handoverEvent.eventId,
      number: payload.bast.number,
    });
    const view = await opened.placementOfficer.get(`/placements/${opened.caseId}`);
    expect(view.body).toMatchObject({
      status: 'closed',
      lks: { status: 'handedOver' },
      custodian: { kind: 'lks' },
      closed: { closedBy: 'ClientHandedOverToLks', outcome: 'met' },
    });
  });

  it('refuses malformed referrals and handovers, appending nothing', async () => {
    const other = await openedCase(deployment, instance, '3603');
    const before = await placementOf(deployment, other.caseId);
    const at = (route: string, body: object) =>
      other.placementOfficer.post(`/placements/${other.caseId}${route}`, body);
    const badReferral = await at('/lks-referral', { lksCode: '', signatory: { name: 'Hendra' } });
    expect(badReferral.status).toBe(400);
    expect(badReferral.body.errors.map((error: { path: string }) => error.path)).toEqual(
      expect.arrayContaining(['lksCode', 'signatory.position']),
    );
    const badHandover = await at('/lks-handover', handover({ place: '', belongings: 'tas' }));
    expect(badHandover.status).toBe(400);
    expect(badHandover.body.errors.map((error: { path: string }) => error.path)).toEqual(
      expect.arrayContaining(['place', 'belongings']),
    );
    expect(await placementOf(deployment, other.caseId)).toEqual(before);
  });
});
