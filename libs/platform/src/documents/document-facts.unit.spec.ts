import { examples } from '@dinsos/contracts';
import { Position, type RecordedEvent } from '@dinsos/event-store';
import type { PersonalDataVault } from '@dinsos/personal-data';
import { PersonalFields } from '../personal-data/personal-fields';
import { documentFactsOf } from './document-facts';

const actor = { id: 'auditor-1', role: 'auditor', officeCode: '36' };
const access = { actor, purpose: 'audit' } as const;

function recorded(overrides: Partial<RecordedEvent>): RecordedEvent {
  return {
    eventId: 'e-1',
    type: 'CaseOpened',
    schemaVersion: 1,
    streamId: 'intakeCase-3603-2026-000001',
    streamRevision: 0,
    position: Position.of(1n, 0n),
    caseId: '3603-2026-000001',
    subjectIds: [],
    officeCode: '3603',
    occurredAt: '2026-03-02T07:00:00.000Z',
    recordedAt: '2026-03-02T07:00:00.100Z',
    actor,
    correlationId: 'c-1',
    causationId: null,
    payload: {},
    prevHash: '0'.repeat(64),
    hash: '1'.repeat(64),
    ...overrides,
  };
}

describe("the kit's document facts (recorded events, decrypted)", () => {
  it('gives each event as its latest version, decrypted for the access, with its envelope', async () => {
    const decrypted: Array<{ type: string; version: number; access: unknown }> = [];
    const vault = {
      async decryptPayload(type: string, version: number, payload: object, given: unknown) {
        decrypted.push({ type, version, access: given });
        return { ...payload, decrypted: true };
      },
    } as unknown as PersonalDataVault;
    const facts = await documentFactsOf(
      [
        recorded({
          eventId: 'report',
          type: 'ReportReceived',
          schemaVersion: 1,
          serviceStandard: { code: 'bekasi-layanan-rujukan', version: '1' },
          payload: examples.exampleReportReceivedV1() as never,
        }),
        recorded({
          eventId: 'opened',
          occurredAt: new Date('2026-03-03T01:00:00Z') as never,
          payload: { caseNumber: '3603-2026-000001' },
        }),
      ],
      new PersonalFields(vault),
      access,
    );
    expect(decrypted).toEqual([
      { type: 'ReportReceived', version: 2, access },
      { type: 'CaseOpened', version: 1, access },
    ]);
    expect(facts).toEqual([
      {
        eventId: 'report',
        type: 'ReportReceived',
        occurredAt: '2026-03-02T07:00:00.000Z',
        officeCode: '3603',
        serviceStandard: { code: 'bekasi-layanan-rujukan', version: 1 },
        payload: expect.objectContaining({
          // upcast from version 1: the source became an object
          source: expect.objectContaining({ name: 'Polsek Cikarang Pusat' }),
          decrypted: true,
        }),
      },
      {
        eventId: 'opened',
        type: 'CaseOpened',
        occurredAt: '2026-03-03T01:00:00.000Z',
        officeCode: '3603',
        payload: { caseNumber: '3603-2026-000001', decrypted: true },
      },
    ]);
  });
});
