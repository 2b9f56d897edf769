import {
  examples,
  fromKafkaMessage,
  isPersonalFieldValue,
  personalFieldsOf,
  toKafkaMessage,
  type ReceivedEvent,
} from '@dinsos/contracts';
import { generateDevKeyPair, signDevToken } from '@dinsos/auth';
import type { PostgresEventStore } from '@dinsos/event-store';
import { createKafkaClient } from '@dinsos/messaging';
import { EVENT_STORE } from '@dinsos/platform';
import { createHash, randomUUID } from 'node:crypto';
import type { Consumer, KafkaMessage } from 'kafkajs';
import {
  createIntakeDeployment,
  dropDeployment,
  eventually,
  readerOf,
  startIntakeInstance,
  tokenFor,
  type IntakeDeployment,
  type IntakeInstance,
} from './testing/intake-harness';

/**
 * Intake against real PostgreSQL and Kafka: a case on each seed's standard through to
 * CaseOpened, the runtime's error classes, idempotency, transfers and referrals and who sees what
 * afterwards, the duplicate check across offices, and what reaches Kafka.
 */

const problemJson = /^application\/problem\+json/;
const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

/** Personal values sent in this file: none may reach Kafka in clear. */
const secrets = {
  childName: 'Muhammad Yusuf',
  childNik: '3603011405160001',
  reporterName: 'Siti Aminah',
  reporterPhone: '081234567890',
  reporterAddress: 'Kp. Bojong RT 02/03',
  escortName: 'Bripka Dedi Kurniawan',
  circumstances: 'Ditemukan sendirian di terminal',
  foundPlace: 'Terminal Tigaraksa',
  shelterOfficer: 'Rahmat Hidayat',
  belongings: 'Tas ransel biru',
};

describe('intake service (real PostgreSQL and Kafka)', () => {
  let deployment: IntakeDeployment;
  let intake: IntakeInstance;
  let reader: ReturnType<typeof readerOf>;
  let kafka: ReturnType<typeof createKafkaClient>;
  let consumer: Consumer;
  const published: KafkaMessage[] = [];
  const tokens: Record<string, string> = {};

  const as = (who: string) => `Bearer ${tokens[who]}`;
  const command = (who: string, path: string, body: object, key = randomUUID()) =>
    intake.http.post(path).set('Authorization', as(who)).set('Idempotency-Key', key).send(body);
  const read = (who: string, path: string) => intake.http.get(path).set('Authorization', as(who));
  const uploadNew = (who: string, bytes: Buffer, clientId?: string) =>
    intake.http
      .post(`/uploads${clientId ? `?clientId=${clientId}` : ''}`)
      .set('Authorization', as(who))
      .set('Content-Type', 'image/jpeg')
      .send(bytes);

  const bekasiReport = (overrides: Record<string, unknown> = {}) => ({
    clientCategory: 'neglectedChild',
    source: { kind: 'police', name: 'Polsek Tigaraksa', regionCode: '3603' },
    letter: {
      number: 'B/45/III/2026/Sek.TGR',
      date: '2026-03-02',
      issuer: 'Polsek Tigaraksa',
      reason: 'foundNeglected',
    },
    foundAt: { regionCode: '36.03.05', description: secrets.foundPlace },
    foundOn: '2026-03-02',
    circumstances: secrets.circumstances,
    reporter: {
      name: secrets.reporterName,
      phone: secrets.reporterPhone,
      address: { line: secrets.reporterAddress, regencyCode: '3603' },
      relationship: 'warga yang menemukan',
    },
    escorts: [{ name: secrets.escortName, organisation: 'Polsek Tigaraksa', position: 'Bripka' }],
    client: {
      name: secrets.childName,
      calledName: 'Ucup',
      nik: secrets.childNik,
      sex: 'male',
      dateOfBirth: '2016-05-14',
      placeOfBirth: 'Tangerang',
    },
    ...overrides,
  });

  beforeAll(async () => {
    deployment = await createIntakeDeployment();
    intake = await startIntakeInstance(deployment);
    reader = readerOf(deployment);
    for (const [who, role, office] of [
      ['tangerang', 'intake-officer', '3603'],
      ['pandeglang', 'intake-officer', '3601'],
      ['province', 'intake-officer', '36'],
      ['provinceSupervisor', 'supervisor', '36'],
      ['tangerangSupervisor', 'supervisor', '3603'],
      ['tangerangAuditor', 'auditor', '3603'],
      ['analyst', 'analyst', '36'],
    ] as const) {
      tokens[who] = await tokenFor(deployment, role, office, `${who}-officer`);
    }
    kafka = createKafkaClient({ brokers: deployment.kafkaBrokers, clientId: 'intake-test' });
    consumer = kafka.consumer({ groupId: `${deployment.topicPrefix}intake-test-reader` });
    await consumer.connect();
    await consumer.subscribe({
      topic: `${deployment.topicPrefix}dinsos.intake.events.v1`,
      fromBeginning: true,
    });
    await consumer.run({ eachMessage: async ({ message }) => void published.push(message) });
  });

  afterAll(async () => {
    await consumer?.disconnect();
    await intake?.app.close();
    await reader?.pool.end();
    if (deployment) await dropDeployment(deployment);
  });

  async function caseEvents(caseId: string) {
    return (await reader.store.readCase(caseId)).map((event) => event.type);
  }

  /** Waits until the duplicate check's index has taken in every event of the types it indexes. */
  async function matchingIndexCaughtUp(what: string): Promise<void> {
    const indexed = await reader.store.readAll({
      filter: { types: ['ReportReceived', 'ClientRegistered', 'CaseTransferred'] },
      maxCount: 10_000,
    });
    const head = indexed.at(-1)!.position.toString();
    await eventually(async () => {
      const { rows } = await reader.pool.query(
        "select position from intake.platform_projection_checkpoints where name = 'matching-index'",
      );
      return rows[0]?.position >= head ? true : undefined;
    }, what);
  }

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
      const producer = kafka.producer();
      await producer.connect();
      const recommendation = toKafkaMessage(
        {
          ...examples.exampleEventForWire(),
          eventId: randomUUID(),
          type: 'RecommendationMade',
          schemaVersion: 1,
          streamId: `assessment-${caseId}`,
          caseId,
          officeCode: '36',
          serviceStandard: { code: 'banten-rehsos-anak-terlantar', version: 1 },
          payload: {
            clientId: upload.body.clientId,
            recommendation: 'institutionCare',
            rationale: examples.exampleEncryptedField('k', 'rationale'),
          },
        },
        { service: 'assessment' },
      );
      await producer.send({
        topic: `${deployment.topicPrefix}dinsos.assessment.events.v1`,
        messages: [recommendation],
      });
      await producer.disconnect();
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

  /** A 3603 case through to CaseOpened, for the moves between offices. */
  async function openedTangerangCase(name: string): Promise<{ caseId: string; clientId: string }> {
    const received = await command(
      'tangerang',
      '/cases',
      bekasiReport({ client: { name, sex: 'female', estimatedAgeYears: 8 } }),
    );
    expect(received.status).toBe(201);
    const caseId = received.body.caseId as string;
    await command('tangerang', `/cases/${caseId}/requirements-checks`, {
      requirements: [
        { code: 'covering-letter', status: 'met' },
        { code: 'identity-document', status: 'met' },
      ],
    });
    const detail = await read('tangerang', `/cases/${caseId}`);
    const handedOver = await command('tangerang', `/cases/${caseId}/shelter-handovers`, {
      shelter: { name: 'Rumah Singgah Dinas Sosial Kabupaten Tangerang' },
      handedOverByPersonId: detail.body.people[0].personId,
      receivedBy: { name: secrets.shelterOfficer },
    });
    expect(handedOver.status).toBe(201);
    return { caseId, clientId: received.body.clientId };
  }

  describe('moving cases between offices, and who sees what afterwards', () => {
    it('transfers a case: the receiving office acts, the sending office reads up to the transfer', async () => {
      const { caseId } = await openedTangerangCase('Dewi Lestari');
      const transferred = await command('tangerang', `/cases/${caseId}/transfers`, {
        toOfficeCode: '36',
        reason: 'Penanganan lanjutan oleh provinsi',
      });
      expect(transferred.status).toBe(201);

      const sender = await read('tangerang', `/cases/${caseId}`);
      expect(sender.status).toBe(200);
      expect(sender.body).toMatchObject({
        access: 'read',
        historyCutAtTransfer: true,
        owningOfficeCode: '36',
        transfers: [{ fromOfficeCode: '3603', toOfficeCode: '36' }],
        currentStage: { status: 'open' },
      });
      expect(sender.body.history.at(-1).type).toBe('CaseTransferred');
      const senderActs = await command('tangerang', `/cases/${caseId}/transfers`, {
        toOfficeCode: '3601',
        reason: 'x',
      });
      expect(senderActs.status).toBe(403);
      expect(senderActs.body.detail).toBe('Your office may read this case but not change it.');

      const receiver = await read('province', `/cases/${caseId}`);
      expect(receiver.body).toMatchObject({
        access: 'act',
        historyCutAtTransfer: false,
        owningOfficeCode: '36',
        serviceStandard: { code: 'bekasi-layanan-rujukan', version: 1 },
      });
      // The province acts on it (here: hands it back); another regency never learns it exists.
      const back = await command('province', `/cases/${caseId}/transfers`, {
        toOfficeCode: '3603',
        reason: 'Dikembalikan',
      });
      expect(back.status).toBe(201);
      const elsewhere = await read('pandeglang', `/cases/${caseId}`);
      expect(elsewhere.status).toBe(404);
      expect(elsewhere.body.detail).toBe(`No case ${caseId} was found.`);
    });

    it('refuses a command whose office lost the case between the office-scope check and the append', async () => {
      const { caseId } = await openedTangerangCase('Rina Marlina');
      const store = intake.app.get<PostgresEventStore>(EVENT_STORE);
      const appendToStream = store.appendToStream.bind(store);
      let racing = false;
      let raced: Awaited<ReturnType<typeof command>> | undefined;
      // The first append to the case: just before it, another request transfers the case to
      // the province and commits. The transfer of Tangerang's command was checked and decided
      // on the case as Tangerang's; it must now be decided again, and refused.
      const spy = jest.spyOn(store, 'appendToStream').mockImplementation(async (...args) => {
        if (!racing && args[0] === `intakeCase-${caseId}`) {
          racing = true;
          raced = await command('province', `/cases/${caseId}/transfers`, {
            toOfficeCode: '36',
            reason: 'Diambil alih oleh provinsi',
          });
        }
        return appendToStream(...args);
      });
      try {
        const late = await command('tangerang', `/cases/${caseId}/transfers`, {
          toOfficeCode: '3601',
          reason: 'Klien berasal dari Pandeglang',
        });
        expect(raced?.status).toBe(201);
        expect(late.status).toBe(403);
        expect(late.body.detail).toBe('Your office may read this case but not change it.');
      } finally {
        spy.mockRestore();
      }
      const transfers = (await reader.store.readStream(`intakeCase-${caseId}`)).filter(
        (event) => event.type === 'CaseTransferred',
      );
      expect(transfers.map((event) => event.payload)).toEqual([
        expect.objectContaining({ fromOfficeCode: '3603', toOfficeCode: '36' }),
      ]);
    });

    it("refers a client to the province's service: a new case there, same client, its own standard", async () => {
      const { caseId, clientId } = await openedTangerangCase('Putri Handayani');
      const referred = await command('tangerang', `/cases/${caseId}/referrals`, {
        toOfficeCode: '36',
        reason: 'inInstitutionService',
        note: 'Keluarga belum ditemukan',
        signatory: {
          name: 'Drs. H. Ahmad Fauzi, M.Si.',
          position: 'Kepala Dinas Sosial Kabupaten Tangerang',
        },
      });
      expect(referred.status).toBe(201);
      const letter = await read(
        'tangerang',
        `/cases/${caseId}/documents/referral-letters/36`,
      ).buffer(true);
      expect(letter.status).toBe(200);
      expect(letter.body.subarray(0, 5).toString()).toBe('%PDF-');
      const [referral] = (await reader.store.readStream(`intakeCase-${caseId}`)).filter(
        (event) => event.type === 'CaseReferredToOffice',
      );
      expect(referral.payload).toMatchObject({
        toOfficeCode: '36',
        clientId,
        letter: {
          number: expect.stringMatching(/^SR\/\d{4}\/3603\/2026$/),
          templateCode: 'surat-rujukan',
        },
      });

      const taken = await command('province', '/cases', {
        clientCategory: 'neglectedChild',
        source: {
          kind: 'regencyDinsos',
          name: 'Dinas Sosial Kabupaten Tangerang',
          regionCode: '3603',
        },
        letter: {
          number: (referral.payload as { letter: { number: string } }).letter.number,
          issuer: 'Dinas Sosial Kabupaten Tangerang',
          reason: 'inInstitutionService',
        },
        referredFromCaseId: caseId,
      });
      expect(taken.status).toBe(201);
      expect(taken.body.clientId).toBe(clientId);
      const newCase = taken.body.caseId as string;
      expect(newCase).toMatch(/^36-2026-\d{6}$/);
      const [report] = await reader.store.readStream(`intakeCase-${newCase}`);
      expect(report.payload).toMatchObject({
        referredFromCaseId: caseId,
        client: { clientId, returning: true },
        serviceStandard: { code: 'banten-rehsos-anak-terlantar', version: 1 },
      });
      // The client was not registered again: the same client stream, no new identity.
      expect(await caseEvents(newCase)).toEqual(['ReportReceived']);

      const twice = await command('province', '/cases', {
        clientCategory: 'neglectedChild',
        source: { kind: 'regencyDinsos' },
        referredFromCaseId: caseId,
      });
      expect(twice.status).toBe(422);
      expect(twice.body.rule).toBe('referral-already-received');

      // The province sees both cases; the referring regency only its own; another regency neither.
      expect((await read('province', `/cases/${newCase}`)).status).toBe(200);
      expect((await read('province', `/cases/${caseId}`)).body.access).toBe('act');
      expect((await read('tangerang', `/cases/${caseId}`)).body).toMatchObject({
        access: 'act',
        referrals: [{ toOfficeCode: '36', reason: 'inInstitutionService' }],
      });
      expect((await read('tangerang', `/cases/${newCase}`)).status).toBe(404);
      expect((await read('pandeglang', `/cases/${caseId}`)).status).toBe(404);
      expect((await read('pandeglang', `/cases/${newCase}`)).status).toBe(404);
    });

    it('refuses a referral to an office of the same standard: that is a transfer', async () => {
      const { caseId } = await openedTangerangCase('Rina Marlina');
      const refused = await command('tangerang', `/cases/${caseId}/referrals`, {
        toOfficeCode: '3601',
        reason: 'continueRepatriation',
        signatory: { name: 'Kepala Dinas', position: 'Kepala Dinas Sosial Kabupaten Tangerang' },
      });
      expect(refused.status).toBe(422);
      expect(refused.body.rule).toBe('referral-to-same-standard');
    });

    it('gives the sending office the documents issued up to its transfer, and none after it', async () => {
      const { caseId } = await openedTangerangCase('Nur Aini');
      const transferred = await command('tangerang', `/cases/${caseId}/transfers`, {
        toOfficeCode: '3601',
        reason: 'Keluarga tinggal di Pandeglang',
      });
      expect(transferred.status).toBe(201);
      const referred = await command('pandeglang', `/cases/${caseId}/referrals`, {
        toOfficeCode: '36',
        reason: 'inInstitutionService',
        signatory: { name: 'Kepala Dinas', position: 'Kepala Dinas Sosial Kabupaten Pandeglang' },
      });
      expect(referred.status).toBe(201);
      const letter = `/cases/${caseId}/documents/referral-letters/36`;
      expect((await read('pandeglang', letter)).status).toBe(200);
      const sender = await read('tangerang', letter);
      expect(sender.status).toBe(404);
      expect(sender.body.detail).toBe('This case has no such document.');
      // The BAST it issued itself, before the transfer, stays its to read.
      expect((await read('tangerang', `/cases/${caseId}/documents/bast`)).status).toBe(200);
    });
  });

  describe('duplicate check across the offices of the province', () => {
    let pandeglangClient: string;
    let tangerangCase: string;

    it('finds an earlier registration in another office without showing its personal data', async () => {
      const earlier = await command('pandeglang', '/cases', {
        clientCategory: 'neglectedChild',
        source: { kind: 'village', name: 'Desa Cibaliung' },
        foundAt: { regionCode: '3601' },
        client: {
          name: 'Achmad Sjarifuddin',
          sex: 'male',
          dateOfBirth: '2015-08-17',
          placeOfBirth: 'Pandeglang',
        },
      });
      expect(earlier.status).toBe(201);
      pandeglangClient = earlier.body.clientId;
      const now = await command('tangerang', '/cases', {
        clientCategory: 'neglectedChild',
        source: { kind: 'public' },
        client: { name: 'Ahmad Syarifudin', sex: 'male', dateOfBirth: '2015-08-17' },
      });
      tangerangCase = now.body.caseId;

      const seen = await read('tangerang', `/cases/${tangerangCase}/duplicate-candidates`);
      expect(seen.status).toBe(200);
      expect(seen.body.candidates).toEqual([
        { visibility: 'otherOffice', officeCodes: ['3601'], score: expect.any(Number) },
      ]);
      expect(seen.body.candidates[0].score).toBeGreaterThanOrEqual(0.7);
      const text = JSON.stringify(seen.body);
      expect(text).not.toContain(pandeglangClient);
      expect(text).not.toContain(earlier.body.caseId);
      expect(text).not.toMatch(/Sjarif|Syarif|2015-08-17|Pandeglang/);

      const search = await command('tangerang', '/duplicate-checks', {
        name: 'Ahmad Sjarifudin',
        estimatedAgeYears: 10,
      });
      expect(search.status).toBe(200);
      expect(search.body.candidates).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ visibility: 'otherOffice', officeCodes: ['3601'] }),
        ]),
      );
    });

    it('shows the province the candidate in full, and records its decision as an event', async () => {
      const seen = await read('provinceSupervisor', `/cases/${tangerangCase}/duplicate-candidates`);
      expect(seen.body.candidates).toEqual([
        expect.objectContaining({
          visibility: 'detailed',
          clientId: pandeglangClient,
          identity: expect.objectContaining({
            name: 'Achmad Sjarifuddin',
            dateOfBirth: '2015-08-17',
          }),
        }),
      ]);
      const byRegency = await command('tangerang', `/cases/${tangerangCase}/duplicate-decisions`, {
        candidateClientId: pandeglangClient,
        decision: 'samePerson',
      });
      expect(byRegency.status).toBe(422);
      expect(byRegency.body.rule).toBe('candidate-not-found');
      const decided = await command(
        'provinceSupervisor',
        `/cases/${tangerangCase}/duplicate-decisions`,
        {
          candidateClientId: pandeglangClient,
          decision: 'samePerson',
          reason: 'Tanggal lahir dan nama sama; ejaan lama',
        },
      );
      expect(decided.status).toBe(201);
      const events = await reader.store.readCase(tangerangCase);
      expect(events.at(-1)).toMatchObject({
        type: 'DuplicateCandidateDecided',
        payload: { candidateClientId: pandeglangClient, decision: 'samePerson' },
      });
      const again = await command(
        'provinceSupervisor',
        `/cases/${tangerangCase}/duplicate-decisions`,
        {
          candidateClientId: pandeglangClient,
          decision: 'differentPerson',
        },
      );
      expect(again.body.rule).toBe('duplicate-already-decided');
      // A decided candidate is not proposed again.
      const after = await read(
        'provinceSupervisor',
        `/cases/${tangerangCase}/duplicate-candidates`,
      );
      expect(after.body.candidates).toEqual([]);
    });

    it('drops a person whose key is erased, and does not index them again on a rebuild', async () => {
      const search = () =>
        command('provinceSupervisor', '/duplicate-checks', {
          name: 'Achmad Sjarifuddin',
          dateOfBirth: '2015-08-17',
        });
      expect(
        (await search()).body.candidates.map((c: { clientId?: string }) => c.clientId),
      ).toContain(pandeglangClient);
      await reader.vault.eraseSubjectKey(pandeglangClient, {
        actor: { id: 'dpo-1', role: 'admin', officeCode: '36' },
        reason: 'Permintaan penghapusan data (UU PDP)',
      });
      expect(
        (await search()).body.candidates.map((c: { clientId?: string }) => c.clientId),
      ).not.toContain(pandeglangClient);
      const rebuild = await intake.http
        .post('/matching-index/rebuild')
        .set('Authorization', as('provinceSupervisor'));
      expect(rebuild.status).toBe(202);
      await matchingIndexCaughtUp('the rebuild to catch up');
      const { rows } = await reader.pool.query(
        'select client_id from intake.matching_index where client_id = $1 and identity is not null',
        [pandeglangClient],
      );
      expect(rows).toEqual([]);
      expect(
        (await search()).body.candidates.map((c: { clientId?: string }) => c.clientId),
      ).not.toContain(pandeglangClient);
    });

    it('lets only an admin or a supervisor of the province rebuild the province-wide index', async () => {
      const byRegency = await intake.http
        .post('/matching-index/rebuild')
        .set('Authorization', as('tangerangSupervisor'));
      expect(byRegency.status).toBe(403);
      expect(byRegency.body.detail).toBe(
        'Only an admin or a supervisor of the province office may rebuild the duplicate index.',
      );
    });
  });

  describe('a client registered by several offices: each office sees its own registration', () => {
    let clientId: string;
    let tangerangCase: string;
    let returnedCase: string;
    let laterCase: string;
    const searchBody = { name: 'Siti Nurhaliza Ramadhani', dateOfBirth: '2014-02-03' };

    beforeAll(async () => {
      const first = await command(
        'tangerang',
        '/cases',
        bekasiReport({
          client: {
            name: 'Siti Nurhaliza Ramadhani',
            sex: 'female',
            dateOfBirth: '2014-02-03',
            placeOfBirth: 'Tigaraksa',
          },
        }),
      );
      expect(first.status).toBe(201);
      clientId = first.body.clientId;
      tangerangCase = first.body.caseId;
      // Back at 3603 without a new identity: the case reads the 3603 registration.
      const returned = await command(
        'tangerang',
        '/cases',
        bekasiReport({ returningClientId: clientId, client: undefined }),
      );
      expect(returned.status).toBe(201);
      returnedCase = returned.body.caseId;
      // Later registered again, with other details, in a case the province hands to 3601.
      const later = await command('province', '/cases', {
        clientCategory: 'neglectedChild',
        source: { kind: 'public' },
        returningClientId: clientId,
        client: {
          name: 'Siti Nurhalizah Ramadani',
          sex: 'female',
          dateOfBirth: '2014-02-03',
          placeOfBirth: 'Labuan',
        },
      });
      expect(later.status).toBe(201);
      laterCase = later.body.caseId;
      const checked = await command('province', `/cases/${laterCase}/requirements-checks`, {
        requirements: [
          { code: 'referral-letter', status: 'notApplicable', reason: 'Laporan warga' },
          { code: 'identity-document', status: 'notApplicable', reason: 'Tidak ada' },
          { code: 'regency-assessment', status: 'notApplicable', reason: 'Tidak ada' },
        ],
      });
      expect(checked.status).toBe(201);
      const moved = await command('province', `/cases/${laterCase}/transfers`, {
        toOfficeCode: '3601',
        reason: 'Keluarga di Pandeglang',
      });
      expect(moved.status).toBe(201);
      await matchingIndexCaughtUp('the index to reflect the registrations');
    });

    it("shows 3603 only its own registration of the candidate, never 3601's", async () => {
      const found = await command('tangerang', '/duplicate-checks', searchBody);
      expect(found.status).toBe(200);
      const mine = found.body.candidates.find(
        (candidate: { clientId?: string }) => candidate.clientId === clientId,
      );
      expect(mine).toMatchObject({
        visibility: 'detailed',
        registrations: [{ caseId: tangerangCase, officeCode: '3603' }],
        identity: { name: 'Siti Nurhaliza Ramadhani', placeOfBirth: 'Tigaraksa' },
      });
      const text = JSON.stringify(found.body);
      expect(text).not.toContain(laterCase);
      expect(text).not.toMatch(/Nurhalizah|Ramadani|Labuan/);
      // The office that holds the later registration sees that one.
      const there = await command('pandeglang', '/duplicate-checks', searchBody);
      expect(
        there.body.candidates.find((c: { clientId?: string }) => c.clientId === clientId),
      ).toMatchObject({
        registrations: [{ caseId: laterCase, officeCode: '3601' }],
        identity: { name: 'Siti Nurhalizah Ramadani', placeOfBirth: 'Labuan' },
      });
    });

    it('reads a returning case with the registration before it, not a later one', async () => {
      const client = await read('tangerang', `/cases/${returnedCase}/client`);
      expect(client.status).toBe(200);
      expect(client.body).toMatchObject({
        clientId,
        registeredInCase: tangerangCase,
        name: 'Siti Nurhaliza Ramadhani',
        placeOfBirth: 'Tigaraksa',
      });
    });
  });

  describe('errors: a clear problem+json answer, and nothing changed', () => {
    let caseId: string;
    let eventsBefore: number;

    beforeAll(async () => {
      const received = await command('tangerang', '/cases', bekasiReport({ client: undefined }));
      caseId = received.body.caseId;
    });
    beforeEach(async () => {
      eventsBefore = (await reader.store.readAll({ maxCount: 10_000 })).length;
    });
    afterEach(async () => {
      expect((await reader.store.readAll({ maxCount: 10_000 })).length).toBe(eventsBefore);
    });

    it('400: every field problem at once; malformed JSON; no Idempotency-Key; a bad case id', async () => {
      const invalid = await command('tangerang', '/cases', {
        clientCategory: 'alien',
        source: { kind: 'rumour' },
        client: { nik: '12345', sex: 'male' },
        colour: 'red',
      });
      expect(invalid.status).toBe(400);
      expect(invalid.headers['content-type']).toMatch(problemJson);
      const paths = invalid.body.errors.map((error: { path: string }) => error.path);
      expect(paths).toEqual(
        expect.arrayContaining(['clientCategory', 'source.kind', 'client.nik', '']),
      );
      const malformed = await intake.http
        .post('/cases')
        .set('Authorization', as('tangerang'))
        .set('Idempotency-Key', randomUUID())
        .set('Content-Type', 'application/json')
        .send('{"clientCategory": ');
      expect(malformed.body.type).toBe('urn:dinsos:problem:malformed-json');
      const keyless = await intake.http
        .post('/cases')
        .set('Authorization', as('tangerang'))
        .send(bekasiReport());
      expect(keyless.status).toBe(400);
      expect(keyless.body.errors).toEqual([
        { in: 'header', path: 'Idempotency-Key', message: expect.stringContaining('required') },
      ]);
      const badId = await read('tangerang', '/cases/not%20a%20case');
      expect(badId.status).toBe(400);
      expect(badId.body.type).toBe('urn:dinsos:problem:invalid-identifier');
    });

    it('401 without a token or with an untrusted one', async () => {
      const none = await intake.http.get(`/cases/${caseId}`);
      expect(none.status).toBe(401);
      expect(none.headers['www-authenticate']).toBe('Bearer');
      const stranger = await signDevToken((await generateDevKeyPair()).privateKeyPem, {
        role: 'intake-officer',
        officeCode: '3603',
      });
      const untrusted = await intake.http
        .get(`/cases/${caseId}`)
        .set('Authorization', `Bearer ${stranger}`);
      expect(untrusted.status).toBe(401);
    });

    it('403 for a role that may never do it, and for another office', async () => {
      expect((await read('analyst', `/cases/${caseId}`)).status).toBe(403);
      const auditorCommand = await command('tangerangAuditor', '/cases', bekasiReport());
      expect(auditorCommand.status).toBe(403);
      expect((await read('tangerangAuditor', `/cases/${caseId}`)).body.access).toBe('read');
      const forAnotherOffice = await command(
        'tangerang',
        '/cases',
        bekasiReport({ officeCode: '3601' }),
      );
      expect(forAnotherOffice.status).toBe(403);
    });

    it('404 for an unknown case, the same as for a case of another office', async () => {
      const unknown = await read('tangerang', '/cases/3603-2026-999999');
      const foreign = await read('pandeglang', `/cases/${caseId}`);
      expect([unknown.status, foreign.status]).toEqual([404, 404]);
      expect(foreign.body.type).toBe(unknown.body.type);
    });

    it('409 when If-Match names an older revision', async () => {
      const stale = await command('tangerang', `/cases/${caseId}/requirements-checks`, {
        requirements: [
          { code: 'covering-letter', status: 'met' },
          { code: 'identity-document', status: 'met' },
        ],
      }).set('If-Match', '"7"');
      expect(stale.status).toBe(409);
      expect(stale.body).toMatchObject({
        type: 'urn:dinsos:problem:revision-conflict',
        currentRevision: 0,
      });
      expect(stale.headers.etag).toBe('"0"');
    });

    it('413 for a body over the JSON limit and an upload over its own limit; 415 for JSON as a file', async () => {
      const tooLarge = await command(
        'tangerang',
        '/cases',
        bekasiReport({ circumstances: 'x'.repeat(190_000) }),
      );
      expect(tooLarge.status).toBe(413);
      expect(tooLarge.body.type).toBe('urn:dinsos:problem:body-too-large');
      const bigUpload = await uploadNew('tangerang', Buffer.alloc(300_001, 1));
      expect(bigUpload.status).toBe(413);
      expect(bigUpload.body.type).toBe('urn:dinsos:problem:upload-too-large');
      const json = await intake.http
        .post('/uploads')
        .set('Authorization', as('tangerang'))
        .send({ not: 'a file' });
      expect(json.status).toBe(415);
    });

    it('422 for a broken rule, named for the officer', async () => {
      const response = await command('tangerang', `/cases/${caseId}/transfers`, {
        toOfficeCode: '36',
        reason: 'Belum dibuka',
      });
      expect(response.status).toBe(422);
      expect(response.body).toMatchObject({
        type: 'urn:dinsos:problem:domain-rule',
        rule: 'case-not-open',
        detail: 'The case is not open yet: finish its intake steps before it can be transferred.',
        instance: `/cases/${caseId}/transfers`,
      });
    });

    it('429 past the rate limit (an instance with a limit of 2 a minute)', async () => {
      const limited = await startIntakeInstance(deployment, {
        platform: { caseAccess: 'ownStreams' },
        env: { RATE_LIMIT_PER_MINUTE: '2' },
      });
      try {
        const statuses = [];
        for (let i = 0; i < 3; i++) {
          statuses.push(
            (await limited.http.get(`/cases/${caseId}`).set('Authorization', as('tangerang')))
              .status,
          );
        }
        expect(statuses).toEqual([200, 200, 429]);
        expect((await limited.http.get('/health')).status).toBe(200);
      } finally {
        await limited.app.close();
      }
    });
  });

  describe('what reaches Kafka', () => {
    it('publishes every intake event through the relay, valid against the catalogue, personal fields sealed', async () => {
      const stored = await reader.store.readAll({
        filter: { categories: ['intakeCase', 'client'] },
        maxCount: 10_000,
      });
      const byId = new Map<string, ReceivedEvent>();
      await eventually(async () => {
        for (const message of published) {
          const received = fromKafkaMessage(message);
          byId.set(received.eventId, received);
        }
        return stored.every((event) => byId.has(event.eventId)) ? true : undefined;
      }, 'the relay to publish every stored intake event');

      expect(new Set([...byId.values()].map((event) => event.type))).toEqual(
        new Set([
          'ReportReceived',
          'ClientRegistered',
          'RequirementsChecked',
          'ClientHandedOverToShelter',
          'CaseOpened',
          'BiometricsRecorded',
          'CaseTransferred',
          'CaseReferredToOffice',
          'DuplicateCandidateDecided',
        ]),
      );
      for (const message of published) {
        const event = fromKafkaMessage(message, { upcast: false });
        expect(message.key?.toString()).toBe(event.caseId);
        for (const field of personalFieldsOf(event.type, event.schemaVersion)) {
          if (field.storage !== 'encrypted') continue;
          for (const value of valuesAt(event.payload, field.path)) {
            expect({
              field: `${event.type}.${field.path}`,
              sealed: isPersonalFieldValue(value),
            }).toEqual({
              field: `${event.type}.${field.path}`,
              sealed: true,
            });
          }
        }
      }
      const everything = published.map((message) => message.value!.toString('utf8')).join('\n');
      for (const secret of [
        ...Object.values(secrets),
        'Ucup',
        '2016-05-14',
        'Achmad Sjarifuddin',
        'Dewi Lestari',
        'Putri Handayani',
      ]) {
        expect({ secret, found: everything.includes(secret) }).toEqual({ secret, found: false });
      }
    });
  });
});

/** The values at a contracts path (`escorts[].name`) of a payload. */
function valuesAt(value: unknown, path: string): unknown[] {
  let current: unknown[] = [value];
  for (const segment of path.split('.')) {
    const many = segment.endsWith('[]');
    const key = many ? segment.slice(0, -2) : segment;
    current = current.flatMap((item) => {
      if (item === null || typeof item !== 'object') return [];
      const child = (item as Record<string, unknown>)[key];
      if (child === undefined) return [];
      return many ? (Array.isArray(child) ? child : []) : [child];
    });
  }
  return current;
}
