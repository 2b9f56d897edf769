import { randomUUID } from 'node:crypto';
import { bantenOfficeDirectory } from '@dinsos/service-standards';
import { deidentify, feedKeyOf, type StoredCaseEvent, type WithheldField } from './deidentify';
import { erased, fakeDecryptor, sealed, testPseudonymiser } from './testing/fake-fields';
import { feedSchema, schemaProblems } from './testing/feed-schema';

const ids = {
  caseId: '3603-2026-000042',
  clientId: randomUUID(),
  reporterId: randomUUID(),
  escortId: randomUUID(),
  eventId: randomUUID(),
  correlationId: randomUUID(),
  causationId: randomUUID(),
  actorId: 'officer-siti-7',
};
const ref = testPseudonymiser.pseudonym;

function stored(overrides: Partial<StoredCaseEvent>): StoredCaseEvent {
  return {
    eventId: ids.eventId,
    type: 'CaseOpened',
    schemaVersion: 1,
    streamId: `intakeCase-${ids.caseId}`,
    caseId: ids.caseId,
    subjectIds: [ids.clientId],
    officeCode: '3603',
    // 18:30 UTC is 01:30 the next day in WIB: the office's day is the 5th.
    occurredAt: '2026-03-04T18:30:00.000Z',
    actor: { id: ids.actorId, role: 'intake-officer', officeCode: '3603' },
    correlationId: ids.correlationId,
    causationId: ids.causationId,
    serviceStandard: { code: 'bekasi-layanan-rujukan', version: 1 },
    payload: {},
    ...overrides,
  };
}

const address = {
  line: 'Jl. Melati No. 7, RT 02/RW 05',
  villageCode: '36.03.05.2001',
  regencyCode: '3603',
  provinceCode: '36',
  description: 'rumah hijau di belakang masjid',
};

function clientRegistered(clientKeyOf: (value: unknown) => unknown) {
  return stored({
    type: 'ClientRegistered',
    streamId: `client-${ids.clientId}`,
    payload: {
      clientId: ids.clientId,
      category: 'neglectedChild',
      identityStatus: 'known',
      name: clientKeyOf('Dewi Lestari') as never,
      nik: clientKeyOf('3603014105140001') as never,
      sex: 'female',
      dateOfBirth: clientKeyOf('2014-05-01') as never,
      placeOfBirth: clientKeyOf('Tangerang') as never,
      address: clientKeyOf(address) as never,
      identityDocuments: [
        {
          kind: 'kk',
          scan: clientKeyOf({ fileId: 'file-77', sha256: 'a'.repeat(64) }) as never,
        },
      ],
      physicalDescription: clientKeyOf('bekas luka di dagu kiri') as never,
    },
  });
}

async function run(event: StoredCaseEvent, onWithheld?: (field: WithheldField) => void) {
  const decrypt = fakeDecryptor();
  const result = await deidentify(event, {
    pseudonymiser: testPseudonymiser,
    decrypt,
    offices: bantenOfficeDirectory,
    onWithheld,
  });
  expect(schemaProblems(feedSchema().message, result)).toEqual([]);
  return { result, asked: decrypt.asked, text: JSON.stringify(result) };
}

describe('deidentify: the envelope', () => {
  it('pseudonymises every id, keeps offices and the role, drops the actor id', async () => {
    const { result, text } = await run(stored({ payload: {} as never, type: 'Unknown' }));
    expect(result).toMatchObject({
      eventRef: ref('event', ids.eventId),
      caseRef: ref('case', ids.caseId),
      subjectRefs: [ref('subject', ids.clientId)],
      correlationRef: ref('correlation', ids.correlationId),
      causationRef: ref('event', ids.causationId),
      officeCode: '3603',
      actor: { role: 'intake-officer', officeCode: '3603' },
      streamCategory: 'intakeCase',
      serviceStandard: { code: 'bekasi-layanan-rujukan', version: 1 },
      pseudonymKeyId: 'test-2026-1',
    });
    for (const id of Object.values(ids)) expect(text).not.toContain(id);
    expect(text).not.toMatch(/recordedAt|position|"id"/);
  });

  it("gives the day of the owning office's calendar, no time", async () => {
    const { result } = await run(stored({ type: 'Unknown' }));
    expect(result.occurredOn).toBe('2026-03-05');
  });

  it('gives a reaction the eventRef of its cause as causationRef, and a command none', async () => {
    const cause = await run(stored({ eventId: ids.causationId, causationId: null, type: 'X' }));
    const reaction = await run(stored({ type: 'X' }));
    expect(reaction.result.causationRef).toBe(cause.result.eventRef);
    expect(cause.result).not.toHaveProperty('causationRef');
  });

  it('keys a case event by its caseRef and a caseless complaint by its complaint pseudonym', () => {
    expect(feedKeyOf({ caseId: ids.caseId, streamId: 'x-1' }, testPseudonymiser)).toBe(
      ref('case', ids.caseId),
    );
    expect(feedKeyOf({ streamId: 'complaint-cmp-9' }, testPseudonymiser)).toBe(
      ref('record', 'cmp-9'),
    );
  });
});

describe('deidentify: personal fields by their rule', () => {
  it('drops names, NIK, scans and narratives; bands the birth date; generalises places', async () => {
    const event = clientRegistered((value) => sealed(ids.clientId, value));
    const { result, asked, text } = await run(event);
    expect(result.payload).toEqual({
      clientId: ref('subject', ids.clientId),
      category: 'neglectedChild',
      identityStatus: 'known',
      sex: 'female',
      dateOfBirth: '10-14',
      placeOfBirth: {},
      address: { provinceCode: '36', regencyCode: '3603' },
      identityDocuments: [{ kind: 'kk' }],
    });
    expect(result.subjectRefs).toContain(result.payload.clientId);
    // Only what band and generalise need was decrypted.
    expect(asked).toHaveLength(3);
    for (const secret of [
      'Dewi',
      '3603014105140001',
      '2014',
      'Melati',
      'masjid',
      'file-77',
      'luka',
    ])
      expect(text).not.toContain(secret);
  });

  it("bands a birth date as the age on the event's office day", async () => {
    const event = clientRegistered((value) => sealed(ids.clientId, value));
    const dayBefore = await run({ ...event, occurredAt: '2029-04-30T10:00:00+07:00' });
    const birthday = await run({ ...event, occurredAt: '2029-04-30T17:00:00Z' });
    expect(dayBefore.result.payload.dateOfBirth).toBe('10-14');
    expect(birthday.result.payload.dateOfBirth).toBe('15-19');
  });

  it('marks erased band and generalise fields erased, without the key id; drops the rest', async () => {
    const event = clientRegistered(() => erased(ids.clientId));
    const { result, asked, text } = await run(event);
    expect(result.payload).toMatchObject({
      dateOfBirth: { erased: true },
      placeOfBirth: { erased: true },
      address: { erased: true },
    });
    expect(result.payload).not.toHaveProperty('name');
    expect(result.payload).not.toHaveProperty('nik');
    expect(asked).toEqual([]);
    expect(text).not.toContain(`key-${ids.clientId}`);
  });

  it('marks a field erased when the vault finds the key erased since', async () => {
    const event = clientRegistered((value) => sealed(`gone-${ids.clientId}`, value));
    const { result } = await run(event);
    expect(result.payload.address).toEqual({ erased: true });
  });

  it('leaves out what the feed may not read, and says where (never what)', async () => {
    const withheld: WithheldField[] = [];
    const event = clientRegistered((value) => sealed(`hidden-${ids.clientId}`, value));
    const { result, text } = await run(event, (field) => withheld.push(field));
    expect(result.payload).not.toHaveProperty('address');
    expect(result.payload).not.toHaveProperty('dateOfBirth');
    expect(withheld).toEqual(
      expect.arrayContaining([
        {
          eventType: 'ClientRegistered',
          schemaVersion: 1,
          path: 'address',
          reason: 'keyNotVisible',
        },
      ]),
    );
    expect(JSON.stringify(withheld)).not.toContain('Melati');
    expect(text).not.toContain('Melati');
  });

  it('treats the reporter, the escorts, the letter, the case number and the place found', async () => {
    const event = stored({
      type: 'ReportReceived',
      schemaVersion: 2,
      subjectIds: [ids.clientId, ids.reporterId, ids.escortId],
      payload: {
        clientCategory: 'neglectedChild',
        foundAt: sealed(ids.clientId, {
          regionCode: '3603052001',
          description: 'peron 2 Stasiun Tigaraksa',
        }) as never,
        foundOn: '2026-03-04',
        reporter: {
          personId: ids.reporterId,
          name: sealed(ids.reporterId, 'Budi Santoso') as never,
          nik: sealed(ids.reporterId, '3603010101800002') as never,
          phone: sealed(ids.reporterId, '+6281234567890') as never,
          address: sealed(ids.reporterId, { line: 'Jl. Kenanga 3', regencyCode: '3671' }) as never,
          relationship: 'neighbour',
        },
        serviceStandard: { code: 'bekasi-layanan-rujukan', version: 1 },
        caseNumber: ids.caseId,
        receivingOfficeCode: '3603',
        client: { clientId: ids.clientId, returning: false },
        source: { kind: 'police', name: 'Polsek Tigaraksa', regionCode: '3603' },
        letter: {
          number: 'B/77/III/2026/Sek.TGR',
          issuer: 'Polsek Tigaraksa',
          date: '2026-03-04',
          scan: sealed(ids.clientId, { fileId: 'f-1', sha256: 'b'.repeat(64) }) as never,
        },
        escorts: [
          {
            personId: ids.escortId,
            name: sealed(ids.escortId, 'Bripka Agus') as never,
            organisation: 'Polsek Tigaraksa',
            position: 'Bhabinkamtibmas',
          },
        ],
        referredFromCaseId: '3601-2026-000007',
        circumstances: sealed(ids.clientId, 'ditemukan menangis sendirian') as never,
      },
    });
    const { result, text } = await run(event);
    expect(result.payload).toEqual({
      clientCategory: 'neglectedChild',
      foundAt: { provinceCode: '36', regencyCode: '3603' },
      foundOn: '2026-03-04',
      reporter: {
        personId: ref('subject', ids.reporterId),
        address: { provinceCode: '36', regencyCode: '3671' },
        relationship: 'neighbour',
      },
      serviceStandard: { code: 'bekasi-layanan-rujukan', version: 1 },
      caseNumber: result.caseRef,
      receivingOfficeCode: '3603',
      client: { clientId: ref('subject', ids.clientId), returning: false },
      source: { kind: 'police', name: 'Polsek Tigaraksa', regionCode: '3603' },
      letter: { issuer: 'Polsek Tigaraksa', date: '2026-03-04' },
      escorts: [
        {
          personId: ref('subject', ids.escortId),
          organisation: 'Polsek Tigaraksa',
          position: 'Bhabinkamtibmas',
        },
      ],
      referredFromCaseId: ref('case', '3601-2026-000007'),
    });
    for (const secret of ['Budi', '+6281', 'Kenanga', 'Stasiun', 'B/77', 'Agus', 'menangis'])
      expect(text).not.toContain(secret);
  });
});

describe('deidentify: what the contracts keep in clear', () => {
  it('drops staff ids and pseudonymises record ids', async () => {
    const assigned = await run(
      stored({
        type: 'SocialWorkerAssigned',
        streamId: `assessment-${ids.caseId}`,
        payload: {
          socialWorkerId: 'peksos-rina',
          how: 'assignedBySupervisor',
          previousSocialWorkerId: 'peksos-joko',
          reason: 'workload',
        },
      }),
    );
    expect(assigned.result.payload).toEqual({ how: 'assignedBySupervisor', reason: 'workload' });

    const inquiry = await run(
      stored({
        type: 'InquiryOverdue',
        streamId: `tracing-${ids.caseId}`,
        payload: { inquiryId: 'inq-1', dueAt: '2026-03-10T23:59:59+07:00' },
      }),
    );
    expect(inquiry.result.payload).toEqual({
      inquiryId: ref('record', 'inq-1'),
      dueAt: '2026-03-10',
    });
  });

  it('links a complaint to the case and event it contests by their pseudonyms', async () => {
    const contested = randomUUID();
    const { result, text } = await run(
      stored({
        type: 'ComplaintReceived',
        streamId: 'complaint-cmp-1',
        caseId: ids.caseId,
        subjectIds: [ids.reporterId],
        payload: {
          complaintId: 'cmp-1',
          complaintNumber: 'ADU-3603-2026-0001',
          officeCode: '3603',
          serviceStandard: { code: 'bekasi-layanan-rujukan', version: 1 },
          channel: 'email',
          channelReference: { kind: 'emailMessageId', value: '<abc@mail.example.id>' },
          classification: 'complaint',
          complainant: {
            personId: ids.reporterId,
            email: sealed(ids.reporterId, 'b@x.id') as never,
          },
          text: sealed(ids.reporterId, 'petugas tidak datang') as never,
          about: { caseId: ids.caseId, eventId: contested },
          receivedAt: '2026-03-04T20:15:00Z',
          clocks: [],
        },
      }),
    );
    expect(result.payload).toEqual({
      complaintId: ref('record', 'cmp-1'),
      officeCode: '3603',
      serviceStandard: { code: 'bekasi-layanan-rujukan', version: 1 },
      channel: 'email',
      channelReference: { kind: 'emailMessageId' },
      classification: 'complaint',
      complainant: { personId: ref('subject', ids.reporterId) },
      about: { caseId: result.caseRef, eventId: ref('event', contested) },
      receivedAt: '2026-03-05',
      clocks: [],
    });
    for (const secret of ['ADU-3603', 'abc@mail', 'b@x.id', 'petugas', contested])
      expect(text).not.toContain(secret);
  });
});

describe('deidentify: what it cannot vouch for', () => {
  it('withholds the payload of an event type the contracts do not know', async () => {
    const { result, text } = await run(
      stored({ type: 'SomethingNew', payload: { name: 'Dewi Lestari' } as never }),
    );
    expect(result).toMatchObject({ payload: {}, payloadWithheld: 'unknownEventType' });
    expect(text).not.toContain('Dewi');
  });

  it('withholds a payload that fails its schema (plaintext where a personal field belongs)', async () => {
    const event = clientRegistered((value) => sealed(ids.clientId, value));
    const { result, text } = await run({
      ...event,
      payload: { ...event.payload, name: 'Dewi Lestari' },
    });
    expect(result).toMatchObject({ payload: {}, payloadWithheld: 'invalidPayload' });
    expect(text).not.toContain('Dewi');
  });

  it('leaves out keys the schema does not know', async () => {
    const event = clientRegistered((value) => sealed(ids.clientId, value));
    const { result, text } = await run({
      ...event,
      payload: { ...event.payload, motherName: 'Sri Wahyuni' } as never,
    });
    expect(result.payloadWithheld).toBeUndefined();
    expect(text).not.toContain('Sri Wahyuni');
  });
});
