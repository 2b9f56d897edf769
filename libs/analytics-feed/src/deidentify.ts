import {
  ErasedField,
  findEventDefinition,
  getEventDefinition,
  isPersonalFieldValue,
  listPersonalFields,
  parseStreamId,
  validateEvent,
  type PersonalFieldLocation,
} from '@dinsos/contracts';
import type { RecordedEvent } from '@dinsos/event-store';
import { bantenOfficeDirectory, type OfficeDirectory } from '@dinsos/service-standards';
import {
  clearFieldRules,
  generaliseEducationLevel,
  type ClearFieldRule,
} from './rules/clear-fields';
import type { FieldDecryptor, FieldReading } from './rules/field-decryptor';
import { bandValue, generalisePlace, type GeneralisedPlace } from './rules/personal-rules';
import type { Pseudonymiser } from './rules/pseudonyms';

/** A de-identified value whose subject's key was erased: no key id, which would name the subject. */
export interface ErasedValue {
  erased: true;
}

/**
 * What the analysts' feed publishes for one stored event (the contracts' `DeidentifiedCaseEvent`
 * in docs/asyncapi.yaml). No name, NIK, address, file, narrative or id in clear: ids are
 * pseudonyms under the key `pseudonymKeyId` names.
 */
export interface DeidentifiedCaseEvent {
  eventRef: string;
  type: string;
  schemaVersion: number;
  streamCategory: string;
  caseRef?: string;
  subjectRefs: string[];
  officeCode: string;
  /** occurredAt as the owning office's calendar day. */
  occurredOn: string;
  actor: { role: string; officeCode: string };
  correlationRef: string;
  /** The eventRef of the event that caused this one. */
  causationRef?: string;
  serviceStandard?: { code: string; version: number };
  pseudonymKeyId: string;
  payload: Record<string, unknown>;
  /** Set when the payload could not be de-identified and was left out whole. */
  payloadWithheld?: 'unknownEventType' | 'invalidPayload';
}

/** A personal value the feed could not publish, for logs and metrics (never the value). */
export interface WithheldField {
  eventType: string;
  schemaVersion: number;
  path: string;
  reason: 'keyNotVisible' | 'integrity' | 'unusablePlaintext' | 'notInStoredForm';
}

export interface DeidentifyOptions {
  pseudonymiser: Pseudonymiser;
  /** Decrypts the fields the band and generalise rules need (`decryptThroughVault`). */
  decrypt: FieldDecryptor;
  /** Offices' time zones, for office days. Default: the Banten offices. */
  offices?: OfficeDirectory;
  onWithheld?: (field: WithheldField) => void;
}

export type StoredCaseEvent = Pick<
  RecordedEvent,
  | 'eventId'
  | 'type'
  | 'schemaVersion'
  | 'streamId'
  | 'caseId'
  | 'subjectIds'
  | 'officeCode'
  | 'occurredAt'
  | 'actor'
  | 'correlationId'
  | 'causationId'
  | 'serviceStandard'
  | 'payload'
>;

const OMIT = Symbol('omit');
type Result = unknown | typeof OMIT;

const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/i;

/**
 * The calendar day of an instant in the office's zone: the day a case's officers would name.
 * Times of day leave nothing in the feed: a found child's exact hour, with the office and an age
 * band, can match a news report. An office the directory does not know keeps the day as written.
 */
export function officeDayOf(instant: string, officeCode: string, offices: OfficeDirectory): string {
  if (offices.has(officeCode) && !Number.isNaN(Date.parse(instant))) {
    return offices.localDate(officeCode, instant);
  }
  return instant.slice(0, 10);
}

function join(path: string, segment: string): string {
  if (segment === '[]' || segment === '{}') return `${path}${segment}`;
  return path ? `${path}.${segment}` : segment;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Key order fixed, so the same value always has the same text (a pseudonym of a JSON value). */
function stableJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableJson).join(',')}]`;
  if (isPlainObject(value)) {
    return `{${Object.keys(value)
      .sort()
      .map((key) => `${JSON.stringify(key)}:${stableJson(value[key])}`)
      .join(',')}}`;
  }
  return JSON.stringify(value);
}

function clearRuleOf(key: string): ClearFieldRule | undefined {
  return Object.hasOwn(clearFieldRules, key) ? clearFieldRules[key] : undefined;
}

class PayloadDeidentifier {
  private readonly personal: Map<string, PersonalFieldLocation>;
  private readonly records: Set<string>;

  constructor(
    private readonly event: Pick<StoredCaseEvent, 'type' | 'schemaVersion' | 'officeCode'>,
    fields: PersonalFieldLocation[],
    private readonly eventDay: string,
    private readonly options: Required<
      Pick<DeidentifyOptions, 'pseudonymiser' | 'decrypt' | 'offices'>
    > &
      Pick<DeidentifyOptions, 'onWithheld'>,
  ) {
    this.personal = new Map(fields.map((field) => [field.path, field]));
    // A record's values are found by `{}` paths; a plain object is walked by property names.
    this.records = new Set(
      fields.flatMap((field) =>
        [...field.path.matchAll(/\{\}/g)].map((match) => field.path.slice(0, match.index)),
      ),
    );
  }

  async object(value: Record<string, unknown>, path: string): Promise<Record<string, unknown>> {
    const output: Record<string, unknown> = {};
    for (const [key, child] of Object.entries(value)) {
      const result = await this.value(child, join(path, key), key);
      if (result !== OMIT) output[key] = result;
    }
    return output;
  }

  private async value(value: unknown, path: string, key: string): Promise<Result> {
    if (value === undefined) return OMIT;
    const location = this.personal.get(path);
    if (location) return this.personalValue(location, value);
    if (Array.isArray(value)) return this.array(value, path, key);
    if (typeof value === 'string') return this.clearText(value, key);
    if (isPlainObject(value)) {
      if (this.records.has(path)) {
        const output: Record<string, unknown> = {};
        for (const [name, child] of Object.entries(value)) {
          const result = await this.value(child, join(path, '{}'), key);
          if (result !== OMIT) output[name] = result;
        }
        return output;
      }
      return this.object(value, path);
    }
    return value;
  }

  private async array(value: unknown[], path: string, key: string): Promise<Result> {
    const elementPath = join(path, '[]');
    const location = this.personal.get(elementPath);
    // A list whose every element is dropped goes whole: an empty list would claim there was none.
    if (location?.rule === 'drop') return OMIT;
    if (!location && clearRuleOf(key)?.rule === 'drop') return OMIT;
    const output: unknown[] = [];
    for (const element of value) {
      const result = await this.value(element, elementPath, key);
      if (result !== OMIT) output.push(result);
    }
    return output;
  }

  private clearText(value: string, key: string): Result {
    const rule = clearRuleOf(key);
    if (rule?.rule === 'drop') return OMIT;
    if (rule?.rule === 'pseudonymise')
      return this.options.pseudonymiser.pseudonym(rule.scope, value);
    if (rule?.rule === 'educationLevel') return generaliseEducationLevel(value) ?? OMIT;
    if (ISO_INSTANT.test(value)) {
      return officeDayOf(value, this.event.officeCode, this.options.offices);
    }
    return value;
  }

  private withheld(location: PersonalFieldLocation, reason: WithheldField['reason']): Result {
    this.options.onWithheld?.({
      eventType: this.event.type,
      schemaVersion: this.event.schemaVersion,
      path: location.path,
      reason,
    });
    return OMIT;
  }

  private async personalValue(location: PersonalFieldLocation, value: unknown): Promise<Result> {
    if (location.rule === 'drop') return OMIT;
    if (location.storage === 'clear') {
      // Subject references: the same pseudonym as in the envelope's subjectRefs.
      if (location.rule !== 'pseudonymise' || typeof value !== 'string' || value.length === 0) {
        return this.withheld(location, 'notInStoredForm');
      }
      return this.options.pseudonymiser.pseudonym('subject', value);
    }
    if (!isPersonalFieldValue(value)) return this.withheld(location, 'notInStoredForm');
    const reading: FieldReading = ErasedField.safeParse(value).success
      ? { status: 'erased' }
      : await this.options.decrypt(value);
    if (reading.status === 'erased') return { erased: true } satisfies ErasedValue;
    if (reading.status === 'withheld') return this.withheld(location, reading.reason);
    const plaintext = reading.value;
    switch (location.rule) {
      case 'pseudonymise':
        return this.options.pseudonymiser.pseudonym('value', stableJson(plaintext));
      case 'band':
        return bandValue(plaintext, this.eventDay) ?? this.withheld(location, 'unusablePlaintext');
      case 'generalise':
        return generalisePlace(plaintext) satisfies GeneralisedPlace;
    }
  }
}

/**
 * One stored event as the analysts' feed publishes it. Every personal field is treated by the
 * rule its contract marks it with (`listPersonalFields` of the event's stored version): drop
 * leaves it out, pseudonymise puts the keyed pseudonym in its place, band and generalise decrypt
 * it through `options.decrypt` and publish only the age band or the regency; an erased field
 * becomes `{ erased: true }` where a value would be published. Ids, printed references and staff
 * ids the contracts keep in clear follow `clearFieldRules`; every instant becomes its office day.
 * An event type or version the contracts do not know, or a payload that fails its schema, is
 * published with its envelope and no payload (`payloadWithheld`): nothing unknown leaves, and
 * the feed does not stop on an event the append-only store can never change.
 */
export async function deidentify(
  event: StoredCaseEvent,
  options: DeidentifyOptions,
): Promise<DeidentifiedCaseEvent> {
  const offices = options.offices ?? bantenOfficeDirectory;
  const { pseudonymiser } = options;
  const occurredOn = officeDayOf(event.occurredAt, event.officeCode, offices);
  const envelope: DeidentifiedCaseEvent = {
    eventRef: pseudonymiser.pseudonym('event', event.eventId),
    type: event.type,
    schemaVersion: event.schemaVersion,
    streamCategory: parseStreamId(event.streamId).category,
    ...(event.caseId ? { caseRef: pseudonymiser.pseudonym('case', event.caseId) } : {}),
    subjectRefs: event.subjectIds.map((id) => pseudonymiser.pseudonym('subject', id)).sort(),
    officeCode: event.officeCode,
    occurredOn,
    actor: { role: event.actor.role, officeCode: event.actor.officeCode },
    // Pseudonymised, not dropped: analysts follow a request's events and a reaction's cause
    // (a causationRef is its cause's eventRef), and cannot join them to logs, which carry the ids.
    correlationRef: pseudonymiser.pseudonym('correlation', event.correlationId),
    ...(event.causationId
      ? { causationRef: pseudonymiser.pseudonym('event', event.causationId) }
      : {}),
    ...(event.serviceStandard
      ? {
          serviceStandard: {
            code: event.serviceStandard.code,
            version: Number(event.serviceStandard.version),
          },
        }
      : {}),
    pseudonymKeyId: pseudonymiser.keyId,
    payload: {},
  };
  const definition = findEventDefinition(event.type, event.schemaVersion);
  if (!definition) return { ...envelope, payloadWithheld: 'unknownEventType' };
  // Validated first: what the schema does not know (a key a newer writer added) never leaves.
  const validated = validateEvent(event.type, event.schemaVersion, event.payload);
  if (!validated.ok) return { ...envelope, payloadWithheld: 'invalidPayload' };
  return {
    ...envelope,
    payload: await deidentifyPayload({ ...event, payload: validated.payload }, options),
  };
}

/**
 * The payload part of {@link deidentify}, on a payload taken as valid for its type and version
 * (deidentify validates first; tests give partial payloads to reach one field at a time).
 */
export async function deidentifyPayload(
  event: Pick<StoredCaseEvent, 'type' | 'schemaVersion' | 'officeCode' | 'occurredAt'> & {
    payload: Record<string, unknown>;
  },
  options: DeidentifyOptions,
): Promise<Record<string, unknown>> {
  const offices = options.offices ?? bantenOfficeDirectory;
  const definition = getEventDefinition(event.type, event.schemaVersion);
  const deidentifier = new PayloadDeidentifier(
    event,
    listPersonalFields(definition.payload),
    officeDayOf(event.occurredAt, event.officeCode, offices),
    { ...options, offices },
  );
  return deidentifier.object(event.payload, '');
}

/** The Kafka key of a feed message: the case pseudonym, else the pseudonym of the stream's id. */
export function feedKeyOf(
  event: Pick<StoredCaseEvent, 'caseId' | 'streamId'>,
  pseudonymiser: Pseudonymiser,
): string {
  return event.caseId
    ? pseudonymiser.pseudonym('case', event.caseId)
    : pseudonymiser.pseudonym('record', parseStreamId(event.streamId).id);
}
