import {
  getEventDefinition,
  issuesOf,
  latestEventDefinition,
  type EventPayload,
  type EventType,
} from '../catalogue/catalogue';
import { SchemaViolationError } from '../errors';
import { upcastReportReceivedV1ToV2 } from './report-received-v1-to-v2';

/** Turns a payload of `fromVersion` into one of `fromVersion + 1`. */
export interface Upcaster {
  type: string;
  fromVersion: number;
  upcast(payload: Record<string, unknown>): Record<string, unknown>;
}

function upcaster<I, O>(type: EventType, fromVersion: number, fn: (payload: I) => O): Upcaster {
  return {
    type,
    fromVersion,
    upcast: (payload) => fn(payload as I) as Record<string, unknown>,
  };
}

/** Every upcaster; each superseded version has exactly one (a test checks it). */
export const upcasters: readonly Upcaster[] = [
  upcaster('ReportReceived', 1, upcastReportReceivedV1ToV2),
];

function findUpcaster(type: string, fromVersion: number): Upcaster | undefined {
  return upcasters.find((u) => u.type === type && u.fromVersion === fromVersion);
}

export interface UpcastResult<P = Record<string, unknown>> {
  schemaVersion: number;
  payload: P;
}

function parseAgainst(type: string, version: number, payload: unknown): Record<string, unknown> {
  const result = getEventDefinition(type, version).payload.safeParse(payload);
  if (!result.success) throw new SchemaViolationError(type, version, issuesOf(result.error));
  return result.data as Record<string, unknown>;
}

/**
 * Reads a stored payload of any version as the latest version: checks it against its own
 * version's schema, applies the upcasters in order, and checks the result against the latest.
 * Throws UnknownEventTypeError or SchemaViolationError.
 */
export function upcast<T extends EventType>(
  type: T,
  version: number,
  payload: unknown,
): UpcastResult<EventPayload<T>>;
export function upcast(type: string, version: number, payload: unknown): UpcastResult;
export function upcast(type: string, version: number, payload: unknown): UpcastResult {
  const latest = latestEventDefinition(type);
  // The latest version already: one check (a payload its schema accepted, it accepts again).
  if (version === latest.version)
    return { schemaVersion: version, payload: parseAgainst(type, version, payload) };
  let current = parseAgainst(type, version, payload);
  for (let v = version; v < latest.version; v++) {
    const step = findUpcaster(type, v);
    if (!step) throw new Error(`no upcaster for ${type} v${v} → v${v + 1}`);
    current = step.upcast(current);
  }
  return { schemaVersion: latest.version, payload: parseAgainst(type, latest.version, current) };
}
