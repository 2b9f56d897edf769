import { z } from 'zod';
import { defineEvent } from '../catalogue/define-event';
import { personalField } from '../personal-data/personal-field';
import { IsoDateTime, IssuedDocument, clientId, personalFile, personalNarrative } from './common';

/**
 * Assessment by a social worker (Peksos), reacting to `CaseOpened`. Provisional: the assessment
 * service's own issue fixes these.
 */

export const Recommendation = z
  .enum(['returnHome', 'healthReferral', 'institutionCare', 'traceFamily', 'continueWithLks'])
  .describe('What the social worker recommends next');

export const AssessmentStartedV1 = defineEvent({
  type: 'AssessmentStarted',
  version: 1,
  context: 'assessment',
  streamCategory: 'assessment',
  caseLink: 'required',
  summary:
    "A social worker started the client's assessment; the due date comes from the pinned standard.",
  payload: z.object({
    clientId: clientId(),
    assessorId: z.string().min(1).describe('Actor id of the assigned social worker (Peksos)'),
    dueAt: IsoDateTime.describe(
      "When the assessment is due under the pinned standard, in the office's time zone",
    ),
    regencyAssessment: personalFile(
      'Assessment result sent by the regency office, when there is one',
    ).optional(),
  }),
});

export const AssessmentRecordedV1 = defineEvent({
  type: 'AssessmentRecorded',
  version: 1,
  context: 'assessment',
  streamCategory: 'assessment',
  caseLink: 'required',
  summary: "The social worker recorded the assessment's findings.",
  payload: z.object({
    clientId: clientId(),
    findings: personalNarrative("The social worker's findings"),
    healthCondition: personalField(z.string().min(1).max(5000), {
      class: 'sensitive',
      rule: 'drop',
      description: 'Health condition, when relevant to the next step',
    }).optional(),
    disability: personalField(z.string().min(1).max(200), {
      class: 'sensitive',
      rule: 'generalise',
      description: 'Kind of disability, generalised to its category in the feed',
    }).optional(),
    needsMedicalCare: z.boolean(),
    report: IssuedDocument.optional().describe('The assessment report as issued'),
  }),
});

export const RecommendationMadeV1 = defineEvent({
  type: 'RecommendationMade',
  version: 1,
  context: 'assessment',
  streamCategory: 'assessment',
  caseLink: 'required',
  summary: 'The social worker recommended the next step.',
  payload: z.object({
    clientId: clientId(),
    recommendation: Recommendation,
    rationale: personalNarrative('Why this recommendation'),
  }),
});

export const assessmentEvents = [
  AssessmentStartedV1,
  AssessmentRecordedV1,
  RecommendationMadeV1,
] as const;
