import { randomUUID } from 'node:crypto';
import {
  analyticsTopic,
  listPersonalFields,
  getEventDefinition,
  serviceRoleName,
  serviceSchemaName,
  storeAccessOfSystem,
} from '@dinsos/contracts';
import { migrate, PostgresEventStore, type Actor, type NewEvent } from '@dinsos/event-store';
import { createKafkaClient, migrateMessaging, provisionTopics } from '@dinsos/messaging';
import {
  createPersonalDataVault,
  migratePersonalData,
  type DataAccessRecord,
  type PersonalDataVault,
} from '@dinsos/personal-data';
import {
  createTestDatabase,
  createTopicPrefix,
  eventually,
  getTestInfrastructure,
  queryAs,
  type TestDatabase,
} from '@dinsos/testing';
import { logLevel, type Kafka, type KafkaMessage } from 'kafkajs';
import { Pool } from 'pg';
import type { DeidentifiedCaseEvent } from '../deidentify';
import { pseudonymKey, createPseudonymiser } from '../rules/pseudonyms';
import { feedSchema, schemaProblems } from '../testing/feed-schema';
import { analyticsRelayName, createAnalyticsRelay } from './analytics-relay';

/**
 * The scan: a case across every context (and two complaints), with real personal data encrypted
 * by the vault as each service's role, appended to one store, published by the feed's relay as
 * the read side's role to a real topic, every message read back: not one holds a plaintext value
 * of a personal field, nor a subject id, case id or any other id in clear.
 */

type Writer = { pool: Pool; store: PostgresEventStore; vault: PersonalDataVault };
type Plain = Record<string, unknown>;

function withSearchPath(url: string, schema: string): string {
  const parsed = new URL(url);
  parsed.searchParams.set('options', `-c search_path=${schema}`);
  return parsed.toString();
}

/** Every text a personal field of this plaintext payload holds (codes aside: they are generalised). */
function personalTexts(type: string, version: number, payload: Plain): string[] {
  const found: string[] = [];
  const leaves = (value: unknown, key: string) => {
    if (typeof value === 'string') {
      if (!/Code$/.test(key) && key !== 'mediaType') found.push(value);
    } else if (Array.isArray(value)) value.forEach((item) => leaves(item, key));
    else if (value && typeof value === 'object')
      for (const [name, child] of Object.entries(value)) leaves(child, name);
  };
  const at = (value: unknown, path: string[], key: string) => {
    if (value === undefined) return;
    if (path.length === 0) return leaves(value, key);
    const [head, ...rest] = path;
    if (head === '[]' && Array.isArray(value)) value.forEach((item) => at(item, rest, key));
    else if (value && typeof value === 'object' && !Array.isArray(value))
      at((value as Plain)[head], rest, head);
  };
  for (const field of listPersonalFields(getEventDefinition(type, version).payload)) {
    at(payload, field.path.match(/\[\]|\{\}|[^.[\]{}]+/g) ?? [], '');
  }
  return found;
}

describe('the analysts feed, from a real store to a real topic', () => {
  let db: TestDatabase;
  let kafka: Kafka;
  let topic: string;
  let prefix: string;
  const pools: Pool[] = [];
  const writers = new Map<string, Writer>();
  let feedStore: PostgresEventStore;
  let feedVault: PersonalDataVault;
  const reads: DataAccessRecord[] = [];

  beforeAll(async () => {
    db = await createTestDatabase({ prefix: 'analytics' });
    const access = storeAccessOfSystem();
    await migrate(db.ownerUrl, {
      roles: access.map(({ role, appends, reads: categories }) => ({
        name: role,
        appends,
        reads: categories,
      })),
    });
    for (const { role } of access) await migratePersonalData(db.ownerUrl, { appRole: role });
    await migrateMessaging(db.urlAs(`${serviceRoleName('analytics')}_owner`), {
      appRole: serviceRoleName('analytics'),
      schema: serviceSchemaName('analytics'),
    });
    for (const service of ['intake', 'assessment', 'family-tracing', 'placement', 'complaints']) {
      const pool = new Pool({ connectionString: db.urlAs(serviceRoleName(service)), max: 3 });
      pools.push(pool);
      writers.set(service, {
        pool,
        store: new PostgresEventStore(pool),
        vault: createPersonalDataVault({ pool, masterKey: null }),
      });
    }
    const feedPool = new Pool({ connectionString: db.urlAs(serviceRoleName('analytics')), max: 5 });
    pools.push(feedPool);
    feedStore = new PostgresEventStore(feedPool);
    feedVault = createPersonalDataVault({
      pool: feedPool,
      masterKey: null,
      recordAccess: (record) => void reads.push(record),
    });
    const { kafkaBrokers } = await getTestInfrastructure();
    kafka = createKafkaClient({
      brokers: kafkaBrokers,
      clientId: 'analytics-feed-test',
      level: logLevel.NOTHING,
    });
    prefix = createTopicPrefix();
    topic = `${prefix}${analyticsTopic}`;
    await provisionTopics(kafka, [topic], { partitions: 3 });
  });

  afterAll(async () => {
    for (const writer of writers.values()) await writer.store.close();
    await feedStore?.close();
    for (const pool of pools) await pool.end();
    await db?.drop();
  });

  /** Ids and plaintexts that must never show on the topic. */
  const secrets = new Set<string>();
  const appended: Array<{ eventId: string; type: string; caseId?: string }> = [];

  async function append(
    service: string,
    streamId: string,
    event: {
      type: string;
      version?: number;
      caseId?: string;
      subjectId?: string;
      actor: Actor;
      causationId?: string;
      payload: Plain;
    },
  ): Promise<string> {
    const writer = writers.get(service)!;
    const version = event.version ?? 1;
    for (const text of personalTexts(event.type, version, event.payload)) secrets.add(text);
    const { payload, subjectIds } = await writer.vault.encryptPayload(
      event.type,
      version,
      event.payload,
      { subjectId: event.subjectId },
    );
    const eventId = randomUUID();
    const correlationId = randomUUID();
    const stored: NewEvent<Plain> = {
      eventId,
      type: event.type,
      schemaVersion: version,
      ...(event.caseId ? { caseId: event.caseId } : {}),
      subjectIds,
      officeCode: '3603',
      occurredAt: new Date(Date.UTC(2026, 2, 4, 3, appended.length)).toISOString(),
      actor: event.actor,
      correlationId,
      causationId: event.causationId ?? null,
      serviceStandard: { code: 'bekasi-layanan-rujukan', version: 1 },
      payload,
    };
    await writer.store.appendToStream(streamId, [stored as NewEvent], { expectedRevision: 'any' });
    for (const id of [eventId, correlationId, event.actor.id, ...subjectIds]) secrets.add(id);
    // Key ids too: one per subject, they would link messages to the keys table.
    JSON.stringify(payload, (name, value: unknown) => {
      if (name === 'keyId' && typeof value === 'string') secrets.add(value);
      return value;
    });
    if (event.caseId) secrets.add(event.caseId);
    appended.push({ eventId, type: event.type, caseId: event.caseId });
    return eventId;
  }

  /** Everything on the topic, from its start; joining early hides the broker's join delay. */
  async function startCollecting(): Promise<{ received: KafkaMessage[]; stop(): Promise<void> }> {
    const received: KafkaMessage[] = [];
    // A short fetch wait: disconnecting waits for the fetch in flight.
    const consumer = kafka.consumer({ groupId: `scan-${randomUUID()}`, maxWaitTimeInMs: 100 });
    await consumer.connect();
    await consumer.subscribe({ topic, fromBeginning: true });
    await consumer.run({ eachMessage: async ({ message }) => void received.push(message) });
    return { received, stop: () => consumer.disconnect() };
  }

  it('publishes every event de-identified, and no message holds a plaintext or an id', async () => {
    const collector = startCollecting();
    const caseId = '3603-2026-000101';
    const oldCaseId = '3603-2025-000977';
    const ids = {
      client: randomUUID(),
      reporter: randomUUID(),
      escort: randomUUID(),
      family: randomUUID(),
      officer: randomUUID(),
      complainant: randomUUID(),
      whistleBlower: randomUUID(),
      oldReporter: randomUUID(),
    };
    const officer = (id: string, role: string): Actor => ({ id, role, officeCode: '3603' });
    const intakeOfficer = officer('siti.rahmawati@dinsos-tangerang', 'intake-officer');
    const standard = { code: 'bekasi-layanan-rujukan', version: 1 };
    const shelter = {
      kind: 'shelter',
      organisation: { name: 'Rumah Singgah Kabupaten Tangerang', regionCode: '3603' },
    };
    const home = {
      line: 'Jl. Kenanga Raya No. 12, RT 03/RW 07',
      villageCode: '36.03.12.2004',
      districtCode: '36.03.12',
      regencyCode: '36.03',
      provinceCode: '36',
      description: 'Rumah cat biru dekat Musholla Al-Ikhlas',
    };
    for (const id of ['cand-5f1c', 'inq-8a2e', 'safety-77b0', 'cmp-0c4d', 'cmp-wb-91aa']) {
      secrets.add(id);
    }

    // intake: a report by a named neighbour, escorted by a police officer
    await append('intake', `intakeCase-${caseId}`, {
      type: 'ReportReceived',
      version: 2,
      caseId,
      subjectId: ids.client,
      actor: intakeOfficer,
      payload: {
        clientCategory: 'neglectedChild',
        foundAt: { regionCode: '3603120004', description: 'Halte Bus Cikupa depan Pasar Cikupa' },
        foundOn: '2026-03-03',
        reporter: {
          personId: ids.reporter,
          name: 'Bambang Suryadi',
          nik: '3603121208750003',
          phone: '+6281311112222',
          address: { line: 'Gang Mawar 4', regencyCode: '3603' },
          relationship: 'neighbour',
        },
        serviceStandard: standard,
        caseNumber: caseId,
        receivingOfficeCode: '3603',
        client: { clientId: ids.client, returning: false },
        source: { kind: 'police', name: 'Polsek Cikupa', regionCode: '3603' },
        letter: {
          number: 'B/219/III/2026/Sek.Ckp',
          issuer: 'Polsek Cikupa',
          date: '2026-03-03',
          scan: {
            fileId: 'file-letter-3b7d',
            sha256: 'd'.repeat(64),
            mediaType: 'application/pdf',
          },
        },
        escorts: [
          {
            personId: ids.escort,
            name: 'Aipda Rudi Hartono',
            phone: '+6285277778888',
            organisation: 'Polsek Cikupa',
            position: 'Bhabinkamtibmas',
          },
        ],
        referredFromCaseId: '3671-2026-000044',
        circumstances: 'Ditemukan menangis sendirian, baju basah, tidak mau menyebut nama ayahnya',
      },
    });
    secrets.add('3671-2026-000044');
    secrets.add('B/219/III/2026/Sek.Ckp');
    const registered = await append('intake', `client-${ids.client}`, {
      type: 'ClientRegistered',
      caseId,
      actor: intakeOfficer,
      payload: {
        clientId: ids.client,
        category: 'neglectedChild',
        identityStatus: 'known',
        name: 'Putri Ayu Wulandari',
        calledName: 'Ayu',
        nik: '3603125709140002',
        familyCardNumber: '3603121001090011',
        sex: 'female',
        dateOfBirth: '2014-09-17',
        placeOfBirth: 'Pandeglang',
        address: home,
        identityDocuments: [
          { kind: 'kk', scan: { fileId: 'file-kk-51e0', sha256: 'e'.repeat(64) } },
        ],
        physicalDescription: 'Tahi lalat di pipi kanan, rambut sebahu',
      },
    });
    await append('intake', `intakeCase-${caseId}`, {
      type: 'CaseOpened',
      caseId,
      actor: intakeOfficer,
      payload: {
        caseNumber: caseId,
        clientId: ids.client,
        clientCategory: 'neglectedChild',
        owningOfficeCode: '3603',
        serviceStandard: standard,
        custodian: shelter,
      },
    });

    // assessment, reacting to the case's opening
    const peksos = officer('peksos.dedi.kurniawan', 'social-worker');
    await append('assessment', `assessment-${caseId}`, {
      type: 'AssessmentStarted',
      caseId,
      actor: officer('service:assessment', 'service'),
      causationId: registered,
      payload: {
        clientId: ids.client,
        caseNumber: caseId,
        clientCategory: 'neglectedChild',
        owningOfficeCode: '3603',
        custodian: shelter,
        serviceStandard: standard,
        steps: ['assessment', 'basic-rehabilitation'],
      },
    });
    const recorded = await append('assessment', `assessment-${caseId}`, {
      type: 'AssessmentRecorded',
      caseId,
      actor: peksos,
      payload: {
        clientId: ids.client,
        assessmentNumber: 1,
        kind: 'initial',
        assessedOn: '2026-03-05',
        physicalCondition: 'Kurus, luka lecet di lutut kiri',
        health: 'Demam ringan sejak dua hari, perlu pemeriksaan Puskesmas Cikupa',
        needsMedicalCare: true,
        psychologicalState: 'Takut pada laki-laki dewasa, sulit tidur',
        education: { status: 'droppedOut', level: 'SD kelas 5 SDN Cikupa 3' },
        familyAndOrigin: 'Ibu bekerja di Malaysia, tinggal dengan paman di Kampung Bojong',
        risks: { riskAtHome: 'high', details: 'Paman sering memukul saat mabuk' },
        needs: ['safeShelter', 'healthCare'],
        childView: 'Saya mau tinggal sama nenek di Balaraja',
        attachments: [{ fileId: 'file-genogram-aa01', sha256: 'f'.repeat(64) }],
      },
    });
    await append('assessment', `assessment-${caseId}`, {
      type: 'RecommendationMade',
      caseId,
      actor: peksos,
      causationId: recorded,
      payload: {
        clientId: ids.client,
        recommendationNumber: 1,
        recommendation: 'traceFamily',
        reasons: 'Nenek di Balaraja bersedia merawat',
        childView: 'Mau ke rumah nenek',
        approvedBy: 'supervisor.hendra.gunawan',
      },
    });
    secrets.add('supervisor.hendra.gunawan');

    // family tracing
    const tracer = officer('tracing.wulan.sari', 'tracing-officer');
    const grandmother = {
      personId: ids.family,
      name: 'Siti Aminah binti Sarmin',
      nik: '3603154405560001',
      phone: '+6287812345678',
      address: { line: 'Kp. Sukamulya RT 01/RW 02', villageCode: '3603152005' },
      relationship: 'grandmother',
    };
    await append('family-tracing', `tracing-${caseId}`, {
      type: 'MatchCandidateProposed',
      caseId,
      actor: tracer,
      payload: {
        candidateId: 'cand-5f1c',
        clientId: ids.client,
        person: grandmother,
        knownOfClient: '{"calledName":"Ayu","mother":"Rina"}',
        relationClaimed: 'grandmother',
        comparison: [{ field: 'motherName', outcome: 'match' }],
        score: 0.91,
        class: 'likely',
        algorithm: { name: 'jaro-winkler-fields', version: 2 },
      },
    });
    await append('family-tracing', `tracing-${caseId}`, {
      type: 'FamilyFound',
      caseId,
      actor: tracer,
      payload: {
        clientId: ids.client,
        candidateId: 'cand-5f1c',
        familyMembers: [grandmother],
        relation: 'grandmother',
        address: grandmother.address,
        verifiedBy: ['villageLetter', 'childRecognition'],
        evidenceInquiryIds: ['inq-8a2e'],
        childView: 'Senang bisa ketemu nenek lagi',
      },
    });

    // placement: the return home, escorted by a named officer
    await append('placement', `placement-${caseId}`, {
      type: 'ReturnHomeArranged',
      caseId,
      actor: officer('placement.yusuf.maulana', 'placement-officer'),
      payload: {
        clientId: ids.client,
        receivingFamily: [grandmother],
        destination: grandmother.address,
        plannedAt: '2026-03-20T09:00:00+07:00',
        escorts: [
          {
            personId: ids.officer,
            name: 'Yusuf Maulana',
            phone: '+6281399990000',
            organisation: 'Dinas Sosial Kabupaten Tangerang',
            position: 'Pekerja Sosial',
          },
        ],
        safetyAssessmentId: 'safety-77b0',
        childView: 'Mau pulang hari Jumat',
      },
    });

    // complaints: one about the case by a named complainant, one whistle-blowing without a case
    const complaintsOfficer = officer('pengaduan.maya.putri', 'complaints-officer');
    await append('complaints', 'complaint-cmp-0c4d', {
      type: 'ComplaintReceived',
      caseId,
      subjectId: ids.complainant,
      actor: complaintsOfficer,
      payload: {
        complaintId: 'cmp-0c4d',
        complaintNumber: 'ADU/3603/2026/0012',
        officeCode: '3603',
        serviceStandard: standard,
        channel: 'email',
        channelReference: { kind: 'emailMessageId', value: '<CAF7x9@mail.example.id>' },
        classification: 'complaint',
        complainant: {
          personId: ids.complainant,
          name: 'Rina Marlina',
          email: 'rina.marlina@example.id',
          phone: '+6281277776666',
          address: { line: 'Perum Citra Raya Blok F2/9', regencyCode: '3603' },
          relationship: 'mother',
        },
        text: 'Anak saya dipulangkan tanpa kabar kepada saya',
        about: { caseId },
        receivedAt: '2026-03-21T20:45:00+07:00',
        clocks: [],
      },
    });
    secrets.add('ADU/3603/2026/0012');
    secrets.add('<CAF7x9@mail.example.id>');
    await writers.get('complaints')!.vault.restrictSubjectKey(ids.whistleBlower);
    await append('complaints', 'complaint-cmp-wb-91aa', {
      type: 'ComplaintReceived',
      subjectId: ids.whistleBlower,
      actor: complaintsOfficer,
      payload: {
        complaintId: 'cmp-wb-91aa',
        complaintNumber: 'ADU/3603/2026/0013',
        officeCode: '3603',
        serviceStandard: standard,
        channel: 'phone',
        classification: 'whistleblowing',
        complainant: {
          personId: ids.whistleBlower,
          name: 'Agus Salim',
          address: { line: 'Jl. Pahlawan 1', regencyCode: '3671' },
        },
        text: 'Petugas shelter meminta uang kepada keluarga',
        receivedAt: '2026-03-22T08:00:00+07:00',
        clocks: [],
      },
    });
    secrets.add('ADU/3603/2026/0013');

    // a report stored as v1, whose free-text source names the reporter
    await append('intake', `intakeCase-${oldCaseId}`, {
      type: 'ReportReceived',
      version: 1,
      caseId: oldCaseId,
      subjectId: ids.client,
      actor: intakeOfficer,
      payload: {
        clientCategory: 'neglectedChild',
        reporter: { personId: ids.oldReporter, name: 'Hasanudin' },
        serviceStandard: standard,
        source: 'Pak Hasanudin, warga Kampung Melayu',
        coveringLetterNumber: 'SP/88/2025',
      },
    });
    secrets.add('Pak Hasanudin, warga Kampung Melayu');
    secrets.add('SP/88/2025');

    // The reporter asked to be forgotten before the feed ran.
    await writers.get('intake')!.vault.eraseSubjectKey(ids.reporter, {
      actor: officer('dpo.office', 'admin'),
      reason: 'data subject request',
    });

    const key = pseudonymKey('2026-q1', Buffer.alloc(32, 42));
    secrets.add(key.secret.toString('base64'));
    secrets.add(key.secret.toString('hex'));
    const relay = createAnalyticsRelay({
      store: feedStore,
      vault: feedVault,
      kafka,
      databaseUrl: withSearchPath(db.urlAs(serviceRoleName('analytics')), 'analytics'),
      pseudonymKey: key,
      topicPrefix: prefix,
      name: `${analyticsRelayName}-${prefix}`,
      batchSize: 4,
      idleDelayMs: 50,
      leaseRetryMs: 200,
    });
    relay.start();
    const { received, stop } = await collector;
    try {
      await eventually(async () => received.length >= appended.length, 'every feed message');
      await eventually(async () => relay.state.published === appended.length, 'the checkpoint');
    } finally {
      await relay.stop();
      await stop();
    }
    const messages = received;
    // The checkpoint sits in the feed's own schema, written as its own role, after the acks.
    const checkpoint = await queryAs<{ events_published: string }>(
      db.urlAs(serviceRoleName('analytics')),
      'select events_published from analytics.messaging_relay_checkpoint where relay_name = $1',
      [`${analyticsRelayName}-${prefix}`],
    );
    expect(checkpoint.rows).toEqual([{ events_published: String(appended.length) }]);

    // Every message: valid against the contracts' schema, and nothing secret in key or value.
    const leaks: string[] = [];
    const problems: string[] = [];
    const events = messages.map((message) => {
      const text = `${message.key?.toString()}\n${message.value?.toString()}\n${JSON.stringify(
        Object.fromEntries(
          Object.entries(message.headers ?? {}).map(([name, value]) => [name, String(value)]),
        ),
      )}`;
      for (const secret of secrets) if (text.includes(secret)) leaks.push(secret);
      const event = JSON.parse(message.value!.toString()) as DeidentifiedCaseEvent;
      problems.push(...schemaProblems(feedSchema().message, event));
      return { key: message.key!.toString(), event };
    });
    expect(secrets.size).toBeGreaterThan(80);
    expect([...new Set(leaks)]).toEqual([]);
    expect(problems).toEqual([]);

    // One message per stored event, keyed by the case pseudonym.
    const pseudonymiser = createPseudonymiser(key);
    expect(events.map(({ event }) => event.eventRef).sort()).toEqual(
      appended.map(({ eventId }) => pseudonymiser.pseudonym('event', eventId)).sort(),
    );
    const caseRef = pseudonymiser.pseudonym('case', caseId);
    const ofType = (type: string, version = 1) =>
      events.filter(({ event }) => event.type === type && event.schemaVersion === version);
    for (const { key: messageKey, event } of events) {
      expect(event.pseudonymKeyId).toBe('2026-q1');
      expect(messageKey).toBe(event.caseRef ?? pseudonymiser.pseudonym('record', 'cmp-wb-91aa'));
    }
    expect(ofType('CaseOpened')[0].event.payload.caseNumber).toBe(caseRef);

    // The rules, on real ciphertext.
    const client = ofType('ClientRegistered')[0].event.payload;
    expect(client).toMatchObject({
      dateOfBirth: '10-14',
      placeOfBirth: {},
      address: { provinceCode: '36', regencyCode: '3603' },
    });
    const report = ofType('ReportReceived', 2)[0].event.payload;
    expect(report.foundAt).toEqual({ provinceCode: '36', regencyCode: '3603' });
    expect(report.reporter).toEqual({
      personId: pseudonymiser.pseudonym('subject', ids.reporter),
      address: { erased: true },
      relationship: 'neighbour',
    });
    const assessed = ofType('AssessmentRecorded')[0].event.payload;
    expect(assessed).toMatchObject({ education: { status: 'droppedOut', level: 'SD' } });
    expect(Object.keys(assessed).sort()).toEqual(
      [
        'assessedOn',
        'assessmentNumber',
        'clientId',
        'education',
        'kind',
        'needs',
        'needsMedicalCare',
        'risks',
      ].sort(),
    );
    expect(ofType('ReturnHomeArranged')[0].event.payload.destination).toEqual({
      provinceCode: '36',
      regencyCode: '3603',
    });
    const [named, whistle] = ofType('ComplaintReceived')
      .map(({ event }) => event)
      .sort((a) => (a.caseRef ? -1 : 1));
    expect(named.payload.about).toEqual({ caseId: caseRef });
    expect(named.payload.complainant).toMatchObject({
      address: { provinceCode: '36', regencyCode: '3603' },
    });
    // Readable by complaints alone: the feed publishes nothing of the whistle-blower.
    expect(whistle.payload.complainant).toEqual({
      personId: pseudonymiser.pseudonym('subject', ids.whistleBlower),
    });
    expect(ofType('ReportReceived', 1)[0].event.payload).not.toHaveProperty('source');

    // Every read went through the vault as the feed, for the band and generalise fields alone.
    expect(reads.length).toBeGreaterThan(0);
    for (const read of reads) {
      expect(read).toMatchObject({
        actor: { id: 'service:analytics', role: 'service' },
        purpose: 'deidentification',
        what: 'field',
      });
    }
    expect(reads.filter((read) => read.outcome === 'erased')).toHaveLength(1);
  });
});
