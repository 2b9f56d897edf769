import { eventually } from '@dinsos/platform/testing';
import {
  assessAndRecommend,
  ok,
  openBantenCase,
  provinceOfficers,
  placementDocumentsMatch,
  placementNoted,
  placementOpened,
  placementWhen,
} from './case-path';
import { systemForSpec } from './system';

/**
 * Seed 000 (Dinsos Provinsi Banten, office 36): institution (panti) care within the service's
 * running year, across all four write services over Kafka. The regency's referral letter and the
 * completeness check open the case; the Peksos recommends institution care and a supervisor
 * approves (seed 000 asks it); intake then records fingerprints and photo; placement records the
 * consent letter with its scan, refers, admits, raises the first review from its timer once the
 * clock passes the due date, records the review and discharges the child home, which closes the
 * case.
 */
describe('seed 000 at office 36: referral, assessment, biometrics, consent, panti stay, discharge (all services over Kafka)', () => {
  let caseId: string;

  // The clock starts on Monday 2 March 2026, 09:15 WIB.
  const the = systemForSpec('2026-03-02T02:15:00Z', '36', provinceOfficers);

  it('opens the case on the referral letter and its completeness, and placement starts the running year', async () => {
    ({ caseId } = await openBantenCase(the.intakeOfficer));
    const placement = await placementOpened(the.supervisor, caseId);
    expect(placement).toMatchObject({
      serviceStandard: { code: 'banten-rehsos-anak-terlantar', version: 1 },
      custodian: { kind: 'office', officeCode: '36' },
      clock: { clock: 'whole-service', startDate: '2026-03-02' },
    });
  });

  it('the Peksos recommends institution care, and it stands once a supervisor approves', async () => {
    the.system.setClock('2026-03-03T02:00:00Z');
    const submitted = await assessAndRecommend(the.peksos, caseId, '2026-03-03', {
      recommendation: 'institutionCare',
      reasons: 'Rumah tidak aman; perlu pengasuhan dalam panti dengan persetujuan keluarga',
      childView: 'Takut pulang ke rumah ayahnya',
    });
    expect(submitted).toMatchObject({ streamId: `assessment-${caseId}` });
    await ok(the.supervisor.assessment.post(`/assessments/${caseId}/recommendations/1/approval`));
    await placementNoted(the.placementOfficer, caseId, { recommendation: 'institutionCare' });
  });

  it('records fingerprints and photo at intake once the recommendation reached it', async () => {
    the.system.setClock('2026-03-04T02:00:00Z');
    const upload = async (bytes: string, mediaType: string) =>
      (
        await ok(
          the.intakeOfficer.intake.upload(
            `/cases/${caseId}/uploads`,
            Buffer.from(bytes),
            mediaType,
          ),
          201,
        )
      ).fileId as string;
    const captures = [
      {
        modality: 'fingerprint',
        position: 'rightThumb',
        fileId: await upload('fingerprint scan of the right thumb', 'image/png'),
        capturedAt: '2026-03-04T08:45:00+07:00',
      },
      {
        modality: 'photo',
        fileId: await upload('JPEG photo bytes of the child', 'image/jpeg'),
        capturedAt: '2026-03-04T08:50:00+07:00',
      },
    ];
    const recorded = await eventually(async () => {
      const answer = await the.intakeOfficer.intake.post(`/cases/${caseId}/biometrics`, {
        captures,
      });
      return answer.status === 422 && answer.body.rule === 'biometrics-too-early'
        ? undefined
        : answer;
    }, "the assessment's RecommendationMade to reach intake");
    expect(recorded.status).toBe(201);
  });

  it('refers to the panti on a consent letter uploaded to placement, and admits the child', async () => {
    the.system.setClock('2026-03-05T03:00:00Z');
    const path = `/placements/${caseId}`;
    await ok(the.placementOfficer.placement.post(`${path}/assignments`, {}));
    // Until intake's BiometricsRecorded has reached placement, seed 000's order refuses first.
    const early = await eventually(async () => {
      const answer = await the.placementOfficer.placement.post(`${path}/institution-referral`, {
        institution: { code: 'PSAA-36-01', name: 'UPTD Panti Sosial Asuhan Anak Banten' },
        consentId: 'none-yet',
        signatory: { name: 'Drs. Hendra Gunawan', position: 'Kepala Bidang Rehabilitasi Sosial' },
      });
      return answer.body.rule === 'step-not-ready' ? undefined : answer;
    }, "intake's fingerprints and photo to reach placement");
    expect(early.status).toBe(422);
    expect(early.body).toMatchObject({ rule: 'consent-missing' });

    const scan = await ok(
      the.placementOfficer.placement.upload(
        `${path}/uploads`,
        Buffer.from('%PDF-1.4 surat persetujuan pengasuhan dalam panti'),
        'application/pdf',
      ),
      201,
    );
    const consent = await ok(
      the.placementOfficer.placement.post(`${path}/consents`, {
        givenBy: { name: 'Siti Rohmah', relationship: 'bibi (wali)' },
        giverRole: 'guardian',
        letterDate: '2026-03-04',
        letterScanFileId: scan.fileId,
      }),
    );
    await ok(
      the.placementOfficer.placement.post(`${path}/institution-referral`, {
        institution: {
          code: 'PSAA-36-01',
          name: 'UPTD Panti Sosial Asuhan Anak Banten',
          regionCode: '36',
        },
        consentId: consent.consentId,
        signatory: { name: 'Drs. Hendra Gunawan', position: 'Kepala Bidang Rehabilitasi Sosial' },
      }),
    );
    the.system.setClock('2026-03-06T03:00:00Z');
    await ok(
      the.placementOfficer.placement.post(`${path}/institution-referral/admission`, {
        admittedAt: '2026-03-06T09:00:00+07:00',
      }),
    );
    const view = await ok(the.placementOfficer.placement.get(path));
    expect(view.institution).toMatchObject({ status: 'admitted', stay: 'onTrack' });
    expect(view.custodian).toMatchObject({ kind: 'institution' });
    // Seed 000's policy: a review every 3 months from admission.
    expect(view.institution.nextReviewDueOn).toBe('2026-06-06');
  });

  it("raises the first review from placement's timer once the clock passes its due date, and records it", async () => {
    the.system.setClock('2026-06-06T01:00:00Z'); // 08:00 WIB on the due date
    const due = await placementWhen(
      the.placementOfficer,
      caseId,
      (view) => (view.institution as { reviewsDue: number }).reviewsDue === 1,
      'the stay review timer to mark the first review due',
    );
    expect(due.institution).toMatchObject({ reviewsDue: 1, reviewsDone: 0 });
    await ok(
      the.placementOfficer.placement.post(`/placements/${caseId}/institution-stay/reviews`, {
        outcome: 'prepareDischarge',
        notes: 'Bibi siap mengasuh di rumahnya; kepulangan disiapkan',
      }),
    );
    const reviewed = await ok(the.placementOfficer.placement.get(`/placements/${caseId}`));
    expect(reviewed.institution).toMatchObject({ reviewsDone: 1 });
  });

  it('discharges the child to the family the safety assessment named, which closes the case within its year', async () => {
    the.system.setClock('2026-06-12T03:00:00Z');
    const path = `/placements/${caseId}`;
    const assessed = await ok(
      the.placementOfficer.placement.post(`${path}/safety-assessments`, {
        family: [{ name: 'Siti Rohmah', relationship: 'bibi (wali)' }],
        outcome: 'safeWithConditions',
        assessedOn: '2026-06-10',
        findings: 'Rumah bibi layak; anak bisa bersekolah di SD terdekat',
        conditions: 'Kunjungan Peksos setiap bulan selama enam bulan',
      }),
    );
    await ok(
      the.placementOfficer.placement.post(`${path}/institution-stay/discharge`, {
        dischargedAt: '2026-06-12T09:00:00+07:00',
        destination: { kind: 'family', personIds: assessed.personIds },
      }),
    );
    const view = await ok(the.placementOfficer.placement.get(path));
    expect(view).toMatchObject({
      status: 'closed',
      closed: { closedBy: 'DischargedFromInstitution', outcome: 'met' },
      custodian: { kind: 'family', personIds: assessed.personIds },
    });
    expect(
      view.custody.map((period: { custodian: { kind: string } }) => period.custodian.kind),
    ).toEqual(['office', 'institution', 'family']);
    const documents = await placementDocumentsMatch(the.placementOfficer, caseId);
    expect(documents.map((document) => document.issuedBy)).toEqual(['InstitutionReferralIssued']);
  });
});
