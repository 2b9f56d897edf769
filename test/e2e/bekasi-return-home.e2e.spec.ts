import {
  assessAndRecommend,
  intakeDocumentsMatch,
  ok,
  openBekasiCase,
  pdfBytes,
  placementDocumentsMatch,
  placementNoted,
  placementOpened,
  tangerangOfficers,
  tracingAssigned,
  tracingLetter,
  villageInquiry,
} from './case-path';
import { systemForSpec } from './system';

/**
 * Seed 004 (Bekasi template, run by Kabupaten Tangerang, office 3603): the whole service in its
 * 7 days, across all four write services on one store and topic prefix, which learn of each
 * other only over Kafka. The police report and the BAST to the Rumah Singgah open the case at
 * intake; the Peksos assesses and recommends tracing; tracing finds the mother through the
 * kelurahan and Disdukcapil; placement assesses her home, arranges the return and records it with
 * a Berita Acara Pemulangan, which regenerates from the events; the case closes within its clock.
 */
describe('seed 004 at office 3603: report, shelter, assessment, tracing, return home (all services over Kafka)', () => {
  let caseId: string;
  let motherId: string;

  // The clock starts on Monday 2 March 2026, 09:15 WIB.
  const the = systemForSpec('2026-03-02T02:15:00Z', '3603', tangerangOfficers);

  it('opens the case at intake on the BAST to the shelter, and placement holds the shelter as custodian', async () => {
    const opened = await openBekasiCase(the.intakeOfficer, {
      calledName: 'Ucup',
      sex: 'male',
      estimatedAgeYears: 9,
    });
    caseId = opened.caseId;
    const detail = await ok(the.intakeOfficer.intake.get(`/cases/${caseId}`));
    expect(detail.history.map((event: { type: string }) => event.type)).toEqual(
      expect.arrayContaining(['ReportReceived', 'ClientHandedOverToShelter', 'CaseOpened']),
    );

    const placement = await placementOpened(the.supervisor, caseId);
    expect(placement).toMatchObject({
      serviceStandard: { code: 'bekasi-layanan-rujukan', version: 1 },
      custodian: { kind: 'shelter' },
      clock: { clock: 'whole-service', startDate: '2026-03-02' },
    });
  });

  it('intake serves its BAST as issued (PDF), and it regenerates from the events', async () => {
    const bast = await the.intakeOfficer.intake
      .get(`/cases/${caseId}/documents/bast`)
      .buffer(true)
      .parse(pdfBytes);
    expect(bast.status).toBe(200);
    expect(bast.headers['content-type']).toContain('application/pdf');
    expect((bast.body as Buffer).subarray(0, 5).toString('latin1')).toBe('%PDF-');

    const documents = await intakeDocumentsMatch(the.intakeOfficer, caseId);
    expect(documents).toEqual([
      expect.objectContaining({ issuedBy: 'ClientHandedOverToShelter', regenerated: 'matches' }),
    ]);
  });

  it('the Peksos assesses, notes the first day of shelter care, and recommends tracing the family', async () => {
    the.system.setClock('2026-03-03T02:00:00Z');
    const made = await assessAndRecommend(
      the.peksos,
      caseId,
      '2026-03-03',
      {
        recommendation: 'traceFamily',
        reasons: 'Anak menyebut ibunya dan asal kampungnya',
        childView: 'Ingin pulang ke ibunya',
      },
      { rehabilitationDay: '2026-03-02' },
    );
    expect(made).toMatchObject({ streamId: `assessment-${caseId}` });
  });

  it("tracing starts from the assessment's recommendation and finds the mother", async () => {
    await tracingAssigned(the.supervisor, the.tracer, caseId);
    const path = `/tracings/${caseId}`;
    const village = await villageInquiry(the.tracer, caseId);
    const disdukcapil = await ok(
      the.tracer.tracing.post(`${path}/inquiries`, {
        channel: 'disdukcapil',
        addressee: { name: 'Disdukcapil Kabupaten Tangerang', regionCode: '36.03' },
        letterNumber: '470/032/Dinsos-Tng/2026',
        letter: await tracingLetter(the.tracer, caseId, 'Permohonan cek sidik jari dan iris mata'),
      }),
      201,
    );
    await ok(
      the.tracer.tracing.post(`${path}/biometrics`, {
        captures: [
          {
            modality: 'fingerprint',
            position: 'rightThumb',
            file: await tracingLetter(the.tracer, caseId, 'fingerprint scan', 'image/png'),
            capturedAt: '2026-03-03T09:30:00+07:00',
          },
        ],
      }),
    );

    the.system.setClock('2026-03-04T08:00:00Z'); // 15:00 WIB
    await ok(
      the.tracer.tracing.post(`${path}/inquiries/${disdukcapil.inquiryId}/identity-verification`, {
        nikFound: true,
        nik: '3603121505160003',
        familyCardNumber: '3603120101090077',
        matchLevel: 'high',
        answeredBy: { name: 'Rudi Hartono', position: 'Kepala Seksi Identitas Penduduk' },
        answeredAt: '2026-03-04T14:00:00+07:00',
      }),
    );
    await ok(
      the.tracer.tracing.post(`${path}/inquiries/${village}/answer`, {
        answeredOn: '2026-03-04',
        answer: 'Ibu Siti Aminah, Kp. Babakan RT 02/03, mencari anaknya Yusuf sejak Februari',
        evidence: [await tracingLetter(the.tracer, caseId, 'Surat keterangan kelurahan')],
      }),
    );
    // The mother comes forward; the place she names is where the child goes home.
    const home = { line: 'Kp. Babakan RT 02/03', villageCode: '36.03.12.2001' };
    const mother = { name: 'Siti Aminah', phone: '0812-3456-7890', address: home };
    const known = { clientNames: ['Muhammad Yusuf', 'Ucup'], places: ['Cisoka', '36.03'] };
    const candidate = await ok(
      the.tracer.tracing.post(`${path}/candidates`, {
        person: mother,
        relationClaimed: 'mother',
        family: { ageYears: 36, clientName: 'Ucup', clientAgeYears: 9 },
        known: { ...known, motherName: mother.name, estimatedAgeYears: 10 },
      }),
      201,
    );
    await ok(
      the.tracer.tracing.post(`${path}/candidates/${candidate.candidateId}/decision`, {
        decision: 'confirmed',
        childView: 'Ucup mengenali ibunya dan ingin pulang.',
      }),
    );
    const found = await ok(
      the.tracer.tracing.post(`${path}/family-found`, {
        candidateId: candidate.candidateId,
        familyMembers: [
          { candidateId: candidate.candidateId, name: mother.name, relationship: 'ibu kandung' },
        ],
        relation: 'mother',
        address: home,
        verifiedBy: ['disdukcapil', 'villageLetter', 'childRecognition'],
        evidenceInquiryIds: [village, disdukcapil.inquiryId],
        childView: 'Ucup ingin pulang ke ibunya.',
      }),
    );
    expect(found.personIds).toHaveLength(1);
    motherId = found.personIds[0];
    const view = await ok(the.tracer.tracing.get(path));
    expect(view.status).toBe('familyFound');
  });

  it("placement learns of the family from tracing's FamilyFound, assesses her home and arranges the return", async () => {
    await placementNoted(the.placementOfficer, caseId, { tracingOutcome: 'familyFound' });
    the.system.setClock('2026-03-05T03:00:00Z');
    await ok(the.placementOfficer.placement.post(`/placements/${caseId}/assignments`, {}));
    const assessed = await ok(
      the.placementOfficer.placement.post(`/placements/${caseId}/safety-assessments`, {
        family: [{ personId: motherId, relationship: 'ibu kandung' }],
        outcome: 'safe',
        assessedOn: '2026-03-05',
        findings: 'Rumah layak, ibu bekerja sebagai buruh cuci, nenek ikut mengasuh',
      }),
    );
    expect(assessed.personIds).toEqual([motherId]);
    await ok(
      the.placementOfficer.placement.post(`/placements/${caseId}/return-home/arrangement`, {
        safetyAssessmentId: assessed.safetyAssessmentId,
        destination: { line: 'Kp. Babakan RT 02/03', villageCode: '36.03.12.2001' },
        plannedAt: '2026-03-06T09:00:00+07:00',
        escorts: [{ name: 'Sari Wulandari', position: 'Pekerja Sosial' }],
        childView: 'Ucup senang akan pulang',
      }),
    );
  });

  it('returns the client home with a Berita Acara Pemulangan that regenerates from the events, and the case closes within its 7 days', async () => {
    the.system.setClock('2026-03-06T03:00:00Z'); // 10:00 WIB, day 5 of 7
    await ok(
      the.placementOfficer.placement.post(`/placements/${caseId}/return-home`, {
        returnedAt: '2026-03-06T09:30:00+07:00',
        place: 'Rumah keluarga, Kp. Babakan RT 02/03, Cisoka',
        officer: { name: 'Sari Wulandari', position: 'Pekerja Sosial' },
        witnesses: [{ name: 'Haji Mahmud', position: 'Ketua RT 02' }],
      }),
    );

    const documents = await placementDocumentsMatch(the.placementOfficer, caseId);
    expect(documents).toEqual([
      expect.objectContaining({ issuedBy: 'ClientReturnedHome', regenerated: 'matches' }),
    ]);

    const view = await ok(the.placementOfficer.placement.get(`/placements/${caseId}`));
    expect(view).toMatchObject({
      status: 'closed',
      closed: { closedBy: 'ClientReturnedHome', outcome: 'met' },
      custodian: { kind: 'family', personIds: [motherId] },
    });
    expect(
      view.custody.map((period: { custodian: { kind: string } }) => period.custodian.kind),
    ).toEqual(['shelter', 'family']);
    const custody = await ok(
      the.supervisor.placement.get(
        `/placements/${caseId}/custody?at=${encodeURIComponent('2026-03-06T09:00:00+07:00')}`,
      ),
    );
    expect(custody.custodian).toMatchObject({ kind: 'shelter' });
  });

  it('every placement event of the case answers another service or an officer: none was passed by hand', async () => {
    const placement = await the.system.placement.deployment.reader.store.readStream(
      `placement-${caseId}`,
    );
    const opened = placement.find((event) => event.type === 'PlacementOpened');
    const intakeOpened = (
      await the.system.intake.deployment.reader.store.readStream(`intakeCase-${caseId}`)
    ).find((event) => event.type === 'CaseOpened');
    expect(opened?.causationId).toBe(intakeOpened?.eventId);
    const outcome = placement.find((event) => event.type === 'TracingOutcomeReceived');
    const familyFound = (
      await the.system.tracing.deployment.reader.store.readStream(`tracing-${caseId}`)
    ).find((event) => event.type === 'FamilyFound');
    expect(outcome?.causationId).toBe(familyFound?.eventId);
  });
});
