import { AddressBody, PersonBody } from '@dinsos/platform';
import { z } from 'zod';
import { LocalDay, RecordedInstant, SignatoryBody } from '../placement/placement.requests';

const text = (max: number) => z.string().trim().min(1).max(max);

/** A family member: one tracing found (by personId), or named here. */
export const FamilyMemberBody = PersonBody.extend({
  personId: z
    .string()
    .min(1)
    .max(100)
    .optional()
    .describe('A family member tracing found (their personId); absent: a new person'),
  relationship: text(100),
});
export type FamilyMemberBody = z.infer<typeof FamilyMemberBody>;

export const SafetyAssessmentBody = z.strictObject({
  family: z.array(FamilyMemberBody).min(1).max(10),
  outcome: z.enum(['safe', 'safeWithConditions', 'unsafe']),
  assessedOn: LocalDay,
  findings: text(20_000),
  conditions: text(20_000).optional(),
});
export type SafetyAssessmentBody = z.infer<typeof SafetyAssessmentBody>;

export const ArrangeReturnHomeBody = z.strictObject({
  safetyAssessmentId: text(100),
  /** Absent: the family members the safety assessment covered. */
  receivingFamily: z.array(FamilyMemberBody).min(1).max(10).optional(),
  destination: AddressBody,
  plannedAt: z.iso.datetime({ offset: true }),
  escorts: z.array(SignatoryBody).min(1).max(10),
  childView: text(20_000).describe("The child's own view of going home"),
});
export type ArrangeReturnHomeBody = z.infer<typeof ArrangeReturnHomeBody>;

export const ReturnHomeBody = z.strictObject({
  returnedAt: RecordedInstant,
  place: text(500).describe('Where the client was handed to the family'),
  officer: SignatoryBody.describe('The officer who returns the client (PIHAK PERTAMA)'),
  witnesses: z.array(SignatoryBody).max(10).default([]),
  notes: text(5000).optional(),
});
export type ReturnHomeBody = z.infer<typeof ReturnHomeBody>;
