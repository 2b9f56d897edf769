import {
  latestSchemaVersion,
  personalFieldsOf,
  validateEvent,
  type EventPayload,
  type EventType,
} from '@dinsos/contracts';
import type { Decider, DomainEvent } from '../commands/decider';

/** An event of the catalogue as a decider returns it: type, payload, and its data subjects. */
export interface CataloguedEvent<T extends EventType = EventType> {
  type: T;
  payload: EventPayload<T>;
  subjectIds: string[];
}

function valuesAt(value: unknown, segments: readonly string[]): unknown[] {
  if (segments.length === 0) return [value];
  if (value === null || typeof value !== 'object') return [];
  const [segment, ...rest] = segments;
  const isArray = segment.endsWith('[]');
  const key = isArray ? segment.slice(0, -2) : segment;
  const child = key === '' ? value : (value as Record<string, unknown>)[key];
  if (!isArray) return valuesAt(child, rest);
  return Array.isArray(child) ? child.flatMap((item) => valuesAt(item, rest)) : [];
}

/**
 * Every data subject a payload names (client, reporter, escorts, family…): the subject
 * references the contracts mark in the event's schema, so the envelope's subjectIds never miss
 * one. Sorted, without repeats.
 */
export function subjectIdsOf(type: EventType, payload: object): string[] {
  const references = personalFieldsOf(type, latestSchemaVersion(type)).filter(
    (field) => field.storage === 'clear',
  );
  const found = new Set<string>();
  for (const reference of references) {
    for (const value of valuesAt(payload, reference.path.split('.'))) {
      if (typeof value === 'string' && value.length > 0) found.add(value);
    }
  }
  return [...found].sort();
}

/** A catalogued event with its subjects. */
export function cataloguedEvent<T extends EventType>(
  type: T,
  payload: EventPayload<T>,
): CataloguedEvent<T> {
  return { type, payload, subjectIds: subjectIdsOf(type, payload) };
}

/** A decided event that the catalogue refuses: a bug, never the officer's input (HTTP 500). */
export class UncataloguedEventError extends Error {
  constructor(type: string, problems: string[]) {
    super(`decided ${type} does not validate against the contracts: ${problems.join('; ')}`);
    this.name = 'UncataloguedEventError';
  }
}

/**
 * The decider, with every event it decides checked against the contracts catalogue before it
 * can be appended. A personal field's schema accepts only the encrypted form, so a value left in
 * plaintext by mistake fails here and never reaches the store or Kafka.
 */
export function checkedAgainstCatalogue<C, S, E extends DomainEvent>(
  decider: Decider<C, S, E>,
): Decider<C, S, E> {
  return {
    ...decider,
    decide(command, state) {
      const decided = decider.decide(command, state);
      for (const event of decided) {
        const result = validateEvent(event.type, latestSchemaVersion(event.type), event.payload);
        if (!result.ok) {
          throw new UncataloguedEventError(
            event.type,
            result.issues.map((issue) => `${issue.path}: ${issue.message}`),
          );
        }
      }
      return decided;
    },
  };
}

/** A copy without `undefined`-valued fields, at any depth: payloads leave optional fields out. */
function withoutUndefined<T>(value: T): T {
  if (Array.isArray(value)) return value.map(withoutUndefined) as T;
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.entries(value)
      .filter(([, field]) => field !== undefined)
      .map(([key, field]) => [key, withoutUndefined(field)]),
  ) as T;
}

/**
 * A catalogued event whose payload carries no `undefined`-valued field at any depth: for deciders
 * that spread optional command fields into a payload (the contracts' schemas leave them out).
 */
export function recordedEvent<T extends EventType>(
  type: T,
  payload: EventPayload<T>,
): CataloguedEvent<T> {
  return cataloguedEvent(type, withoutUndefined(payload));
}
