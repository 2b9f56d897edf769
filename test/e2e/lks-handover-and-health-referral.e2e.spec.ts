import {
  assessAndRecommend,
  ok,
  openBekasiCase,
  placementDocumentsMatch,
  placementNoted,
  placementOpened,
  tangerangOfficers,
  tracingAssigned,
  villageInquiry,
} from './case-path';
import { systemForSpec } from './system';

/**
 * Seed 004 at Kabupaten Tangerang (office 3603), two cases on one deployment of all four write
 * services, which learn of each other only over Kafka: a family that cannot be found (the client
 * goes to an LKS of the office's registry with a BAST), and a sick child referred to a health
 * facility and back (the custody ledger follows: shelter, facility, shelter).
 */
describe('seed 004 at office 3603: LKS handover and health referral (all services over Kafka)', () => {
  // The clock starts on Monday 2 March 2026, 09:15 WIB.
  const the = systemForSpec('2026-03-02T02:15:00Z', '3603', tangerangOfficers);

  describe('family not found: referral to an LKS and handover with its BAST', () => {
    let caseId: string;

    it("tracing records the family as not found, and placement learns it from tracing's FamilyNotFound", async () => {
      ({ caseId } = await openBekasiCase(the.intakeOfficer, {
        calledName: 'Wawan',
        sex: 'male',
        estimatedAgeYears: 12,
      }));
      await placementOpened(the.supervisor, caseId);
      the.system.setClock('2026-03-03T02:00:00Z');
      await assessAndRecommend(
        the.peksos,
        caseId,
        '2026-03-03',
        {
          recommendation: 'traceFamily',
          reasons: 'Anak tidak ingat alamat, perlu penelusuran keluarga',
          childView: 'Tidak tahu rumahnya di mana',
        },
        { rehabilitationDay: '2026-03-02' },
      );
      await tracingAssigned(the.supervisor, the.tracer, caseId);
      await villageInquiry(the.tracer, caseId);

      the.system.setClock('2026-03-05T03:00:00Z');
      await ok(
        the.tracer.tracing.post(`/tracings/${caseId}/family-not-found`, {
          reason: 'Kelurahan dan Disdukcapil tidak menemukan data keluarga klien',
        }),
      );
      await placementNoted(the.placementOfficer, caseId, { tracingOutcome: 'familyNotFound' });
    });

    it("refers the client to an LKS of the office's registry and hands over with a BAST; both documents regenerate and the case closes", async () => {
      const path = `/placements/${caseId}`;
      const registry = await ok(the.placementOfficer.placement.get(`${path}/lks-registry`));
      expect(registry.officeCode).toBe('3603');
      const lks = registry.lks[0] as { code: string; name: string };
      expect(lks.code).toMatch(/^LKS-3603-/);
      await ok(
        the.placementOfficer.placement.post(`${path}/lks-referral`, {
          lksCode: lks.code,
          signatory: { name: 'Drs. Bambang Sutrisno', position: 'Kepala Dinas Sosial' },
        }),
      );

      the.system.setClock('2026-03-06T03:00:00Z'); // 10:00 WIB, day 5 of 7
      await ok(
        the.placementOfficer.placement.post(`${path}/lks-handover`, {
          handedOverAt: '2026-03-06T09:00:00+07:00',
          place: `Kantor ${lks.name}`,
          handedOverBy: { name: 'Sari Wulandari', position: 'Pekerja Sosial' },
          receivedBy: { name: 'Ibu Endang', position: 'Ketua Pengurus' },
          witnesses: [{ name: 'Rina Marlina', position: 'Pekerja Sosial Rumah Singgah' }],
          belongings: ['Tas punggung biru', 'Dua stel pakaian'],
        }),
      );

      const documents = await placementDocumentsMatch(the.placementOfficer, caseId);
      expect(documents.map((document) => [document.issuedBy, document.regenerated])).toEqual([
        ['LksReferralMade', 'matches'],
        ['ClientHandedOverToLks', 'matches'],
      ]);
      const view = await ok(the.placementOfficer.placement.get(path));
      expect(view).toMatchObject({
        status: 'closed',
        closed: { closedBy: 'ClientHandedOverToLks', outcome: 'met' },
        custodian: { kind: 'lks', organisation: { code: lks.code } },
        lks: { status: 'handedOver' },
      });
    });
  });

  describe('a sick child: health referral, admission and return to the shelter', () => {
    let caseId: string;
    let referralId: string;

    it('the Peksos recommends a health referral, and placement issues the referral letter', async () => {
      the.system.setClock('2026-03-09T02:00:00Z'); // Monday 09:00 WIB
      ({ caseId } = await openBekasiCase(the.intakeOfficer, {
        calledName: 'Nining',
        sex: 'female',
        estimatedAgeYears: 8,
      }));
      await assessAndRecommend(
        the.peksos,
        caseId,
        '2026-03-09',
        {
          recommendation: 'healthReferral',
          reasons: 'Demam tinggi tiga hari, perlu pemeriksaan di rumah sakit',
          childView: 'Badannya sakit semua',
        },
        { sick: true },
      );
      await placementNoted(the.placementOfficer, caseId, { recommendation: 'healthReferral' });
      the.system.setClock('2026-03-09T04:00:00Z');
      const referred = await ok(
        the.placementOfficer.placement.post(`/placements/${caseId}/health-referrals`, {
          facility: { code: 'RSUD-3603', name: 'RSUD Kabupaten Tangerang', regionCode: '3603' },
          reason: 'Demam tinggi tiga hari, diduga tifus',
          signatory: { name: 'dr. Lestari', position: 'Kepala Seksi Rehabilitasi Sosial' },
        }),
      );
      referralId = referred.referralId;
      expect(referralId).toEqual(expect.any(String));
    });

    it('the facility admits her and she comes back: the custody ledger shows shelter, facility, shelter', async () => {
      const path = `/placements/${caseId}/health-referrals/${referralId}`;
      the.system.setClock('2026-03-09T07:00:00Z');
      await ok(
        the.placementOfficer.placement.post(`${path}/admission`, {
          admittedAt: '2026-03-09T13:00:00+07:00',
        }),
      );
      the.system.setClock('2026-03-12T04:00:00Z');
      await ok(
        the.placementOfficer.placement.post(`${path}/departure`, {
          leftAt: '2026-03-12T10:00:00+07:00',
          how: 'returned',
          notes: 'Sembuh, kontrol seminggu lagi',
        }),
      );

      const custodianAt = async (at: string) =>
        (
          await ok(
            the.supervisor.placement.get(
              `/placements/${caseId}/custody?at=${encodeURIComponent(at)}`,
            ),
          )
        ).custodian as { kind: string; organisation?: { name: string } };
      expect(await custodianAt('2026-03-09T10:00:00+07:00')).toMatchObject({ kind: 'shelter' });
      expect(await custodianAt('2026-03-10T10:00:00+07:00')).toMatchObject({
        kind: 'healthFacility',
        organisation: { name: 'RSUD Kabupaten Tangerang' },
      });
      expect(await custodianAt('2026-03-12T12:00:00+07:00')).toMatchObject({ kind: 'shelter' });

      const view = await ok(the.placementOfficer.placement.get(`/placements/${caseId}`));
      expect(view.status).toBe('open');
      expect(
        view.custody.map((period: { custodian: { kind: string } }) => period.custodian.kind),
      ).toEqual(['shelter', 'healthFacility', 'shelter']);
      const documents = await placementDocumentsMatch(the.placementOfficer, caseId);
      expect(documents.map((document) => document.issuedBy)).toEqual(['HealthReferralIssued']);
    });
  });
});
