import { z } from 'zod';
import { defineEvent } from '../catalogue/define-event';
import { personalField } from '../personal-data/personal-field';
import {
  ContactPerson,
  FamilyCardNumber,
  Id,
  IsoDateTime,
  IssuedDocument,
  Nik,
  Organisation,
  clientId,
  personName,
  personalAddress,
} from './common';

/**
 * Cross-sector family tracing (seed 004 step 4): kecamatan/kelurahan of origin and Disdukcapil
 * fingerprint and iris checks. Provisional: the family-tracing service's issue fixes these.
 */

export const InquiryChannel = z
  .enum(['district', 'village', 'disdukcapil', 'police', 'otherAgency'])
  .describe('Who was asked: kecamatan, kelurahan/desa, Disdukcapil, police, another agency');

export const TracingStartedV1 = defineEvent({
  type: 'TracingStarted',
  version: 1,
  context: 'tracing',
  streamCategory: 'tracing',
  caseLink: 'required',
  summary: "Tracing of the client's family started.",
  payload: z.object({
    clientId: clientId(),
    dueAt: IsoDateTime.optional().describe('When tracing is due under the pinned standard'),
  }),
});

export const InquirySentV1 = defineEvent({
  type: 'InquirySent',
  version: 1,
  context: 'tracing',
  streamCategory: 'tracing',
  caseLink: 'required',
  summary:
    'An inquiry about the client went to a kecamatan, kelurahan, Disdukcapil or another agency.',
  payload: z.object({
    inquiryId: Id,
    clientId: clientId(),
    channel: InquiryChannel,
    addressee: Organisation,
    letter: IssuedDocument.optional(),
  }),
});

export const IdentityVerificationReceivedV1 = defineEvent({
  type: 'IdentityVerificationReceived',
  version: 1,
  context: 'tracing',
  streamCategory: 'tracing',
  caseLink: 'required',
  summary:
    'An answer to an inquiry: a fingerprint/iris/document check result, with the identity it found.',
  payload: z.object({
    inquiryId: Id,
    clientId: clientId(),
    method: z.enum(['fingerprint', 'iris', 'document', 'interview']),
    result: z.enum(['matched', 'notMatched', 'inconclusive']),
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
    name: personName('Name on record').optional(),
    address: personalAddress('Address on record').optional(),
  }),
});

export const MatchCandidateProposedV1 = defineEvent({
  type: 'MatchCandidateProposed',
  version: 1,
  context: 'tracing',
  streamCategory: 'tracing',
  caseLink: 'required',
  summary: 'A possible family member was proposed, with a score and the features behind it.',
  payload: z.object({
    candidateId: Id,
    clientId: clientId(),
    candidate: ContactPerson,
    score: z.number().min(0).max(1),
    features: z
      .array(z.object({ name: z.string().min(1).max(100), weight: z.number() }))
      .describe('Which features matched and how much each counted; names only, no values'),
  }),
});

export const MatchDecidedV1 = defineEvent({
  type: 'MatchDecided',
  version: 1,
  context: 'tracing',
  streamCategory: 'tracing',
  caseLink: 'required',
  summary: 'An officer confirmed or rejected a match candidate.',
  payload: z.object({
    candidateId: Id,
    decision: z.enum(['confirmed', 'rejected']),
    reason: z.string().max(1000).optional().describe('No personal data'),
  }),
});

export const FamilyFoundV1 = defineEvent({
  type: 'FamilyFound',
  version: 1,
  context: 'tracing',
  streamCategory: 'tracing',
  caseLink: 'required',
  summary: "The client's family was found.",
  payload: z.object({
    clientId: clientId(),
    familyMembers: z.array(ContactPerson).min(1),
    address: personalAddress("The family's address"),
    confirmedCandidateIds: z.array(Id),
  }),
});

export const FamilyNotFoundV1 = defineEvent({
  type: 'FamilyNotFound',
  version: 1,
  context: 'tracing',
  streamCategory: 'tracing',
  caseLink: 'required',
  summary: 'Tracing ended without finding the family (seed 004 step 6: continue with an LKS).',
  payload: z.object({
    clientId: clientId(),
    channelsTried: z.array(InquiryChannel).min(1),
    reason: z.string().min(1).max(1000).describe('No personal data'),
  }),
});

export const tracingEvents = [
  TracingStartedV1,
  InquirySentV1,
  IdentityVerificationReceivedV1,
  MatchCandidateProposedV1,
  MatchDecidedV1,
  FamilyFoundV1,
  FamilyNotFoundV1,
] as const;
