import type { Actor } from '@dinsos/event-store';

/**
 * Why personal data is being read. Every decryption names one, with the actor, so that recorded
 * reads (a later issue) and consent checks can hook in at the single place decryption happens.
 */
export const dataAccessPurposes = [
  'caseHandling',
  'familyTracing',
  'documentIssuing',
  'complaintHandling',
  'audit',
  'dataSubjectRequest',
  /** The analysts' feed: reads a value only to publish a coarser one (an age band, a regency). */
  'deidentification',
] as const;
export type DataAccessPurpose = (typeof dataAccessPurposes)[number];

export interface DataAccess {
  actor: Actor;
  purpose: DataAccessPurpose;
}

/** What is recorded about one decryption: who, why, whose key; never a value. */
export interface DataAccessRecord {
  actor: Actor;
  purpose: DataAccessPurpose;
  keyId: string;
  subjectId: string;
  what: 'field' | 'file';
  outcome: 'read' | 'erased';
}

export class DataAccessRefusedError extends Error {
  constructor(reason: string) {
    super(`personal data access refused: ${reason}`);
    this.name = 'DataAccessRefusedError';
  }
}

const OFFICE_CODE = /^\d{2}(\d{2})?$/;

/**
 * Checks who asks and why. Analysts never read personal data: they get the de-identified feed.
 * Finer rules (office scope, consent) come with recorded reads, through `recordAccess`.
 */
export function assertDataAccess(access: DataAccess): void {
  const actor = access?.actor;
  if (!actor || typeof actor !== 'object') throw new DataAccessRefusedError('no actor');
  for (const field of ['id', 'role', 'officeCode'] as const) {
    if (typeof actor[field] !== 'string' || actor[field].length === 0) {
      throw new DataAccessRefusedError(`actor.${field} is missing`);
    }
  }
  if (!OFFICE_CODE.test(actor.officeCode))
    throw new DataAccessRefusedError('actor.officeCode is not an office code');
  if (!(dataAccessPurposes as readonly string[]).includes(access.purpose)) {
    throw new DataAccessRefusedError(`unknown purpose ${JSON.stringify(access.purpose)}`);
  }
  if (actor.role === 'analyst') {
    throw new DataAccessRefusedError('analysts read the de-identified feed, never personal data');
  }
}
