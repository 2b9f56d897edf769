import { FamilyFoundV1, SafetyConcernKind } from '@dinsos/contracts';
import { AddressBody, PersonBody } from '@dinsos/platform';
import { z } from 'zod';

/**
 * What tracing officers and supervisors send about possible family members and the outcome.
 * Strict and bounded: sizes stay below the contracts' limits (a narrative holds at most 20,000
 * characters, and `knownOfClient` is the JSON of `known`), so whatever is accepted is stored.
 */

const Text = (description: string, max = 5000) =>
  z.string().trim().min(1).max(max).describe(description);
const Name = z.string().trim().min(1).max(200);
const Years = z.int().min(0).max(130);
const Id = z.string().trim().min(1).max(100);
const Place = z
  .string()
  .trim()
  .min(1)
  .max(200)
  .describe('A village, kecamatan or town name, or a Kemendagri region code (32.16 or 3216…)');

/** The relation a possible family member claims: it also says which ages fit. */
export const RelationClaimed = z
  .enum(['mother', 'father', 'grandmother', 'grandfather', 'uncle', 'aunt', 'sibling', 'other'])
  .describe('The relation the possible family member claims to the client');
export type RelationClaimed = z.infer<typeof RelationClaimed>;

/**
 * What is known of the client, as the officer takes it from the assessment and intake records
 * and the child's own account (entered by hand for now; prefilling it from intake's and
 * assessment's events is a later step).
 */
export const KnownOfClientBody = z.strictObject({
  clientNames: z
    .array(Name)
    .min(1)
    .max(10)
    .describe('Names the client is called by: full name, nicknames, street names'),
  fatherName: Name.optional().describe("The father's name as the child gives it"),
  motherName: Name.optional().describe("The mother's name as the child gives it"),
  places: z.array(Place).max(10).optional().describe('Places the child mentions'),
  estimatedAgeYears: Years.optional().describe("The client's estimated age in years"),
});
export type KnownOfClientBody = z.infer<typeof KnownOfClientBody>;

/** What the possible family says of itself and of the child. */
export const FamilyAccountBody = z.strictObject({
  ageYears: Years.optional().describe("The candidate's own age in years"),
  places: z
    .array(Place)
    .max(10)
    .optional()
    .describe("Place names of the family's home, beside the region codes of the person's address"),
  clientName: Name.optional().describe("The child's name as the family gives it"),
  clientAgeYears: Years.optional().describe("The child's age as the family gives it"),
  clientFatherName: Name.optional().describe(
    "The child's father's name as the family gives it (when the candidate is not the father)",
  ),
  clientMotherName: Name.optional().describe(
    "The child's mother's name as the family gives it (when the candidate is not the mother)",
  ),
});
export type FamilyAccountBody = z.infer<typeof FamilyAccountBody>;

/** Propose a possible family member: scored against what is known of the client. */
export const ProposeCandidateBody = z.strictObject({
  person: PersonBody.extend({ name: Name.describe('Full name') }).describe(
    'The possible family member: encrypted under a key of their own',
  ),
  relationClaimed: RelationClaimed,
  family: FamilyAccountBody.default({}),
  known: KnownOfClientBody,
});
export type ProposeCandidateBody = z.infer<typeof ProposeCandidateBody>;

export const SafetyConcernBody = z.strictObject({
  kind: SafetyConcernKind,
  details: Text('What the concern is', 20_000),
});
export type SafetyConcernBody = z.infer<typeof SafetyConcernBody>;

/** Why: a supervisor's clearance, a do-not-contact mark, a reopening (personal: encrypted). */
export const ReasonBody = z.strictObject({ reason: Text('Why', 20_000) });
export type ReasonBody = z.infer<typeof ReasonBody>;

export const DecisionBody = z.strictObject({
  decision: z.enum(['confirmed', 'rejected']),
  reason: Text('Why (required when rejected)', 20_000).optional(),
  childView: Text("The child's own view of this family", 20_000),
});
export type DecisionBody = z.infer<typeof DecisionBody>;

/** How the family was verified: the contract's own list (Disdukcapil, a village letter…). */
const FamilyVerification = FamilyFoundV1.payload.shape.verifiedBy.element;

/** A member of the family found; the candidate proposed keeps their own person (and key). */
export const FamilyMemberBody = PersonBody.extend({
  candidateId: Id.optional().describe(
    'When this member is a possible family member proposed in this tracing: their candidateId, so the person (and their key) stays one',
  ),
});
export type FamilyMemberBody = z.infer<typeof FamilyMemberBody>;

export const FamilyFoundBody = z.strictObject({
  candidateId: Id.describe('The confirmed candidate'),
  familyMembers: z
    .array(FamilyMemberBody)
    .min(1)
    .max(10)
    .refine((members) => {
      const named = members.flatMap((member) => (member.candidateId ? [member.candidateId] : []));
      return new Set(named).size === named.length;
    }, 'each candidate once'),
  relation: Text('How the family is related to the client, e.g. mother and father', 100),
  address: AddressBody.describe("The family's address (where the client goes home)"),
  verifiedBy: z
    .array(FamilyVerification)
    .min(1)
    .max(FamilyVerification.options.length)
    .refine((ways) => new Set(ways).size === ways.length, 'each way once'),
  evidenceInquiryIds: z.array(Id).max(50).default([]).describe('The answered inquiries'),
  childView: Text("The child's own view of going home", 20_000),
});
export type FamilyFoundBody = z.infer<typeof FamilyFoundBody>;

export const FamilyNotFoundBody = z.strictObject({
  reason: Text('Why the family cannot be found: about the tracing, no personal data', 1000),
});
export type FamilyNotFoundBody = z.infer<typeof FamilyNotFoundBody>;

/**
 * Path parameters. No type of the same name: a parameter typed like its schema would be recorded
 * as the schema object, which OpenAPI takes for a class (ValidParams, unlike ValidQuery, does not
 * correct it); routes type them as `z.infer<typeof …>`.
 */
export const CandidateParams = z.strictObject({ caseId: Id, candidateId: Id });
export const ConcernParams = z.strictObject({ caseId: Id, concernId: Id });
