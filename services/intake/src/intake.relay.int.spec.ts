import {
  fromKafkaMessage,
  isPersonalFieldValue,
  personalFieldsOf,
  type ReceivedEvent,
} from '@dinsos/contracts';
import { createKafkaClient } from '@dinsos/messaging';
import type { Consumer, KafkaMessage } from 'kafkajs';
import { eventually } from './testing/intake-harness';
import { bekasiReport, intakeScenario, secrets } from './testing/intake-scenario';

/**
 * What reaches Kafka, against real PostgreSQL and Kafka: a compact flow makes every intake event
 * type, and the relay must publish each stored event, valid against the catalogue, with no
 * personal value in clear.
 */
describe('intake service (real PostgreSQL and Kafka)', () => {
  const {
    deployment,
    intake,
    reader,
    as,
    command,
    read,
    uploadNew,
    openedTangerangCase,
    assessmentRecommends,
    matchingIndexCaughtUp,
  } = intakeScenario();
  let consumer: Consumer;
  const published: KafkaMessage[] = [];

  beforeAll(async () => {
    const kafka = createKafkaClient({ brokers: deployment.kafkaBrokers, clientId: 'intake-test' });
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
  });

  describe('what reaches Kafka', () => {
    beforeAll(async () => {
      await everyPersonalValueSent();
      await movedBetweenOffices();
      await biometricsRecorded();
      await duplicateDecided();
    });

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

  /**
   * A 3603 report carrying every one of `secrets` (a letter scan, the child's NIK and birth date,
   * reporter, escort), through the requirements check and a shelter handover with belongings.
   */
  async function everyPersonalValueSent(): Promise<void> {
    const upload = await uploadNew('tangerang', Buffer.from('%PDF-1.4 surat pengantar polsek'));
    expect(upload.status).toBe(201);
    const received = await command(
      'tangerang',
      '/cases',
      bekasiReport({ letter: { ...bekasiReport().letter, scanFileId: upload.body.fileId } }),
    );
    expect(received.status).toBe(201);
    const caseId = received.body.caseId as string;
    const checked = await command('tangerang', `/cases/${caseId}/requirements-checks`, {
      requirements: [
        { code: 'covering-letter', status: 'met' },
        { code: 'identity-document', status: 'met' },
      ],
    });
    expect(checked.status).toBe(201);
    const detail = await read('tangerang', `/cases/${caseId}`);
    const reporter = detail.body.people.find((p: { role: string }) => p.role === 'reporter');
    const handedOver = await command('tangerang', `/cases/${caseId}/shelter-handovers`, {
      shelter: { name: 'Rumah Singgah Dinas Sosial Kabupaten Tangerang', regionCode: '3603' },
      handedOverByPersonId: reporter.personId,
      receivedBy: { name: secrets.shelterOfficer, position: 'Pekerja Sosial' },
      belongings: [secrets.belongings],
    });
    expect(handedOver.status).toBe(201);
  }

  /** One opened case transferred to the province, another referred to its service. */
  async function movedBetweenOffices(): Promise<void> {
    const transferred = (await openedTangerangCase('Dewi Lestari')).caseId;
    const transfer = await command('tangerang', `/cases/${transferred}/transfers`, {
      toOfficeCode: '36',
      reason: 'Penanganan lanjutan oleh provinsi',
    });
    expect(transfer.status).toBe(201);
    const referred = (await openedTangerangCase('Putri Handayani')).caseId;
    const referral = await command('tangerang', `/cases/${referred}/referrals`, {
      toOfficeCode: '36',
      reason: 'inInstitutionService',
      signatory: { name: 'Kepala Dinas', position: 'Kepala Dinas Sosial Kabupaten Tangerang' },
    });
    expect(referral.status).toBe(201);
  }

  /** A province case opened, assessed by the Peksos, then its client's photo recorded. */
  async function biometricsRecorded(): Promise<void> {
    const received = await command('province', '/cases', {
      clientCategory: 'neglectedChild',
      source: { kind: 'regencyDinsos', name: 'Dinas Sosial Kabupaten Lebak', regionCode: '3602' },
      client: { calledName: 'Adi', sex: 'male', estimatedAgeYears: 11 },
    });
    expect(received.status).toBe(201);
    const { caseId, clientId } = received.body as { caseId: string; clientId: string };
    const checked = await command('province', `/cases/${caseId}/requirements-checks`, {
      requirements: [
        { code: 'referral-letter', status: 'met' },
        { code: 'identity-document', status: 'notApplicable', reason: 'Tidak ada' },
        { code: 'regency-assessment', status: 'met' },
      ],
    });
    expect(checked.status).toBe(201);
    await assessmentRecommends(caseId, clientId);
    const photo = await intake.http
      .post(`/cases/${caseId}/uploads`)
      .set('Authorization', as('province'))
      .set('Content-Type', 'image/jpeg')
      .send(Buffer.from('JPEG photo bytes of the child'));
    expect(photo.status).toBe(201);
    await eventually(async () => {
      const recorded = await command('province', `/cases/${caseId}/biometrics`, {
        captures: [
          { modality: 'photo', fileId: photo.body.fileId, capturedAt: '2026-03-03T09:00:00+07:00' },
        ],
      });
      return recorded.status === 201 ? true : undefined;
    }, 'the assessment to reach intake');
  }

  /** A 3601 registration found again at 3603, decided by the province to be the same person. */
  async function duplicateDecided(): Promise<void> {
    const earlier = await command('pandeglang', '/cases', {
      clientCategory: 'neglectedChild',
      source: { kind: 'village', name: 'Desa Cibaliung' },
      client: { name: 'Achmad Sjarifuddin', sex: 'male', dateOfBirth: '2015-08-17' },
    });
    expect(earlier.status).toBe(201);
    const now = await command('tangerang', '/cases', {
      clientCategory: 'neglectedChild',
      source: { kind: 'public' },
      client: { name: 'Ahmad Syarifudin', sex: 'male', dateOfBirth: '2015-08-17' },
    });
    expect(now.status).toBe(201);
    await matchingIndexCaughtUp('the index to take in both registrations');
    const decided = await command(
      'provinceSupervisor',
      `/cases/${now.body.caseId}/duplicate-decisions`,
      { candidateClientId: earlier.body.clientId, decision: 'samePerson' },
    );
    expect(decided.status).toBe(201);
  }
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
