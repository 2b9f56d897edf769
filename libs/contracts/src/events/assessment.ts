import { z } from 'zod';
import { defineEvent } from '../catalogue/define-event';
import { personalField } from '../personal-data/personal-field';
import {
  CaseNumber,
  ClientCategory,
  Custodian,
  Id,
  IsoDate,
  IsoDateTime,
  OfficeCode,
  ServiceStandardRef,
  clientId,
  personalFile,
  personalNarrative,
} from './common';

/**
 * Assessment by a social worker (Peksos) after intake opens the case: seed 000's "Proses
 * Assessment oleh petugas (Peksos)" and seed 004's "asesmen lanjutan … rehabilitasi sosial dasar
 * selama 7 hari". One stream per case, `assessment-<caseId>`. Health, psychological state,
 * family and origin, risks and the child's own words are sensitive: encrypted under the client's
 * key and dropped from the analysts' feed.
 */

export const Recommendation = z
  .enum(['returnHome', 'healthReferral', 'institutionCare', 'traceFamily', 'continueWithLks'])
  .describe('What the social worker recommends next');
export type Recommendation = z.infer<typeof Recommendation>;

export const RehabilitationService = z
  .enum(['meals', 'clothing', 'healthCheck', 'counselling', 'recreation'])
  .describe('A basic-rehabilitation service provided in the shelter that day');
export type RehabilitationService = z.infer<typeof RehabilitationService>;

export const ClientNeed = z
  .enum([
    'safeShelter',
    'healthCare',
    'psychosocialSupport',
    'education',
    'identityDocuments',
    'familyReunification',
    'legalAid',
    'other',
  ])
  .describe('A need the assessment found');

export type ClientNeed = z.infer<typeof ClientNeed>;

export const EducationStatus = z
  .enum(['inSchool', 'notInSchool', 'droppedOut', 'neverEnrolled', 'unknown'])
  .describe("The client's schooling");

export const RiskLevel = z
  .enum(['none', 'low', 'medium', 'high', 'unknown'])
  .describe('Risk to the client at home, as judged');

const TimeLimitCode = z
  .string()
  .regex(/^[a-z0-9]+(-[a-z0-9]+)*$/)
  .describe("A time limit's code in the pinned standard, e.g. basic-rehabilitation");

const EventTypeName = z.string().min(1).max(100).describe('An event type of the contracts');

const sensitiveText = (description: string) =>
  personalField(z.string().min(1).max(5000), { class: 'sensitive', rule: 'drop', description });

export const AssessmentStartedV1 = defineEvent({
  type: 'AssessmentStarted',
  version: 1,
  context: 'assessment',
  provisional: false,
  streamCategory: 'assessment',
  caseLink: 'required',
  summary:
    "Intake opened the case, so its assessment began: the pinned standard's assessment steps and the custodian at opening.",
  payload: z.object({
    clientId: clientId(),
    caseNumber: CaseNumber,
    clientCategory: ClientCategory,
    owningOfficeCode: OfficeCode,
    custodian: Custodian.describe('Who holds the client as the case opens'),
    serviceStandard: ServiceStandardRef.describe('The standard the case is pinned to'),
    steps: z
      .array(z.string().min(1).max(100))
      .min(1)
      .describe("Codes of the pinned standard's steps the assessment service performs"),
  }),
});

export const AssessmentClockStartedV1 = defineEvent({
  type: 'AssessmentClockStarted',
  version: 1,
  context: 'assessment',
  provisional: false,
  streamCategory: 'assessment',
  caseLink: 'required',
  summary:
    "A time limit of the pinned standard started on another context's event; due date in the owning office's time zone and calendar.",
  payload: z.object({
    clock: TimeLimitCode,
    startedBy: EventTypeName.describe(
      'The event type that started it (its eventId is the causation)',
    ),
    step: z
      .string()
      .min(1)
      .max(100)
      .optional()
      .describe("The assessment step whose own clock this is; absent for the whole service's"),
    startedAt: IsoDateTime.describe("The starting event's occurredAt"),
    startDate: IsoDate.describe('The office-local day it started (day 0)'),
    dueDate: IsoDate.describe('The last office-local day within the limit'),
    dueAt: IsoDateTime.describe('The end of dueDate in the office offset'),
  }),
});

export const AssessmentClockStoppedV1 = defineEvent({
  type: 'AssessmentClockStopped',
  version: 1,
  context: 'assessment',
  provisional: false,
  streamCategory: 'assessment',
  caseLink: 'required',
  summary: "A time limit of the pinned standard stopped on another context's event.",
  payload: z.object({
    clock: TimeLimitCode,
    stoppedBy: EventTypeName,
    stoppedAt: IsoDateTime.describe("The stopping event's occurredAt"),
    stopDate: IsoDate.describe('The office-local day it stopped'),
  }),
});

export const SocialWorkerAssignedV1 = defineEvent({
  type: 'SocialWorkerAssigned',
  version: 1,
  context: 'assessment',
  provisional: false,
  streamCategory: 'assessment',
  caseLink: 'required',
  summary:
    'A social worker (Peksos) became responsible for the assessment: assigned by a supervisor, or taken by the worker.',
  payload: z.object({
    socialWorkerId: Id.describe('Actor id of the social worker now responsible'),
    how: z.enum(['assignedBySupervisor', 'takenBySocialWorker']),
    previousSocialWorkerId: Id.optional().describe('Who was responsible before, on reassignment'),
    reason: z
      .string()
      .min(1)
      .max(1000)
      .optional()
      .describe('Why it was reassigned (about the work, never about the client); required then'),
  }),
});

export const AssessmentTransferredV1 = defineEvent({
  type: 'AssessmentTransferred',
  version: 1,
  context: 'assessment',
  provisional: false,
  streamCategory: 'assessment',
  caseLink: 'required',
  summary:
    "Intake transferred the case to another office: the assessment moves with it and waits for that office's social worker.",
  payload: z.object({
    fromOfficeCode: OfficeCode,
    toOfficeCode: OfficeCode,
    transferredAt: IsoDateTime,
    previousSocialWorkerId: Id.optional(),
  }),
});

export const AssessmentRecordedV1 = defineEvent({
  type: 'AssessmentRecorded',
  version: 1,
  context: 'assessment',
  provisional: false,
  streamCategory: 'assessment',
  caseLink: 'required',
  summary:
    "The social worker recorded an assessment, the initial one or a further one (asesmen lanjutan), with the child's own view.",
  payload: z.object({
    clientId: clientId(),
    assessmentNumber: z.int().min(1).describe('1 for the initial assessment, then 2, 3, …'),
    kind: z.enum(['initial', 'further']),
    assessedOn: IsoDate.describe('The office-local day the assessment took place'),
    physicalCondition: sensitiveText('Physical condition as observed'),
    health: sensitiveText('Health: illnesses, injuries, treatment needed'),
    needsMedicalCare: z.boolean().describe('Whether the client needs medical care now'),
    psychologicalState: sensitiveText('Psychological state'),
    education: z.object({
      status: EducationStatus,
      level: z
        .string()
        .max(100)
        .optional()
        .describe('Last grade or level reached, e.g. SD kelas 4 (generalised in the feed)'),
    }),
    familyAndOrigin: sensitiveText('What is known of the family and where the client comes from'),
    risks: z.object({
      riskAtHome: RiskLevel,
      details: sensitiveText('The risks found, at home and elsewhere'),
    }),
    needs: z.array(ClientNeed).min(1),
    childView: personalNarrative("The child's own view, in the child's words where possible"),
    attachments: z
      .array(personalFile('A file attached to the assessment (through the uploads)'))
      .max(20)
      .default([]),
  }),
});

export const RehabilitationNoteRecordedV1 = defineEvent({
  type: 'RehabilitationNoteRecorded',
  version: 1,
  context: 'assessment',
  provisional: false,
  streamCategory: 'assessment',
  caseLink: 'required',
  summary:
    'What basic rehabilitation the client received in the shelter on one day of care (seed 004 step 3).',
  payload: z.object({
    clientId: clientId(),
    day: IsoDate.describe('The office-local day of care the note is about'),
    services: z.array(RehabilitationService).min(1),
    note: personalNarrative('What happened that day, when worth saying').optional(),
  }),
});

const recommendationFields = {
  clientId: clientId(),
  recommendationNumber: z.int().min(1),
  recommendation: Recommendation,
  reasons: personalNarrative('Why this recommendation'),
  childView: personalNarrative("The child's own view of the recommendation"),
};

export const RecommendationSubmittedV1 = defineEvent({
  type: 'RecommendationSubmitted',
  version: 1,
  context: 'assessment',
  provisional: false,
  streamCategory: 'assessment',
  caseLink: 'required',
  summary:
    "The social worker submitted a recommendation for a supervisor's approval (where the pinned standard asks for one).",
  payload: z.object(recommendationFields),
});

export const RecommendationRejectedV1 = defineEvent({
  type: 'RecommendationRejected',
  version: 1,
  context: 'assessment',
  provisional: false,
  streamCategory: 'assessment',
  caseLink: 'required',
  summary: 'A supervisor sent a submitted recommendation back to the social worker, with a reason.',
  payload: z.object({
    clientId: clientId(),
    recommendationNumber: z.int().min(1),
    reason: personalNarrative("The supervisor's reason"),
  }),
});

export const RecommendationMadeV1 = defineEvent({
  type: 'RecommendationMade',
  version: 1,
  context: 'assessment',
  provisional: false,
  streamCategory: 'assessment',
  caseLink: 'required',
  summary:
    'The recommendation that decides the path stands: made by the social worker, or approved by a supervisor where the standard asks.',
  payload: z.object({
    ...recommendationFields,
    approvedBy: Id.optional().describe(
      'Actor id of the approving supervisor, when approval was needed',
    ),
  }),
});

export const assessmentEvents = [
  AssessmentStartedV1,
  AssessmentClockStartedV1,
  AssessmentClockStoppedV1,
  SocialWorkerAssignedV1,
  AssessmentTransferredV1,
  AssessmentRecordedV1,
  RehabilitationNoteRecordedV1,
  RecommendationSubmittedV1,
  RecommendationRejectedV1,
  RecommendationMadeV1,
] as const;
