import { z } from 'zod';
import { defineEvent } from '../catalogue/define-event';
import { personalField } from '../personal-data/personal-field';
import {
  ContactPerson,
  FamilyCardNumber,
  Id,
  IsoDate,
  IsoDateTime,
  Nik,
  OfficeCode,
  Organisation,
  ServiceStandardRef,
  clientId,
  personalAddress,
  personalFile,
  personalNarrative,
} from './common';

/**
 * Cross-sector family tracing (seed 004 step 4): inquiries to the kelurahan/desa and kecamatan of
 * origin, to Disdukcapil for a fingerprint and iris check, to the police and other Dinsos
 * offices; identity evidence; scored match candidates and the officer's decisions; the outcome.
 * One stream per case, `tracing-<caseId>`.
 */

export const InquiryChannel = z
  .enum(['village', 'district', 'disdukcapil', 'police', 'dinsosOffice', 'otherAgency'])
  .describe(
    'Who is asked: the kelurahan/desa or kecamatan of origin, Disdukcapil, the police, another Dinsos office, another agency',
  );
export type InquiryChannel = z.infer<typeof InquiryChannel>;

export const FieldComparison = z
  .enum(['match', 'mismatch', 'blank'])
  .describe('How one field compared: agrees, disagrees, or one side unknown');

export const MatchClass = z
  .enum(['likely', 'possible', 'unlikely'])
  .describe('The class the score falls in');

export const SafetyConcernKind = z
  .enum(['violence', 'exploitation', 'childsWish', 'neglect', 'other'])
  .describe('What the concern is about');

const TracingOfficerId = Id.describe('Actor id of a tracing officer');

export const TracingStartedV1 = defineEvent({
  type: 'TracingStarted',
  version: 1,
  context: 'tracing',
  streamCategory: 'tracing',
  caseLink: 'required',
  summary:
    "Tracing of the client's family started: on a recommendation to trace, or where the pinned standard puts the tracing step.",
  payload: z.object({
    clientId: clientId(),
    owningOfficeCode: OfficeCode,
    serviceStandard: ServiceStandardRef,
    startedBy: z.object({
      eventType: z.string().min(1).max(100).describe('The event that started it'),
      recommendation: z.string().min(1).max(50).optional(),
    }),
    inquiryPeriodDays: z
      .int()
      .min(1)
      .max(366)
      .describe('The longest an inquiry may wait for its answer under the standard, in days'),
    consentRequired: z.boolean().describe('Whether the standard asks consent before tracing'),
  }),
});

export const TracingOfficerAssignedV1 = defineEvent({
  type: 'TracingOfficerAssigned',
  version: 1,
  context: 'tracing',
  streamCategory: 'tracing',
  caseLink: 'required',
  summary: 'A tracing officer became responsible: assigned by a supervisor, or taken.',
  payload: z.object({
    officerId: TracingOfficerId,
    how: z.enum(['assignedBySupervisor', 'takenByOfficer']),
    previousOfficerId: TracingOfficerId.optional(),
    reason: z
      .string()
      .min(1)
      .max(1000)
      .optional()
      .describe('Why it changed hands (no personal data)'),
  }),
});

export const TracingTransferredV1 = defineEvent({
  type: 'TracingTransferred',
  version: 1,
  context: 'tracing',
  streamCategory: 'tracing',
  caseLink: 'required',
  summary: 'Intake transferred the case to another office: tracing moves with it.',
  payload: z.object({
    fromOfficeCode: OfficeCode,
    toOfficeCode: OfficeCode,
    previousOfficerId: TracingOfficerId.optional(),
  }),
});

export const TracingConsentRecordedV1 = defineEvent({
  type: 'TracingConsentRecorded',
  version: 1,
  context: 'tracing',
  streamCategory: 'tracing',
  caseLink: 'required',
  summary: 'Consent to trace the family was recorded, where the standard asks for it.',
  payload: z.object({
    clientId: clientId(),
    givenBy: z.enum(['client', 'guardian', 'headOfDinsos']),
    scan: personalFile('The signed consent').optional(),
  }),
});

export const InquirySentV1 = defineEvent({
  type: 'InquirySent',
  version: 1,
  context: 'tracing',
  streamCategory: 'tracing',
  caseLink: 'required',
  summary:
    'An inquiry about the client went out by letter: to a kelurahan/desa, kecamatan, Disdukcapil, the police or another office.',
  payload: z.object({
    inquiryId: Id,
    clientId: clientId(),
    channel: InquiryChannel,
    addressee: Organisation.describe('Who was asked; a region by its Kemendagri code'),
    letterNumber: z.string().min(1).max(200),
    letter: personalFile('The scanned letter as sent'),
    candidateId: Id.optional().describe('The possible family member it asks about, if one'),
    sentOn: IsoDate,
    dueDate: IsoDate.describe('Office-local day the answer is due'),
    dueAt: IsoDateTime,
  }),
});

export const InquiryAnsweredV1 = defineEvent({
  type: 'InquiryAnswered',
  version: 1,
  context: 'tracing',
  streamCategory: 'tracing',
  caseLink: 'required',
  summary: 'An answer to an inquiry came back, with its evidence.',
  payload: z.object({
    inquiryId: Id,
    clientId: clientId(),
    answeredOn: IsoDate,
    answer: personalNarrative('What the answer says'),
    evidence: z.array(personalFile('A file of evidence')).max(20),
  }),
});

export const InquiryOverdueV1 = defineEvent({
  type: 'InquiryOverdue',
  version: 1,
  context: 'tracing',
  streamCategory: 'tracing',
  caseLink: 'required',
  summary: 'An inquiry passed its due time without an answer (raised once by a timer).',
  payload: z.object({ inquiryId: Id, dueAt: IsoDateTime }),
});

export const BiometricsCapturedForVerificationV1 = defineEvent({
  type: 'BiometricsCapturedForVerification',
  version: 1,
  context: 'tracing',
  streamCategory: 'tracing',
  caseLink: 'required',
  summary:
    "Tracing captured the client's fingerprints and iris for the Disdukcapil check (seed 004); references and hashes only.",
  payload: z.object({
    clientId: clientId(),
    captures: z
      .array(
        z.object({
          modality: z.enum(['fingerprint', 'iris']),
          position: z.string().max(50).optional().describe('Which finger or eye'),
          file: personalFile('The capture in the file store (biometric data)'),
          capturedAt: IsoDateTime,
        }),
      )
      .min(1)
      .max(12),
  }),
});

export const IdentityVerificationReceivedV1 = defineEvent({
  type: 'IdentityVerificationReceived',
  version: 1,
  context: 'tracing',
  streamCategory: 'tracing',
  caseLink: 'required',
  summary:
    "Disdukcapil's answer to a fingerprint/iris check, recorded as evidence (no Disdukcapil system is called from here).",
  payload: z.object({
    inquiryId: Id,
    clientId: clientId(),
    nikFound: z.boolean(),
    nik: personalField(Nik, {
      class: 'directIdentifier',
      rule: 'drop',
      description: 'NIK found',
    }).optional(),
    familyCardNumber: personalField(FamilyCardNumber, {
      class: 'directIdentifier',
      rule: 'drop',
      description: 'KK number found',
    }).optional(),
    matchLevel: z.enum(['high', 'medium', 'low', 'none']),
    answeredBy: personalNarrative('Who answered at Disdukcapil (name, position)'),
    answeredAt: IsoDateTime,
  }),
});

export const MatchCandidateProposedV1 = defineEvent({
  type: 'MatchCandidateProposed',
  version: 1,
  context: 'tracing',
  streamCategory: 'tracing',
  caseLink: 'required',
  summary:
    'A possible family member, scored field by field against what is known of the client, as the officer saw it.',
  payload: z.object({
    candidateId: Id,
    clientId: clientId(),
    person: ContactPerson.describe('The possible family member (names, phone, address encrypted)'),
    knownOfClient: personalNarrative(
      'What was known of the client when scored (names as called, parents, places, age), as JSON: what the officer saw',
    ),
    relationClaimed: z.string().min(1).max(100).describe('e.g. mother, uncle, grandmother'),
    comparison: z
      .array(z.object({ field: z.string().min(1).max(100), outcome: FieldComparison }))
      .min(1)
      .describe('Field by field; names of fields only, no values'),
    score: z.number().min(0).max(1),
    class: MatchClass,
    algorithm: z.object({ name: z.string().min(1).max(100), version: z.int().min(1) }),
  }),
});

export const SafetyConcernRecordedV1 = defineEvent({
  type: 'SafetyConcernRecorded',
  version: 1,
  context: 'tracing',
  streamCategory: 'tracing',
  caseLink: 'required',
  summary:
    'A safety concern about a possible family: it blocks "family found" for it until a supervisor clears it.',
  payload: z.object({
    concernId: Id,
    candidateId: Id,
    clientId: clientId(),
    kind: SafetyConcernKind,
    details: personalNarrative('What the concern is'),
  }),
});

export const SafetyConcernClearedV1 = defineEvent({
  type: 'SafetyConcernCleared',
  version: 1,
  context: 'tracing',
  streamCategory: 'tracing',
  caseLink: 'required',
  summary: 'A supervisor cleared a safety concern, with a reason.',
  payload: z.object({
    concernId: Id,
    clientId: clientId(),
    reason: personalNarrative('Why the concern no longer blocks reunion'),
  }),
});

export const DoNotContactMarkedV1 = defineEvent({
  type: 'DoNotContactMarked',
  version: 1,
  context: 'tracing',
  streamCategory: 'tracing',
  caseLink: 'required',
  summary: 'A possible family must not be contacted: no inquiry may go to it.',
  payload: z.object({
    candidateId: Id,
    clientId: clientId(),
    reason: personalNarrative('Why it must not be contacted'),
  }),
});

export const MatchDecidedV1 = defineEvent({
  type: 'MatchDecided',
  version: 1,
  context: 'tracing',
  streamCategory: 'tracing',
  caseLink: 'required',
  summary: "The officer confirmed or rejected a candidate, with the child's view.",
  payload: z.object({
    candidateId: Id,
    clientId: clientId(),
    decision: z.enum(['confirmed', 'rejected']),
    reason: personalNarrative('Why (required when rejected)').optional(),
    childView: personalNarrative("The child's own view of this family"),
  }),
});

export const FamilyFoundV1 = defineEvent({
  type: 'FamilyFound',
  version: 1,
  context: 'tracing',
  streamCategory: 'tracing',
  caseLink: 'required',
  summary: "The client's family was found: who, how related, where, verified how.",
  payload: z.object({
    clientId: clientId(),
    candidateId: Id.describe('The confirmed candidate'),
    familyMembers: z.array(ContactPerson).min(1),
    relation: z.string().min(1).max(100),
    address: personalAddress("The family's address"),
    verifiedBy: z
      .array(z.enum(['disdukcapil', 'villageLetter', 'documents', 'interview', 'childRecognition']))
      .min(1),
    evidenceInquiryIds: z.array(Id).describe('The answered inquiries it rests on'),
    childView: personalNarrative("The child's own view of going home"),
  }),
});

export const FamilyNotFoundV1 = defineEvent({
  type: 'FamilyNotFound',
  version: 1,
  context: 'tracing',
  streamCategory: 'tracing',
  caseLink: 'required',
  summary:
    'The officer decided the family cannot be found (never automatic): the path goes to an LKS.',
  payload: z.object({
    clientId: clientId(),
    channelsTried: z.array(InquiryChannel).min(1),
    reason: z.string().min(1).max(1000).describe('No personal data'),
  }),
});

export const TracingReopenedV1 = defineEvent({
  type: 'TracingReopened',
  version: 1,
  context: 'tracing',
  streamCategory: 'tracing',
  caseLink: 'required',
  summary: 'Tracing reopened after "family not found", on new information.',
  payload: z.object({
    clientId: clientId(),
    reason: personalNarrative('The new information'),
  }),
});

export const tracingEvents = [
  TracingStartedV1,
  TracingOfficerAssignedV1,
  TracingTransferredV1,
  TracingConsentRecordedV1,
  InquirySentV1,
  InquiryAnsweredV1,
  InquiryOverdueV1,
  BiometricsCapturedForVerificationV1,
  IdentityVerificationReceivedV1,
  MatchCandidateProposedV1,
  SafetyConcernRecordedV1,
  SafetyConcernClearedV1,
  DoNotContactMarkedV1,
  MatchDecidedV1,
  FamilyFoundV1,
  FamilyNotFoundV1,
  TracingReopenedV1,
] as const;
