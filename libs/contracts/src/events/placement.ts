import { z } from 'zod';
import { defineEvent } from '../catalogue/define-event';
import {
  ContactPerson,
  Custodian,
  IsoDate,
  IsoDateTime,
  IssuedDocument,
  Organisation,
  clientId,
  personalAddress,
  personalFile,
  personalNarrative,
} from './common';

/**
 * Placement: return home (Berita Acara Pemulangan), health referral (Faskes), institution
 * (panti) care with consent, or handover to an LKS (BAST). Custody is a ledger: every event that
 * moves the client names the new custodian. Provisional: the placement service's issue fixes these.
 */

export const ReturnHomeArrangedV1 = defineEvent({
  type: 'ReturnHomeArranged',
  version: 1,
  context: 'placement',
  streamCategory: 'placement',
  caseLink: 'required',
  summary: "The client's return to the family was arranged.",
  payload: z.object({
    clientId: clientId(),
    familyContact: ContactPerson,
    destination: personalAddress('Where the client is taken'),
    plannedOn: IsoDate,
  }),
});

export const ClientReturnedHomeV1 = defineEvent({
  type: 'ClientReturnedHome',
  version: 1,
  context: 'placement',
  streamCategory: 'placement',
  caseLink: 'required',
  summary: 'The client was returned to the family, recorded in a Berita Acara Pemulangan.',
  payload: z.object({
    clientId: clientId(),
    returnedAt: IsoDateTime,
    receivedBy: z.array(ContactPerson).min(1).describe('Family members who received the client'),
    beritaAcaraPemulangan: IssuedDocument,
    custodian: Custodian.describe('The new custodian: the family'),
  }),
});

export const HealthReferralIssuedV1 = defineEvent({
  type: 'HealthReferralIssued',
  version: 1,
  context: 'placement',
  streamCategory: 'placement',
  caseLink: 'required',
  summary: 'A referral letter to a health facility (Faskes) was issued for a sick client.',
  payload: z.object({
    clientId: clientId(),
    facility: Organisation,
    reason: personalNarrative('Why the client is referred (health condition)'),
    letter: IssuedDocument,
    custodian: Custodian.optional().describe(
      'The new custodian, when the facility takes the client in',
    ),
  }),
});

export const ConsentGiverRole = z
  .enum(['family', 'guardian', 'caregiver', 'villageOfficial', 'lurah', 'headOfLocalDinsos'])
  .describe('Who may consent to institution care (seed 000 step 6c)');

export const ConsentRecordedV1 = defineEvent({
  type: 'ConsentRecorded',
  version: 1,
  context: 'placement',
  streamCategory: 'placement',
  caseLink: 'required',
  summary:
    'Consent to further social rehabilitation in an institution was given and its letter recorded.',
  payload: z.object({
    clientId: clientId(),
    givenBy: ContactPerson,
    giverRole: ConsentGiverRole,
    purpose: z.enum(['institutionCare']),
    letterDate: IsoDate,
    letterScan: personalFile('Scan of the signed consent letter').optional(),
  }),
});

export const InstitutionReferralIssuedV1 = defineEvent({
  type: 'InstitutionReferralIssued',
  version: 1,
  context: 'placement',
  streamCategory: 'placement',
  caseLink: 'required',
  summary: 'A referral letter to an institution (panti) was issued, on recorded consent.',
  payload: z.object({
    clientId: clientId(),
    institution: Organisation,
    letter: IssuedDocument,
    consentEventId: z.uuid().describe('The ConsentRecorded event this referral rests on'),
  }),
});

export const AdmittedToInstitutionV1 = defineEvent({
  type: 'AdmittedToInstitution',
  version: 1,
  context: 'placement',
  streamCategory: 'placement',
  caseLink: 'required',
  summary: 'The institution admitted the client.',
  payload: z.object({
    clientId: clientId(),
    institution: Organisation,
    admittedAt: IsoDateTime,
    custodian: Custodian.describe('The new custodian: the institution'),
  }),
});

export const InstitutionStayReviewedV1 = defineEvent({
  type: 'InstitutionStayReviewed',
  version: 1,
  context: 'placement',
  streamCategory: 'placement',
  caseLink: 'required',
  summary: "The client's stay was reviewed (the Banten service runs up to a year).",
  payload: z.object({
    clientId: clientId(),
    outcome: z.enum(['continue', 'prepareDischarge']),
    notes: personalNarrative('Review notes').optional(),
    nextReviewOn: IsoDate.optional(),
  }),
});

export const DischargedFromInstitutionV1 = defineEvent({
  type: 'DischargedFromInstitution',
  version: 1,
  context: 'placement',
  streamCategory: 'placement',
  caseLink: 'required',
  summary: 'The client left the institution.',
  payload: z.object({
    clientId: clientId(),
    dischargedAt: IsoDateTime,
    destination: z.enum(['family', 'lks', 'independent', 'otherInstitution', 'other']),
    custodian: Custodian.describe('The new custodian'),
  }),
});

export const LksReferralMadeV1 = defineEvent({
  type: 'LksReferralMade',
  version: 1,
  context: 'placement',
  streamCategory: 'placement',
  caseLink: 'required',
  summary:
    'The client was referred to a licensed care organisation (LKS) for further rehabilitation.',
  payload: z.object({
    clientId: clientId(),
    lks: Organisation,
    letter: IssuedDocument.optional(),
  }),
});

export const ClientHandedOverToLksV1 = defineEvent({
  type: 'ClientHandedOverToLks',
  version: 1,
  context: 'placement',
  streamCategory: 'placement',
  caseLink: 'required',
  summary: 'The client was handed over to the LKS, recorded in a BAST.',
  payload: z.object({
    clientId: clientId(),
    lks: Organisation,
    handedOverAt: IsoDateTime,
    bast: IssuedDocument,
    receivedBy: ContactPerson.describe("The LKS's representative"),
    custodian: Custodian.describe('The new custodian: the LKS'),
  }),
});

export const placementEvents = [
  ReturnHomeArrangedV1,
  ClientReturnedHomeV1,
  HealthReferralIssuedV1,
  ConsentRecordedV1,
  InstitutionReferralIssuedV1,
  AdmittedToInstitutionV1,
  InstitutionStayReviewedV1,
  DischargedFromInstitutionV1,
  LksReferralMadeV1,
  ClientHandedOverToLksV1,
] as const;
