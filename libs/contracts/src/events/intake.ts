import { z } from 'zod';
import { defineEvent } from '../catalogue/define-event';
import { personalField, subjectReference } from '../personal-data/personal-field';
import {
  CaseNumber,
  ClientCategory,
  ContactPerson,
  Custodian,
  FamilyCardNumber,
  Id,
  IsoDate,
  IsoDateTime,
  IssuedDocument,
  Nik,
  OfficeCode,
  Organisation,
  RegionCode,
  ServiceStandardRef,
  clientId,
  personName,
  personalAddress,
  personalFile,
  personalNarrative,
} from './common';

/**
 * Intake: from the report of a found or referred client to an open case (seeds 000 and 004).
 * Case events go to `intakeCase-<caseId>`; a client's identity, which outlives one case, goes to
 * `client-<clientId>` (still with the case id in the envelope, so the case's history finds it).
 */

export const ReportSourceKind = z
  .enum(['public', 'village', 'district', 'police', 'regencyDinsos', 'otherAgency'])
  .describe(
    'Who reported or referred the client: the public, a kelurahan/desa, a kecamatan, the police, a regency/city Dinsos, another agency',
  );

export const ReferralReason = z
  .enum(['continueRepatriation', 'sick', 'inInstitutionService', 'foundNeglected'])
  .describe(
    "Reason stated on a referral letter: continue repatriation, sick, in-institution service (Banten's reasons), or found neglected",
  );

/** The covering letter (surat pengantar) or referral letter (surat keterangan rujukan). */
export const CoveringLetter = z.object({
  number: z.string().min(1).max(200),
  date: IsoDate.optional().describe('As written on the letter; absent when not recorded'),
  issuer: z.string().min(1).max(300).describe('Issuing organisation as named on the letter'),
  reason: ReferralReason.optional(),
  scan: personalFile('Scan of the letter in the file store').optional(),
});

/** Where the client was found: a place is a quasi-identifier, generalised to its region. */
const FoundAt = z.object({
  regionCode: RegionCode.optional(),
  description: z.string().max(1000).optional(),
});

const reportReceivedCommon = {
  clientCategory: ClientCategory,
  foundAt: personalField(FoundAt, {
    class: 'quasiIdentifier',
    rule: 'generalise',
    description: 'Where the client was found or picked up',
  }).optional(),
  foundOn: IsoDate.optional().describe('Date the client was found, when known'),
  reporter: ContactPerson.optional().describe('Who reported (absent when anonymous)'),
  serviceStandard: ServiceStandardRef,
};

/**
 * Version 1, as first stored: the source was free text and only the letter number was kept.
 * Superseded by version 2; stored v1 payloads are upcast on read.
 */
export const ReportReceivedV1 = defineEvent({
  type: 'ReportReceived',
  version: 1,
  context: 'intake',
  provisional: false,
  streamCategory: 'intakeCase',
  caseLink: 'required',
  summary: 'A found or referred client was reported to the office (superseded by v2).',
  payload: z.object({
    ...reportReceivedCommon,
    source: z.string().min(1).max(300).describe('Who reported, as typed by the officer'),
    coveringLetterNumber: z.string().min(1).max(200).optional(),
  }),
});

export const ReportReceivedV2 = defineEvent({
  type: 'ReportReceived',
  version: 2,
  context: 'intake',
  provisional: false,
  streamCategory: 'intakeCase',
  caseLink: 'required',
  summary:
    'A found or referred client was reported to the office, with the covering or referral letter; the case is pinned to a service standard here.',
  payload: z.object({
    ...reportReceivedCommon,
    caseNumber: CaseNumber.optional().describe(
      "The receiving office's case number, given when the report is received (absent only in reports upcast from v1)",
    ),
    receivingOfficeCode: OfficeCode.optional().describe(
      "The office that received the report: the case's first owning office (absent only in reports upcast from v1)",
    ),
    // Nested, not a root `clientId`: a subject reference at the root would claim foundAt,
    // circumstances and the letter scan, whose subject the encrypting caller names.
    client: z
      .object({
        clientId: clientId(),
        returning: z
          .boolean()
          .describe(
            'True when the client came before (a returning or referred client): their identity is in earlier ClientRegistered events',
          ),
      })
      .optional()
      .describe(
        'The client the report is about, whose identity is in ClientRegistered on client-<clientId> (absent only in reports upcast from v1)',
      ),
    source: z.object({
      kind: ReportSourceKind,
      name: z
        .string()
        .max(300)
        .optional()
        .describe('The reporting organisation, e.g. Polsek Cikarang Pusat (not a person)'),
      regionCode: RegionCode.optional(),
    }),
    letter: CoveringLetter.optional().describe('Absent when the report came without a letter'),
    escorts: z
      .array(ContactPerson)
      .describe('People who brought the client in (police officer, village official, …)'),
    referredFromCaseId: Id.optional().describe(
      "The sending office's case, when another office referred the client to this office's service",
    ),
    circumstances: personalNarrative('How and in what state the client was found').optional(),
  }),
});

export const ClientRegisteredV1 = defineEvent({
  type: 'ClientRegistered',
  version: 1,
  context: 'intake',
  provisional: false,
  streamCategory: 'client',
  caseLink: 'required',
  summary:
    "A client's identity as known at intake; may be unknown (no name, estimated age only). Opens the client's stream.",
  payload: z.object({
    clientId: clientId(),
    category: ClientCategory,
    identityStatus: z
      .enum(['known', 'partlyKnown', 'unknown'])
      .describe(
        'How much of the identity is known (an unknown child has no name, only an estimated age)',
      ),
    name: personName('Full name as known').optional(),
    calledName: personName(
      'Name the client is called by, when the full name is unknown',
    ).optional(),
    nik: personalField(Nik, {
      class: 'directIdentifier',
      rule: 'drop',
      description: 'NIK',
    }).optional(),
    familyCardNumber: personalField(FamilyCardNumber, {
      class: 'directIdentifier',
      rule: 'drop',
      description: 'KK number',
    }).optional(),
    sex: z.enum(['female', 'male', 'unknown']),
    dateOfBirth: personalField(IsoDate, {
      class: 'quasiIdentifier',
      rule: 'band',
      description: 'Date of birth, when known',
    }).optional(),
    estimatedAgeYears: personalField(z.int().min(0).max(130), {
      class: 'quasiIdentifier',
      rule: 'band',
      description: 'Estimated age in years, when the date of birth is unknown',
    }).optional(),
    placeOfBirth: personalField(z.string().min(1).max(200), {
      class: 'quasiIdentifier',
      rule: 'generalise',
      description: 'Place of birth',
    }).optional(),
    address: personalAddress('Address of origin, when known').optional(),
    identityDocuments: z
      .array(
        z.object({
          kind: z.enum(['ktp', 'kk', 'birthCertificate', 'other']),
          scan: personalFile('Scan of the identity document').optional(),
        }),
      )
      .describe('Identity documents the client came with (KTP/KK or other)'),
    physicalDescription: personalNarrative('Distinguishing features, for tracing').optional(),
  }),
});

const RequirementCode = z
  .string()
  .min(1)
  .max(100)
  .describe("The requirement's code in the pinned service standard");

export const RequirementsCheckedV1 = defineEvent({
  type: 'RequirementsChecked',
  version: 1,
  context: 'intake',
  provisional: false,
  streamCategory: 'intakeCase',
  caseLink: 'required',
  summary:
    'The administrative requirements of the pinned standard were checked: each met, missing or not applicable.',
  payload: z.object({
    requirements: z
      .array(
        z.discriminatedUnion('status', [
          z.object({ code: RequirementCode, status: z.literal('met') }),
          z.object({
            code: RequirementCode,
            status: z.literal('missing'),
            reason: z.string().max(1000).optional().describe('No personal data'),
          }),
          z.object({
            code: RequirementCode,
            status: z.literal('notApplicable'),
            reason: z.string().min(1).max(1000).describe('Why it does not apply; no personal data'),
          }),
        ]),
      )
      .min(1),
    complete: z.boolean().describe('True when nothing required is missing'),
  }),
});

export const ClientHandedOverToShelterV1 = defineEvent({
  type: 'ClientHandedOverToShelter',
  version: 1,
  context: 'intake',
  provisional: false,
  streamCategory: 'intakeCase',
  caseLink: 'required',
  summary:
    'The reporter handed the client over to the Rumah Singgah, recorded in a BAST (Berita Acara Serah Terima).',
  payload: z.object({
    clientId: clientId(),
    shelter: Organisation,
    bast: IssuedDocument.describe('The BAST as issued'),
    handedOverBy: ContactPerson.describe(
      'The reporter (or escort) who handed the client over: the person as recorded in ReportReceived',
    ),
    receivedBy: ContactPerson.optional().describe(
      'The shelter officer who received the client, when recorded',
    ),
    handedOverAt: IsoDateTime,
    place: z
      .string()
      .min(1)
      .max(300)
      .optional()
      .describe('Where the handover took place (not personal)'),
    belongings: personalNarrative("The client's belongings handed over with them").optional(),
    document: personalFile(
      'The BAST as issued (PDF) in the file store, encrypted with the client key',
    ).optional(),
    custodian: Custodian.describe('The new custodian: the shelter'),
  }),
});

export const CaseOpenedV1 = defineEvent({
  type: 'CaseOpened',
  version: 1,
  context: 'intake',
  provisional: false,
  streamCategory: 'intakeCase',
  caseLink: 'required',
  summary:
    'The intake steps of the pinned standard are done: the case is open, owned by an office, with its first custodian.',
  payload: z.object({
    caseNumber: CaseNumber,
    clientId: clientId(),
    clientCategory: ClientCategory,
    owningOfficeCode: OfficeCode,
    serviceStandard: ServiceStandardRef,
    custodian: Custodian.describe('The first custodian'),
    referredFromCaseId: Id.optional().describe('The case of the office that referred the client'),
  }),
});

export const BiometricsRecordedV1 = defineEvent({
  type: 'BiometricsRecorded',
  version: 1,
  context: 'intake',
  provisional: false,
  streamCategory: 'client',
  caseLink: 'required',
  summary:
    'Fingerprints, iris or photo of the client were captured; events hold file references and hashes, never images.',
  payload: z.object({
    clientId: clientId(),
    captures: z
      .array(
        z.object({
          modality: z.enum(['fingerprint', 'iris', 'photo']),
          position: z
            .string()
            .max(50)
            .optional()
            .describe('Which finger or eye, e.g. rightThumb, leftIris'),
          file: personalFile('The capture in the file store (biometric data)'),
          capturedAt: IsoDateTime,
        }),
      )
      .min(1),
  }),
});

export const CaseTransferredV1 = defineEvent({
  type: 'CaseTransferred',
  version: 1,
  context: 'intake',
  provisional: false,
  streamCategory: 'intakeCase',
  caseLink: 'required',
  summary:
    'The same case, under the same pinned standard, gets a new owning office (e.g. regency to province).',
  payload: z.object({
    fromOfficeCode: OfficeCode,
    toOfficeCode: OfficeCode,
    serviceStandard: ServiceStandardRef.describe('Unchanged by a transfer; stated to be checked'),
    reason: z.string().min(1).max(1000).describe('No personal data'),
  }),
});

/**
 * Who signs a letter for the office (the head of the office or a delegate): a data subject of
 * their own, with the position printed under the signature and the NIP when given.
 */
const LetterSignatory = z.object({
  personId: subjectReference('Data subject id of the signatory (in the envelope subjectIds)'),
  name: personName('Full name, as signed'),
  position: z
    .string()
    .min(1)
    .max(200)
    .describe('Position printed under the signature, e.g. Kepala Dinas Sosial Kabupaten Tangerang'),
  nip: personalField(z.string().regex(/^\d{18}$/), {
    class: 'directIdentifier',
    rule: 'drop',
    description: 'NIP (civil servant number, 18 digits), when given',
  }).optional(),
});

export const CaseReferredToOfficeV1 = defineEvent({
  type: 'CaseReferredToOffice',
  version: 1,
  context: 'intake',
  provisional: false,
  streamCategory: 'intakeCase',
  caseLink: 'required',
  summary:
    "The client is referred to another office's service; that office opens a new case linked by referredFromCaseId.",
  payload: z.object({
    clientId: clientId(),
    toOfficeCode: OfficeCode,
    reason: ReferralReason,
    letter: IssuedDocument.describe('The referral letter as issued'),
    letterFile: personalFile(
      'The referral letter as issued (PDF) in the file store, encrypted with the client key',
    ).optional(),
    note: z.string().max(1000).optional().describe('No personal data'),
    issuedAt: IsoDateTime.optional().describe(
      'When the referral letter was issued: its date (absent in referrals recorded before the letter was regenerable from its event)',
    ),
    signatory: LetterSignatory.optional().describe(
      'Who signed the referral letter (absent in referrals recorded before the letter was regenerable from its event)',
    ),
  }),
});

export const DuplicateCandidateDecidedV1 = defineEvent({
  type: 'DuplicateCandidateDecided',
  version: 1,
  context: 'intake',
  provisional: false,
  streamCategory: 'client',
  caseLink: 'required',
  summary:
    'An officer decided whether a newly registered client is the same person as an existing client.',
  payload: z.object({
    clientId: clientId(),
    candidateClientId: clientId(),
    decision: z.enum(['samePerson', 'differentPerson']),
    score: z.number().min(0).max(1).optional().describe('Match score that raised the candidate'),
    reason: z.string().max(1000).optional().describe('No personal data'),
  }),
});

export const intakeEvents = [
  ReportReceivedV2,
  ClientRegisteredV1,
  RequirementsCheckedV1,
  ClientHandedOverToShelterV1,
  CaseOpenedV1,
  BiometricsRecordedV1,
  CaseTransferredV1,
  CaseReferredToOfficeV1,
  DuplicateCandidateDecidedV1,
] as const;

export const supersededIntakeEvents = [ReportReceivedV1] as const;
