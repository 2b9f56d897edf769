import {
  ClientNeed,
  EducationStatus,
  Recommendation,
  RehabilitationService,
  RiskLevel,
} from '@dinsos/contracts';
import { z } from 'zod';

/** What officers send. Sizes stay below the contracts' limits, so whatever is accepted is stored. */

const LocalDate = z.iso.date().describe("A day in the owning office's calendar, YYYY-MM-DD");
const Text = (description: string, max = 5000) =>
  z.string().trim().min(1).max(max).describe(description);
const ActorId = z.string().trim().min(1).max(100);
const FileId = z
  .string()
  .regex(/^[0-9a-f]{64}$/, 'a fileId answered by POST /assessments/{caseId}/attachments');

export const AssignSocialWorkerBody = z.strictObject({
  socialWorkerId: ActorId.describe('Actor id of the social worker (Peksos) now responsible'),
  reason: Text('Why the assessment changes hands: required when someone else has it', 1000)
    .optional()
    .describe('Why the assessment changes hands (about the work, never about the client)'),
});
export type AssignSocialWorkerBody = z.infer<typeof AssignSocialWorkerBody>;

export const TakeAssessmentBody = z.strictObject({
  reason: Text('Why you take it over from the social worker who has it', 1000).optional(),
});
export type TakeAssessmentBody = z.infer<typeof TakeAssessmentBody>;

export const RecordAssessmentBody = z.strictObject({
  assessedOn: LocalDate,
  physicalCondition: Text('Physical condition as observed'),
  health: Text('Health: illnesses, injuries, treatment needed'),
  needsMedicalCare: z.boolean(),
  psychologicalState: Text('Psychological state'),
  education: z.strictObject({
    status: EducationStatus,
    level: z.string().trim().min(1).max(100).optional(),
  }),
  familyAndOrigin: Text('What is known of the family and where the client comes from'),
  risks: z.strictObject({
    riskAtHome: RiskLevel,
    details: Text('The risks found, at home and elsewhere'),
  }),
  needs: z
    .array(ClientNeed)
    .min(1)
    .max(ClientNeed.options.length)
    .refine((needs) => new Set(needs).size === needs.length, 'each need once'),
  childView: Text("The child's own view, in the child's words where possible", 20_000),
  attachments: z.array(FileId).max(20).default([]),
});
export type RecordAssessmentBody = z.infer<typeof RecordAssessmentBody>;

export const RehabilitationNoteBody = z.strictObject({
  day: LocalDate,
  services: z
    .array(RehabilitationService)
    .min(1)
    .max(RehabilitationService.options.length)
    .refine((services) => new Set(services).size === services.length, 'each service once'),
  note: Text('What happened that day, when worth saying').optional(),
});
export type RehabilitationNoteBody = z.infer<typeof RehabilitationNoteBody>;

export const RecommendationBody = z.strictObject({
  recommendation: Recommendation,
  reasons: Text('Why this recommendation', 20_000),
  childView: Text("The child's own view of the recommendation", 20_000),
});
export type RecommendationBody = z.infer<typeof RecommendationBody>;

export const RejectionBody = z.strictObject({
  reason: Text('Why the recommendation goes back to the social worker', 5000),
});
export type RejectionBody = z.infer<typeof RejectionBody>;

export const RecommendationNumber = z.coerce.number().int().min(1).max(1000);

/** Personal fields are shown only with a purpose, and only to roles that may read them. */
export const AssessmentViewQuery = z.strictObject({
  purpose: z
    .enum(['caseHandling', 'audit'])
    .optional()
    .describe('Why the personal fields are read: without it they stay encrypted'),
});
export type AssessmentViewQuery = z.infer<typeof AssessmentViewQuery>;
