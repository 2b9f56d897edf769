/**
 * A store position as callers hold it: the store's text form, or its `Position` object (whose
 * `toString()` gives that text). Positions are compared as text, which the store's text form is
 * built for (two fixed-width hex numbers): comparing the texts gives the store's global order.
 */
export type PositionInput = string | { toString(): string };

/**
 * One event as the store gives it, payload already upcast to the latest schema version.
 * Structurally a subset of the event store's `RecordedEvent` (checked by a spec), so callers
 * pass stored events as they are; the hash chain and subject ids are not needed here.
 */
export interface CaseEventInput {
  readonly eventId: string;
  readonly type: string;
  readonly schemaVersion: number;
  readonly streamId: string;
  readonly streamRevision: number;
  readonly position: PositionInput;
  /** Absent for events of no case (a complaint that names none). */
  readonly caseId?: string | null;
  /** The owning office when the event was appended. */
  readonly officeCode: string;
  readonly occurredAt: string;
  /** Not monotonic in position: "as of T" filters on it, it never orders. */
  readonly recordedAt: string;
  readonly actor: { readonly id: string; readonly role: string; readonly officeCode: string };
  readonly correlationId: string;
  readonly causationId: string | null;
  readonly serviceStandard?: { readonly code: string; readonly version: string | number } | null;
  readonly payload: unknown;
}

export function positionText(position: PositionInput): string {
  return typeof position === 'string' ? position : position.toString();
}

/** Negative when a is before b in the store's global order. */
export function comparePositions(a: PositionInput, b: PositionInput): number {
  const left = positionText(a);
  const right = positionText(b);
  return left < right ? -1 : left > right ? 1 : 0;
}

/**
 * How far an "as of" fold reads: up to and including a position, or the events recorded at or
 * before an instant. `recordedAt` is not monotonic in position, so the latter filters the
 * events rather than cutting the sequence (DESIGN.md section 4).
 */
export type AsOf = { position: PositionInput } | { recordedAt: string };

export function isWithin(event: Pick<CaseEventInput, 'position' | 'recordedAt'>, asOf?: AsOf) {
  if (!asOf) return true;
  if ('position' in asOf) return comparePositions(event.position, asOf.position) <= 0;
  return Date.parse(event.recordedAt) <= Date.parse(asOf.recordedAt);
}
