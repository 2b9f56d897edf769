import type { PseudonymScope } from './pseudonyms';

/**
 * What the feed does with payload fields the contracts do not mark as personal but which still
 * identify something outside the feed. The contracts' personal marks say what belongs to a
 * person; these say what would let an analyst join the feed back to the case files, the
 * officers or a document on paper. Matched by property name, on string values (or arrays of
 * strings) only. A unit test walks the whole catalogue and fails on any clear text field that is
 * neither here nor in {@link keptClearFields}, so a new field is decided on, never let through by
 * default.
 */
export type ClearFieldRule =
  | { rule: 'pseudonymise'; scope: PseudonymScope }
  | { rule: 'drop'; why: string }
  | { rule: 'educationLevel' };

const caseRef: ClearFieldRule = { rule: 'pseudonymise', scope: 'case' };
const recordRef: ClearFieldRule = { rule: 'pseudonymise', scope: 'record' };
const staff: ClearFieldRule = {
  rule: 'drop',
  why: 'an officer, as the envelope actor id: the feed keeps roles and offices, not people',
};
const printed: ClearFieldRule = {
  rule: 'drop',
  why: 'a reference that exists outside the system (a printed letter number, a channel reference, a message id, a document hash): it would find the paper or the sender',
};

export const clearFieldRules: Readonly<Record<string, ClearFieldRule>> = {
  // A case number is the case id: both give the case's caseRef, so analysts can link them.
  caseNumber: caseRef,
  caseId: caseRef,
  referredFromCaseId: caseRef,
  // The event a complaint contests: its eventRef, the same the contested event carries.
  eventId: { rule: 'pseudonymise', scope: 'event' },
  // Random ids of records inside a case: pseudonymised so records still link within the feed.
  candidateId: recordRef,
  complaintId: recordRef,
  concernId: recordRef,
  consentId: recordRef,
  duplicateOf: recordRef,
  evidenceInquiryIds: recordRef,
  inquiryId: recordRef,
  referralId: recordRef,
  safetyAssessmentId: recordRef,
  approvedBy: staff,
  officerId: staff,
  previousAssignee: staff,
  previousOfficerId: staff,
  previousSocialWorkerId: staff,
  socialWorkerId: staff,
  complaintNumber: printed,
  coveringLetterNumber: printed,
  letterNumber: printed,
  messageId: printed,
  number: printed,
  sha256: printed,
  value: printed,
  // ReportReceived v1's source is free text as the officer typed it: it may name the reporter.
  source: { rule: 'drop', why: 'free text typed by an officer that may name a person' },
  // The contracts say the education level is generalised in the feed: `SD kelas 4` → `SD`.
  level: { rule: 'educationLevel' },
};

/**
 * Clear text fields that leave the feed as they are: codes, kinds, organisations, office and
 * region codes, and the reasons the contracts require to hold no personal data. Dates and
 * instants are not listed: every instant becomes its office day, dates stay.
 */
export const keptClearFields: readonly string[] = [
  'clock',
  'closedBy',
  'closesOn',
  'code',
  'eventType',
  'explanation',
  'field',
  'forwardedTo',
  'fromOfficeCode',
  'issuer',
  'name',
  'noFamilyConsentReason',
  'note',
  'officeCode',
  'organisation',
  'owningOfficeCode',
  'place',
  'position',
  'reason',
  'receivingOfficeCode',
  'recommendation',
  'recordedFrom',
  'regionCode',
  'relation',
  'relationClaimed',
  'relationship',
  'startedBy',
  'step',
  'steps',
  'stoppedBy',
  'summary',
  'templateCode',
  'toOfficeCode',
  'unit',
];

/** School levels as officers write them (`SD kelas 4`, `SMP`, `Paket B`): the first word names the level. */
const educationLevels = new Map(
  ['PAUD', 'TK', 'RA', 'SD', 'MI', 'SMP', 'MTS', 'SMA', 'SMK', 'MA', 'SLB', 'PAKET'].map(
    (level) => [level, level === 'MTS' ? 'MTs' : level === 'PAKET' ? 'Paket' : level],
  ),
);

/** The level without the grade or the school's name; undefined (left out) when not a known level. */
export function generaliseEducationLevel(level: string): string | undefined {
  const first = level
    .trim()
    .split(/[\s/.,-]+/)[0]
    ?.toUpperCase();
  return first ? educationLevels.get(first) : undefined;
}
