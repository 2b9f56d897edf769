import type { AuthenticatedActor } from '../roles/roles';

/** Kemendagri code of an office: 2 digits for a province (`36`), 4 for a regency or city (`3603`). */
const OFFICE_CODE = /^\d{2}(\d{2})?$/;

export function isOfficeCode(value: unknown): value is string {
  return typeof value === 'string' && OFFICE_CODE.test(value);
}

/**
 * Whether an office's staff see another office's cases: every office sees its own; a province
 * (`36`) also sees its regencies and cities (`36xx`); a regency sees only itself.
 */
export function officeCovers(actorOfficeCode: string, officeCode: string): boolean {
  if (!isOfficeCode(actorOfficeCode) || !isOfficeCode(officeCode)) return false;
  if (actorOfficeCode === officeCode) return true;
  return (
    actorOfficeCode.length === 2 &&
    officeCode.length === 4 &&
    officeCode.startsWith(actorOfficeCode)
  );
}

/** A case's owning office and the offices that kept read access after a transfer. */
export interface CaseOwnership {
  caseId: string;
  owningOfficeCode: string;
  readGrantOfficeCodes: readonly string[];
}

/** `act`: may read and send commands; `read`: may only read; `none`: must not learn the case exists. */
export type CaseAccess = 'act' | 'read' | 'none';

/**
 * The office-scope rule, in one place:
 * - analysts (event feeds only) and admins (system settings) have no access to case data;
 * - auditors read the cases their office covers, never act;
 * - officers and supervisors act on the cases their office covers, and read the cases their
 *   office handed over by a transfer (a read grant).
 */
export function caseAccessOf(actor: AuthenticatedActor, ownership: CaseOwnership): CaseAccess {
  if (actor.role === 'analyst' || actor.role === 'admin') return 'none';
  const owns = officeCovers(actor.officeCode, ownership.owningOfficeCode);
  const granted = ownership.readGrantOfficeCodes.some((office) =>
    officeCovers(actor.officeCode, office),
  );
  if (actor.role === 'auditor') return owns || granted ? 'read' : 'none';
  if (owns) return 'act';
  return granted ? 'read' : 'none';
}

/** Whether an actor may act for an office that has no case yet (e.g. register a new report). */
export function mayActForOffice(actor: AuthenticatedActor, officeCode: string): boolean {
  if (actor.role === 'analyst' || actor.role === 'admin' || actor.role === 'auditor') return false;
  return officeCovers(actor.officeCode, officeCode);
}

/**
 * The SQL LIKE pattern of the office codes an actor sees, for list queries of read models:
 * `36%` for the province, `3603` for a regency.
 */
export function visibleOfficePattern(actor: Pick<AuthenticatedActor, 'officeCode'>): string {
  if (!isOfficeCode(actor.officeCode)) throw new Error(`not an office code: ${actor.officeCode}`);
  return actor.officeCode.length === 2 ? `${actor.officeCode}%` : actor.officeCode;
}
