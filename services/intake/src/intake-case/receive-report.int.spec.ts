import { randomUUID } from 'node:crypto';
import { eventually } from '../testing/intake-harness';
import { bekasiReport, intakeScenario, secrets, sha256 } from '../testing/intake-scenario';

/**
 * Receiving a report, against real PostgreSQL and Kafka: a case on each seed's standard through
 * to CaseOpened, a client who comes back, and a report sent twice.
 */
describe('intake service (real PostgreSQL and Kafka)', () => {
  const { intake, reader, as, command, read, uploadNew, caseEvents, assessmentRecommends } =
    intakeScenario();

  describe('a case under seed 004 (regency office 3603) through to CaseOpened', () => {
    let caseId: string;
    let clientId: string;

    it('receives the report with the letter scan uploaded first; the client gets the uploaded key', async () => {
      const scan = Buffer.from('%PDF-1.4 surat pengantar polsek');
      const upload = await uploadNew('tangerang', scan);
      expect(upload.status).toBe(201);
      expect(upload.body).toMatchObject({
        sha256: sha256(scan),
        mediaType: 'image/jpeg',
        bytes: scan.length,
      });
      const response = await command(
        'tangerang',
        '/cases',
        bekasiReport({ letter: { ...bekasiReport().letter, scanFileId: upload.body.fileId } }),
      );
      expect(response.status).toBe(201);
      expect(response.body).toMatchObject({
        caseId: '3603-2026-000001',
        caseNumber: '3603-2026-000001',
        clientId: upload.body.clientId,
        streamId: 'intakeCase-3603-2026-000001',
        revision: 0,
      });
      expect(response.headers.location).toBe('/cases/3603-2026-000001');
      caseId = response.body.caseId;
      clientId = response.body.clientId;
      expect(await caseEvents(caseId)).toEqual(['ReportReceived', 'ClientRegistered']);
      const [report] = await reader.store.readStream(`intakeCase-${caseId}`);
      expect(report).toMatchObject({
        officeCode: '3603',
        serviceStandard: { code: 'bekasi-layanan-rujukan', version: 1 },
        payload: {
          caseNumber: caseId,
          client: { clientId, returning: false },
          receivingOfficeCode: '3603',
        },
      });
      // Every person has a key of their own: client, reporter, escort.
      expect(report.subjectIds).toHaveLength(3);
      const scanField = await reader.vault.decryptField(
        (report.payload as { letter: { scan: unknown } }).letter.scan,
        { actor: { id: 'test', role: 'auditor', officeCode: '36' }, purpose: 'audit' },
      );
      expect(scanField).toMatchObject({
        status: 'readable',
        subjectId: clientId,
        value: { fileId: upload.body.fileId, sha256: sha256(scan) },
      });
    });

    it('holds an incomplete case at the requirements check and completes it later', async () => {
      const incomplete = await command('tangerang', `/cases/${caseId}/requirements-checks`, {
        requirements: [
          { code: 'covering-letter', status: 'missing', reason: 'Surat pengantar menyusul' },
          { code: 'identity-document', status: 'met' },
        ],
      });
      expect(incomplete.status).toBe(201);
      const held = await read('tangerang', `/cases/${caseId}`);
      expect(held.body).toMatchObject({
        status: 'received',
        requirements: { complete: false },
        currentStage: { availableSteps: [{ code: 'document-check' }] },
      });
      const early = await command('tangerang', `/cases/${caseId}/shelter-handovers`, {
        shelter: { name: 'Rumah Singgah Dinas Sosial Kabupaten Tangerang' },
        handedOverByPersonId: held.body.people[0].personId,
        receivedBy: { name: secrets.shelterOfficer },
      });
      expect(early.status).toBe(422);
      expect(early.body.rule).toBe('requirements-incomplete');
      const complete = await command('tangerang', `/cases/${caseId}/requirements-checks`, {
        requirements: [
          { code: 'covering-letter', status: 'met' },
          { code: 'identity-document', status: 'missing' },
        ],
      });
      expect(complete.status).toBe(201);
      expect(complete.headers.etag).toBe('"2"');
    });

    it('hands the client over to the shelter with a BAST, and opens the case naming the shelter', async () => {
      const detail = await read('tangerang', `/cases/${caseId}`);
      const reporter = detail.body.people.find((p: { role: string }) => p.role === 'reporter');
      intake.clock.set('2026-03-02T07:30:00Z');
      const response = await command('tangerang', `/cases/${caseId}/shelter-handovers`, {
        shelter: { name: 'Rumah Singgah Dinas Sosial Kabupaten Tangerang', regionCode: '3603' },
        handedOverByPersonId: reporter.personId,
        receivedBy: { name: secrets.shelterOfficer, position: 'Pekerja Sosial' },
        belongings: [secrets.belongings],
      });
      expect(response.status).toBe(201);
      expect(response.headers.location).toBe(`/cases/${caseId}/documents/bast`);
      const events = await reader.store.readStream(`intakeCase-${caseId}`);
      expect(events.map((event) => event.type)).toEqual([
        'ReportReceived',
        'RequirementsChecked',
        'RequirementsChecked',
        'ClientHandedOverToShelter',
        'CaseOpened',
      ]);
      const [handedOver, opened] = events.slice(-2);
      expect(handedOver.payload).toMatchObject({
        bast: {
          number: 'BAST/0001/3603/2026',
          templateCode: 'bast-rumah-singgah',
          templateVersion: 1,
        },
        handedOverBy: { personId: reporter.personId },
      });
      expect(opened.payload).toEqual({
        caseNumber: caseId,
        clientId,
        clientCategory: 'neglectedChild',
        owningOfficeCode: '3603',
        serviceStandard: { code: 'bekasi-layanan-rujukan', version: 1 },
        custodian: {
          kind: 'shelter',
          organisation: {
            name: 'Rumah Singgah Dinas Sosial Kabupaten Tangerang',
            regionCode: '3603',
          },
        },
      });

      const pdf = await read('tangerang', `/cases/${caseId}/documents/bast`).buffer(true);
      expect(pdf.status).toBe(200);
      expect(pdf.headers['content-type']).toBe('application/pdf');
      expect(pdf.body.subarray(0, 5).toString()).toBe('%PDF-');
      const documentField = await reader.vault.decryptField<{ sha256: string }>(
        (handedOver.payload as { document: unknown }).document,
        { actor: { id: 'test', role: 'auditor', officeCode: '36' }, purpose: 'audit' },
      );
      expect(documentField.status === 'readable' && documentField.value.sha256).toBe(
        sha256(pdf.body),
      );
    });

    it('shows the case with its steps, and the client to the office (decrypted)', async () => {
      const detail = await read('tangerang', `/cases/${caseId}`);
      expect(detail.status).toBe(200);
      expect(detail.headers.etag).toBe('"4"');
      expect(detail.body).toMatchObject({
        status: 'open',
        access: 'act',
        owningOfficeCode: '3603',
        currentStage: {
          availableSteps: [
            { code: 'further-assessment-and-basic-rehabilitation', performedBy: 'assessment' },
          ],
        },
      });
      const client = await read('tangerang', `/cases/${caseId}/client`);
      expect(client.body).toMatchObject({
        clientId,
        name: secrets.childName,
        identityStatus: 'known',
        dateOfBirth: '2016-05-14',
      });
    });
  });

  describe('a case under seed 000 (province office 36) through to CaseOpened', () => {
    let caseId: string;

    it('opens on a complete requirements check, with the provincial service as custodian', async () => {
      const received = await command('province', '/cases', {
        clientCategory: 'neglectedChild',
        source: { kind: 'regencyDinsos', name: 'Dinas Sosial Kabupaten Lebak', regionCode: '3602' },
        letter: {
          number: '460/112-Dinsos/2026',
          issuer: 'Dinas Sosial Kabupaten Lebak',
          reason: 'inInstitutionService',
        },
        escorts: [
          { name: 'Pendamping Dinsos Lebak', organisation: 'Dinas Sosial Kabupaten Lebak' },
        ],
        client: { calledName: 'Adi', sex: 'male', estimatedAgeYears: 11 },
      });
      expect(received.status).toBe(201);
      caseId = received.body.caseId;
      expect(caseId).toBe('36-2026-000001');
      const checked = await command('province', `/cases/${caseId}/requirements-checks`, {
        requirements: [
          { code: 'referral-letter', status: 'met' },
          {
            code: 'identity-document',
            status: 'notApplicable',
            reason: 'Anak tidak membawa identitas',
          },
          { code: 'regency-assessment', status: 'met' },
        ],
      });
      expect(checked.status).toBe(201);
      expect(checked.body.eventIds).toHaveLength(2);
      const [, opened] = (await reader.store.readStream(`intakeCase-${caseId}`)).slice(-2);
      expect(opened).toMatchObject({
        type: 'CaseOpened',
        serviceStandard: { code: 'banten-rehsos-anak-terlantar', version: 1 },
        payload: { owningOfficeCode: '36', custodian: { kind: 'office', officeCode: '36' } },
      });
    });

    it('has no shelter handover', async () => {
      const refused = await command('province', `/cases/${caseId}/shelter-handovers`, {
        shelter: { name: 'Rumah Singgah' },
        handedOverByPersonId: 'anyone',
        receivedBy: { name: 'Petugas' },
      });
      expect(refused.status).toBe(422);
      expect(refused.body.rule).toBe('handover-not-in-standard');
    });

    it("records fingerprints and photo only after the Peksos assessment's RecommendationMade", async () => {
      const photo = Buffer.from('JPEG photo bytes of the child');
      const upload = await intake.http
        .post(`/cases/${caseId}/uploads`)
        .set('Authorization', as('province'))
        .set('Content-Type', 'image/jpeg')
        .send(photo);
      expect(upload.status).toBe(201);
      const body = {
        captures: [
          {
            modality: 'photo',
            fileId: upload.body.fileId,
            capturedAt: '2026-03-03T09:00:00+07:00',
          },
        ],
      };
      const early = await command('province', `/cases/${caseId}/biometrics`, body);
      expect(early.status).toBe(422);
      expect(early.body.rule).toBe('biometrics-too-early');

      // The assessment service's event, as its relay would publish it.
      await assessmentRecommends(caseId, upload.body.clientId);
      const recorded = await eventually(async () => {
        const response = await command('province', `/cases/${caseId}/biometrics`, body);
        return response.status === 201 ? response : undefined;
      }, 'the assessment to reach intake');
      expect(recorded.body.streamId).toBe(`client-${upload.body.clientId}`);
      expect(await caseEvents(caseId)).toContain('BiometricsRecorded');
    });

    it("compares If-Match on biometrics with the case's revision, not the client stream's", async () => {
      const { revision } = (await read('province', `/cases/${caseId}`)).body;
      const client = await reader.store.readStream(
        `client-${(await read('province', `/cases/${caseId}`)).body.clientId}`,
      );
      const clientRevision = client.length - 1;
      expect(clientRevision).not.toBe(revision);
      const upload = await intake.http
        .post(`/cases/${caseId}/uploads`)
        .set('Authorization', as('province'))
        .set('Content-Type', 'image/jpeg')
        .send(Buffer.from('another JPEG photo'));
      const body = {
        captures: [
          {
            modality: 'photo',
            fileId: upload.body.fileId,
            capturedAt: '2026-03-04T09:00:00+07:00',
          },
        ],
      };
      // The client stream's revision is not the case's ETag: a stale case.
      const stale = await command('province', `/cases/${caseId}/biometrics`, body).set(
        'If-Match',
        `"${clientRevision}"`,
      );
      expect(stale.status).toBe(409);
      expect(stale.body.currentRevision).toBe(revision);
      expect(stale.headers.etag).toBe(`"${revision}"`);
      const current = await command('province', `/cases/${caseId}/biometrics`, body).set(
        'If-Match',
        `"${revision}"`,
      );
      expect(current.status).toBe(201);
    });
  });

  describe('a client who comes back', () => {
    it('gets a new case linked to the same client, registered again in the client stream', async () => {
      const first = await command(
        'tangerang',
        '/cases',
        bekasiReport({ client: { name: 'Joko Susilo', sex: 'male', estimatedAgeYears: 12 } }),
      );
      const again = await command(
        'tangerang',
        '/cases',
        bekasiReport({
          returningClientId: first.body.clientId,
          client: { name: 'Djoko Soesilo', sex: 'male', estimatedAgeYears: 13 },
        }),
      );
      expect(again.status).toBe(201);
      expect(again.body.clientId).toBe(first.body.clientId);
      expect(again.body.caseId).not.toBe(first.body.caseId);
      const registrations = (await reader.store.readStream(`client-${first.body.clientId}`)).filter(
        (event) => event.type === 'ClientRegistered',
      );
      expect(registrations.map((event) => event.caseId)).toEqual([
        first.body.caseId,
        again.body.caseId,
      ]);
      const [report] = await reader.store.readStream(`intakeCase-${again.body.caseId}`);
      expect(report.payload).toMatchObject({
        client: { clientId: first.body.clientId, returning: true },
      });

      const unknown = await command(
        'tangerang',
        '/cases',
        bekasiReport({ returningClientId: randomUUID() }),
      );
      expect(unknown.status).toBe(422);
      expect(unknown.body.rule).toBe('client-not-found');
      // Another regency cannot take in (and so read) a client it never registered.
      const elsewhere = await command(
        'pandeglang',
        '/cases',
        bekasiReport({ returningClientId: first.body.clientId }),
      );
      expect(elsewhere.status).toBe(422);
      expect(elsewhere.body.rule).toBe('client-not-found');
    });
  });

  describe('idempotency', () => {
    it('answers the same Idempotency-Key and body once, with the same case and number', async () => {
      const key = randomUUID();
      const body = bekasiReport({
        client: { calledName: 'Budi', sex: 'male', estimatedAgeYears: 7 },
      });
      const first = await command('tangerang', '/cases', body, key);
      const again = await command('tangerang', '/cases', body, key);
      expect(first.status).toBe(201);
      expect(again.status).toBe(201);
      expect(again.body).toEqual(first.body);
      expect(again.headers['idempotent-replayed']).toBe('true');
      expect(first.headers['idempotent-replayed']).toBeUndefined();
      const next = await command('tangerang', '/cases', body);
      expect(next.body.caseNumber).toBe(
        first.body.caseNumber.replace(/\d{6}$/, (n: string) =>
          String(Number(n) + 1).padStart(6, '0'),
        ),
      );
      const other = await command('tangerang', '/cases', { ...body, foundOn: '2026-03-01' }, key);
      expect(other.status).toBe(422);
      expect(other.body.type).toBe('urn:dinsos:problem:idempotency-key-reused');
    });
  });
});
