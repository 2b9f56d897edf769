import {
  examples,
  latestEventDefinition,
  validateEvent,
  type EventPayload,
  type EventType,
} from '@dinsos/contracts';
import type { CaseEventInput } from '../case-event';

/**
 * Test support (not part of the library's API): stored events with payloads the contracts'
 * schemas accept. Every payload goes through `validateEvent`, so the specs stay honest when a
 * schema changes. Personal fields hold well-formed stand-in ciphertext.
 */

export const ids = {
  clientId: '7c9e6679-7425-40de-944b-e07fc1f90ae7',
  reporterId: '16fd2706-8baf-433b-82eb-8c7fada847da',
  motherId: '3b241101-e2bb-4255-8caf-4136c566a962',
  officerPersonId: '9a7b330a-a736-41e5-b4a2-3a5c2d1e0f11',
  lksPersonId: 'c56a4180-65aa-42ec-a945-5fd21dec0538',
  complainantId: '6ba7b810-9dad-41d1-80b4-00c04fd430c8',
} as const;

export const enc = (label: string, keyOf: string = ids.clientId) =>
  examples.exampleEncryptedField(`key-${keyOf}`, label);

export const person = (personId: string, extra: Record<string, unknown> = {}) => ({
  personId,
  name: enc(`name-${personId}`, personId),
  ...extra,
});

export const issued = (number: string, templateCode = 'bast') => ({
  number,
  templateCode,
  templateVersion: 1,
  sha256: 'a'.repeat(64),
});

export const bekasi = { code: 'bekasi-layanan-rujukan', version: 1 } as const;
export const banten = { code: 'banten-rehsos-anak-terlantar', version: 1 } as const;

export const shelter = {
  kind: 'shelter',
  organisation: { code: 'RS-3603', name: 'Rumah Singgah Dinsos Kabupaten Tangerang' },
} as const;
export const hospital = {
  kind: 'healthFacility',
  organisation: { code: 'RSUD-TGR', name: 'RSUD Kabupaten Tangerang' },
} as const;
export const panti = {
  kind: 'institution',
  organisation: { code: 'PSAA-01', name: 'Panti Sosial Asuhan Anak Serang' },
} as const;
export const family = { kind: 'family', personIds: [ids.motherId] } as const;

const hex16 = (value: number) => value.toString(16).padStart(16, '0');

/** The store's text form of a position (see the event store's `Position`). */
export const positionOf = (sequence: number) => `${hex16(sequence)}-${hex16(0)}`;

export interface EnvelopeOverrides {
  officeCode?: string;
  recordedAt?: string;
  streamId?: string;
  caseId?: string | null;
  actor?: CaseEventInput['actor'];
  causationId?: string | null;
  eventId?: string;
  position?: string;
}

/**
 * A store for one test: each call appends the next event (positions in order, revisions per
 * stream), with the payload validated against the contracts' latest schema.
 */
export function eventLog(defaults: {
  caseId: string | null;
  officeCode: string;
  serviceStandard?: { code: string; version: number };
  /** Where this log's positions start (two logs in one test must not share positions). */
  firstPosition?: number;
}) {
  let sequence = (defaults.firstPosition ?? 1) - 1;
  const revisions = new Map<string, number>();
  return function event<T extends EventType>(
    type: T,
    occurredAt: string,
    payload: EventPayload<T> | Record<string, unknown>,
    envelope: EnvelopeOverrides = {},
  ): CaseEventInput {
    const definition = latestEventDefinition(type);
    const checked = validateEvent(type, definition.version, payload);
    if (!checked.ok) {
      throw new Error(`${type} payload is invalid: ${JSON.stringify(checked.issues)}`);
    }
    const caseId = envelope.caseId === undefined ? defaults.caseId : envelope.caseId;
    const p = checked.payload as Record<string, unknown>;
    const streamKey =
      definition.streamCategory === 'client'
        ? String(p.clientId)
        : definition.streamCategory === 'complaint'
          ? String(p.complaintId)
          : String(caseId);
    const streamId = envelope.streamId ?? `${definition.streamCategory}-${streamKey}`;
    const revision = (revisions.get(streamId) ?? -1) + 1;
    revisions.set(streamId, revision);
    sequence += 1;
    const officeCode = envelope.officeCode ?? defaults.officeCode;
    return {
      eventId: envelope.eventId ?? `00000000-0000-4000-8000-${String(sequence).padStart(12, '0')}`,
      type,
      schemaVersion: definition.version,
      streamId,
      streamRevision: revision,
      position: envelope.position ?? positionOf(sequence),
      ...(caseId !== null ? { caseId } : {}),
      officeCode,
      occurredAt,
      recordedAt: envelope.recordedAt ?? new Date(Date.parse(occurredAt) + 1000).toISOString(),
      actor: envelope.actor ?? { id: `service:${definition.context}`, role: 'service', officeCode },
      correlationId: 'correlation-1',
      causationId: envelope.causationId ?? null,
      ...(defaults.serviceStandard ? { serviceStandard: defaults.serviceStandard } : {}),
      payload: checked.payload,
    };
  };
}

/** Deep-frozen, so a spec notices any mutation by the fold. */
export function frozen<T>(value: T): T {
  if (value && typeof value === 'object') {
    for (const child of Object.values(value)) frozen(child);
    Object.freeze(value);
  }
  return value;
}
