import path from 'node:path';
import { everyEventDefinition } from '../catalogue/catalogue';
import { topicForContext } from '../catalogue/contexts';
import type { EventDefinition } from '../catalogue/define-event';
import { payloadJsonSchema, toDraft7, type JsonSchema } from '../catalogue/json-schema';
import {
  cloudEventsKafkaHeaders,
  cloudEventType,
  toKafkaMessage,
  type EventForWire,
} from '../cloudevents/kafka-binding';
import { PersonalFieldValue } from '../personal-data/personal-field';
import { compareSchemas, type SchemaChanges } from './schema-compatibility';
import { sameJson } from './same-json';

/**
 * What the breaking-change test holds the code to: the personal-field wire form, the CloudEvents
 * header mapping (its table and the headers it writes for a fixed event), and every event version
 * that is no longer provisional. Committed as libs/contracts/contract-snapshot.json.
 */
export interface ContractSnapshot {
  formatVersion: 1;
  personalFieldWireForm: JsonSchema;
  cloudEventsKafkaBinding: {
    headers: Array<{ header: string; attribute: string; required: boolean; from: string }>;
    example: { key: string; headers: Record<string, string> };
  };
  events: Record<string, EventSnapshot>;
}

export interface EventSnapshot {
  context: string;
  streamCategory: string;
  caseLink: string;
  topic: string;
  ceType: string;
  payload: JsonSchema;
}

export const snapshotPath = path.resolve(__dirname, '../../contract-snapshot.json');
export const writeSnapshotCommand =
  'node -r @swc-node/register libs/contracts/src/snapshot/write-snapshot.ts';

/** A fixed event: its headers pin what every header is written from. */
export const exampleEventForWire: EventForWire = {
  eventId: '0f8fad5b-d9cb-469f-a165-70867728950e',
  type: 'CaseOpened',
  schemaVersion: 1,
  streamId: 'intakeCase-3601-2025-000123',
  streamRevision: 4,
  caseId: '3601-2025-000123',
  subjectIds: ['7c9e6679-7425-40de-944b-e07fc1f90ae7', '16fd2706-8baf-433b-82eb-8c7fada847da'],
  officeCode: '3601',
  occurredAt: '2025-03-04T02:15:00.000Z',
  recordedAt: '2025-03-04T02:15:00.412Z',
  actor: { id: 'officer-17', role: 'intake-officer', officeCode: '3601' },
  correlationId: '6ba7b810-9dad-11d1-80b4-00c04fd430c8',
  causationId: '6ba7b811-9dad-11d1-80b4-00c04fd430c8',
  serviceStandard: { code: 'bekasi-layanan-rujukan', version: 1 },
  payload: {},
};

export function snapshotKey(definition: Pick<EventDefinition, 'type' | 'version'>): string {
  return `${definition.type}.v${definition.version}`;
}

export function buildContractSnapshot(
  definitions: readonly EventDefinition[] = everyEventDefinition,
): ContractSnapshot {
  const { key, headers } = toKafkaMessage(exampleEventForWire, { service: 'intake' });
  const events: Record<string, EventSnapshot> = {};
  for (const definition of definitions.filter((d) => !d.provisional)) {
    events[snapshotKey(definition)] = {
      context: definition.context,
      streamCategory: definition.streamCategory,
      caseLink: definition.caseLink,
      topic: topicForContext(definition.context),
      ceType: cloudEventType(definition.context, definition.type, definition.version),
      payload: payloadJsonSchema(definition),
    };
  }
  return {
    formatVersion: 1,
    personalFieldWireForm: toDraft7(PersonalFieldValue),
    cloudEventsKafkaBinding: {
      headers: cloudEventsKafkaHeaders.map(({ header, attribute, required, from }) => ({
        header,
        attribute,
        required,
        from,
      })),
      example: { key, headers },
    },
    events,
  };
}

/** Breaking and compatible differences from the committed snapshot to the current one. */
export function compareSnapshots(
  committed: ContractSnapshot,
  current: ContractSnapshot,
): SchemaChanges {
  const changes: SchemaChanges = { breaking: [], compatible: [] };
  const add = (found: SchemaChanges, prefix: string) => {
    changes.breaking.push(...found.breaking.map((change) => `${prefix}${change}`));
    changes.compatible.push(...found.compatible.map((change) => `${prefix}${change}`));
  };

  add(
    compareSchemas(committed.personalFieldWireForm, current.personalFieldWireForm),
    'personal-field wire form: ',
  );

  const binding = 'CloudEvents Kafka binding: ';
  const currentHeaders = new Map(current.cloudEventsKafkaBinding.headers.map((h) => [h.header, h]));
  const committedHeaders = new Map(
    committed.cloudEventsKafkaBinding.headers.map((h) => [h.header, h]),
  );
  for (const before of committedHeaders.values()) {
    const after = currentHeaders.get(before.header);
    if (!after) changes.breaking.push(`${binding}header ${before.header} removed`);
    else if (!sameJson(before, after)) {
      changes.breaking.push(
        `${binding}header ${before.header} changed from ${JSON.stringify(before)} to ${JSON.stringify(after)}`,
      );
    }
  }
  for (const after of currentHeaders.values()) {
    if (committedHeaders.has(after.header)) continue;
    (after.required ? changes.breaking : changes.compatible).push(
      `${binding}header ${after.header} added${after.required ? ' as required' : ''}`,
    );
  }
  const beforeExample = committed.cloudEventsKafkaBinding.example;
  const afterExample = current.cloudEventsKafkaBinding.example;
  if (beforeExample.key !== afterExample.key) {
    changes.breaking.push(`${binding}example key ${beforeExample.key} became ${afterExample.key}`);
  }
  for (const [header, value] of Object.entries(beforeExample.headers)) {
    if (afterExample.headers[header] !== value) {
      changes.breaking.push(
        `${binding}example header ${header} ${JSON.stringify(value)} became ${JSON.stringify(afterExample.headers[header])}`,
      );
    }
  }
  for (const header of Object.keys(afterExample.headers)) {
    if (!(header in beforeExample.headers))
      changes.compatible.push(`${binding}example header ${header} added`);
  }

  for (const [name, before] of Object.entries(committed.events)) {
    const after = current.events[name];
    if (!after) {
      changes.breaking.push(`${name}: no longer in the catalogue (or made provisional again)`);
      continue;
    }
    for (const key of ['context', 'streamCategory', 'caseLink', 'topic', 'ceType'] as const) {
      if (before[key] !== after[key])
        changes.breaking.push(`${name}: ${key} ${before[key]} became ${after[key]}`);
    }
    add(compareSchemas(before.payload, after.payload), `${name}: `);
  }
  for (const name of Object.keys(current.events)) {
    if (!(name in committed.events))
      changes.compatible.push(`${name}: fixed (added to the snapshot)`);
  }
  return changes;
}
