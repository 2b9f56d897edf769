import type { z } from 'zod';
import { assessmentEvents } from '../events/assessment';
import { auditEvents } from '../events/audit';
import { complaintEvents } from '../events/complaints';
import { intakeEvents, supersededIntakeEvents } from '../events/intake';
import { placementEvents } from '../events/placement';
import { tracingEvents } from '../events/tracing';
import { UnknownEventTypeError, type SchemaIssue } from '../errors';
import {
  listPersonalFields,
  type PersonalFieldLocation,
} from '../personal-data/list-personal-fields';
import { contextNames, topicForContext, type ContextName } from './contexts';
import type { EventDefinition } from './define-event';

/** The latest version of every event type: what services write today. */
export const currentEventDefinitions = [
  ...intakeEvents,
  ...assessmentEvents,
  ...tracingEvents,
  ...placementEvents,
  ...complaintEvents,
] as const;

/**
 * The read side's own records (audit's access records): in the catalogue (found, validated,
 * upcast), on the wire, in the AsyncAPI document and the snapshot like any event, but never
 * events of a case (no envelope caseId). So they stay out of `EventType` (the case events that
 * case views each have words for) and out of `allEventDefinitions` (the case events the analysts'
 * feed rules every field of): `everyEventDefinition` holds both.
 */
export const readSideEventDefinitions = [...auditEvents] as const;

/** Older versions that may still be stored (and published); read through `upcast`. */
export const supersededEventDefinitions = [...supersededIntakeEvents] as const;

type CurrentDefinition = (typeof currentEventDefinitions)[number];
type AnyDefinition = CurrentDefinition | (typeof supersededEventDefinitions)[number];

export type EventType = CurrentDefinition['type'];
/** The payload type of the latest version of an event, as services write it. */
export type EventPayload<T extends EventType> = z.output<
  Extract<CurrentDefinition, { type: T }>['payload']
>;
/** The payload type of one stored version of an event. */
export type EventPayloadOfVersion<T extends EventType, V extends number> = z.output<
  Extract<AnyDefinition, { type: T; version: V }>['payload']
>;

function byContextTypeVersion(a: EventDefinition, b: EventDefinition): number {
  return (
    contextNames.indexOf(a.context) - contextNames.indexOf(b.context) ||
    a.type.localeCompare(b.type) ||
    a.version - b.version
  );
}

/** Every version of every case event, in a stable order (context, type, version). */
export const allEventDefinitions: readonly EventDefinition[] = [
  ...currentEventDefinitions,
  ...supersededEventDefinitions,
].sort(byContextTypeVersion);

/** Case events and the read side's records, in the same order: what the wire and documents cover. */
export const everyEventDefinition: readonly EventDefinition[] = [
  ...allEventDefinitions,
  ...readSideEventDefinitions,
].sort(byContextTypeVersion);

const definitionsByKey = new Map<string, EventDefinition>();
const latestByType = new Map<string, EventDefinition>();
const readSideTypes = new Set<string>(
  readSideEventDefinitions.map((definition) => definition.type),
);
for (const definition of everyEventDefinition) {
  const key = `${definition.type}@${definition.version}`;
  if (definitionsByKey.has(key)) throw new Error(`event ${key} is defined twice`);
  definitionsByKey.set(key, definition);
}
for (const definition of [...currentEventDefinitions, ...readSideEventDefinitions]) {
  if (latestByType.has(definition.type)) {
    throw new Error(`${definition.type} has two current versions`);
  }
  latestByType.set(definition.type, definition);
}
for (const definition of supersededEventDefinitions) {
  const latest = latestByType.get(definition.type);
  if (!latest || latest.version <= definition.version || latest.context !== definition.context) {
    throw new Error(`superseded ${definition.type} v${definition.version} has no later version`);
  }
}

export function isEventType(type: string): type is EventType {
  return latestByType.has(type) && !readSideTypes.has(type);
}

export function findEventDefinition(type: string, version: number): EventDefinition | undefined {
  return definitionsByKey.get(`${type}@${version}`);
}

/** The definition of one version of an event; throws {@link UnknownEventTypeError}. */
export function getEventDefinition(type: string, version: number): EventDefinition {
  const definition = findEventDefinition(type, version);
  if (!definition) throw new UnknownEventTypeError(type, version);
  return definition;
}

export function latestEventDefinition(type: string): EventDefinition {
  const definition = latestByType.get(type);
  if (!definition) throw new UnknownEventTypeError(type);
  return definition;
}

export function latestSchemaVersion(type: string): number {
  return latestEventDefinition(type).version;
}

/** All versions of one event type, oldest first. */
export function eventVersions(type: string): EventDefinition[] {
  return everyEventDefinition.filter((definition) => definition.type === type);
}

export function owningContextOf(type: string): ContextName {
  return latestEventDefinition(type).context;
}

export function topicForEventType(type: string): string {
  return topicForContext(owningContextOf(type));
}

export function eventDefinitionsOfContext(context: ContextName): EventDefinition[] {
  return everyEventDefinition.filter((definition) => definition.context === context);
}

/** The personal fields of one version of an event: path, class, rule, storage. */
export function personalFieldsOf(type: string, version: number): PersonalFieldLocation[] {
  return listPersonalFields(getEventDefinition(type, version).payload);
}

export type ValidationResult<T = Record<string, unknown>> =
  { ok: true; payload: T } | { ok: false; issues: SchemaIssue[] };

export function issuesOf(error: z.ZodError): SchemaIssue[] {
  return error.issues.map((issue) => ({
    path: issue.path.length ? issue.path.map(String).join('.') : '(root)',
    message: issue.message,
  }));
}

/**
 * Checks a payload against one version's schema. Unknown keys are dropped from the returned
 * payload (a newer producer may add optional fields). An unknown type or version is a
 * programming error and throws {@link UnknownEventTypeError}.
 */
export function validateEvent<T extends EventType, V extends number>(
  type: T,
  version: V,
  payload: unknown,
): ValidationResult<EventPayloadOfVersion<T, V>>;
export function validateEvent(type: string, version: number, payload: unknown): ValidationResult;
export function validateEvent(type: string, version: number, payload: unknown): ValidationResult {
  const result = getEventDefinition(type, version).payload.safeParse(payload);
  return result.success
    ? { ok: true, payload: result.data as Record<string, unknown> }
    : { ok: false, issues: issuesOf(result.error) };
}
