import { z } from 'zod';
import { defineEvent } from '../catalogue/define-event';
import { subjectReference } from '../personal-data/personal-field';
import {
  CaseNumber,
  ClientCategory,
  ContactPerson,
  Custodian,
  Id,
  IsoDate,
  IsoDateTime,
  IssuedDocument,
  OfficeCode,
  Organisation,
  ServiceStandardRef,
  clientId,
  personalAddress,
  personalFile,
  personalNarrative,
} from './common';
import { ClientRegisteredV1 } from './intake';

/**
 * Placement (stream `placement-<caseId>`): return home (Berita Acara Pemulangan), health
 * referral (Faskes), institution (panti) care on recorded consent, or handover to an LKS (BAST),
 * and the custody ledger of the case. Every move of the client closes one custody and opens the
 * next in one event (`previousCustodian` → `custodian`), so at every moment there is exactly one
 * custodian; the owning office stays responsible throughout. Documents are rendered only from
 * facts in these events (and the client's identity noted here), so they regenerate byte-identical.
 */

const EventTypeName = z.string().min(1).max(100).describe('An event type of the contracts');
const ReasonInWords = (description: string) =>
  z.string().min(1).max(1000).describe(`${description} (about the work, never personal data)`);

/** What the case's pinned standard says placement closes on, as it was when placement opened. */
export const PlacementOpenedV1 = defineEvent({
  type: 'PlacementOpened',
  version: 1,
  context: 'placement',
  provisional: false,
  streamCategory: 'placement',
  caseLink: 'required',
  summary:
    "Intake opened the case: placement keeps its custody ledger from here, under the pinned standard's placement policy.",
  payload: z.object({
    clientId: clientId(),
    caseNumber: CaseNumber,
    clientCategory: ClientCategory,
    owningOfficeCode: OfficeCode,
    serviceStandard: ServiceStandardRef,
    closesOn: z
      .array(EventTypeName)
      .min(1)
      .describe("The events that end the whole service (the whole-service clock's stopsOn)"),
    reviewIntervalMonths: z
      .int()
      .min(1)
      .max(12)
      .describe("How often an institution stay is reviewed, from admission (the standard's data)"),
    atRiskDays: z
      .int()
      .min(1)
      .max(366)
      .describe('How many days before its limit a stay is at risk (the standard data)'),
  }),
});

export const PlacementOfficerAssignedV1 = defineEvent({
  type: 'PlacementOfficerAssigned',
  version: 1,
  context: 'placement',
  provisional: false,
  streamCategory: 'placement',
  caseLink: 'required',
  summary:
    'A placement officer became responsible for the placement: assigned by a supervisor, or taken by the officer.',
  payload: z.object({
    officerId: Id.describe('Actor id of the officer now responsible'),
    how: z.enum(['assignedBySupervisor', 'takenByOfficer']),
    previousOfficerId: Id.optional(),
    reason: ReasonInWords('Why it was reassigned; required then').optional(),
  }),
});

export const PlacementTransferredV1 = defineEvent({
  type: 'PlacementTransferred',
  version: 1,
  context: 'placement',
  provisional: false,
  streamCategory: 'placement',
  caseLink: 'required',
  summary: 'Intake transferred the case to another office: the placement moves with it.',
  payload: z.object({
    fromOfficeCode: OfficeCode,
    toOfficeCode: OfficeCode,
    previousOfficerId: Id.optional(),
  }),
});

export const ServiceClockStartedV1 = defineEvent({
  type: 'ServiceClockStarted',
  version: 1,
  context: 'placement',
  provisional: false,
  streamCategory: 'placement',
  caseLink: 'required',
  summary:
    "The whole service's time limit of the pinned standard started (on intake's ReportReceived); due date in the owning office's zone and calendar.",
  payload: z.object({
    clock: z.string().min(1).max(100).describe("The time limit's code in the pinned standard"),
    startedBy: EventTypeName,
    startedAt: IsoDateTime,
    startDate: IsoDate,
    dueDate: IsoDate.describe('The last office-local day within the limit'),
    dueAt: IsoDateTime,
  }),
});

export const ClientIdentityNotedV1 = defineEvent({
  type: 'ClientIdentityNoted',
  version: 1,
  context: 'placement',
  provisional: false,
  streamCategory: 'placement',
  caseLink: 'required',
  summary:
    "Intake's ClientRegistered, noted for the documents placement issues (its personal fields copied as encrypted, under the client's key).",
  payload: ClientRegisteredV1.payload,
});

export const RecommendationReceivedV1 = defineEvent({
  type: 'RecommendationReceived',
  version: 1,
  context: 'placement',
  provisional: false,
  streamCategory: 'placement',
  caseLink: 'required',
  summary: "Assessment's recommendation that decides the path, noted by placement.",
  payload: z.object({
    clientId: clientId(),
    recommendation: z.enum([
      'returnHome',
      'healthReferral',
      'institutionCare',
      'traceFamily',
      'continueWithLks',
    ]),
  }),
});

export const TracingOutcomeReceivedV1 = defineEvent({
  type: 'TracingOutcomeReceived',
  version: 1,
  context: 'placement',
  provisional: false,
  streamCategory: 'placement',
  caseLink: 'required',
  summary:
    "Family tracing's outcome noted by placement: the family found (who and where, copied as encrypted) or not found.",
  payload: z.object({
    clientId: clientId(),
    outcome: z.enum(['familyFound', 'familyNotFound']),
    familyMembers: z.array(ContactPerson).describe('The family found (empty when not found)'),
    relation: z.string().max(100).optional(),
    familyAddress: personalAddress("The family's address").optional(),
  }),
});

/**
 * A custodian of the placement ledger: the custodians of the contracts' `Custodian`, and the
 * client themself (an adult discharged to independent living). Kept apart from `Custodian` so
 * the fixed intake and assessment events keep their schema.
 */
export const LedgerCustodian = z
  .discriminatedUnion('kind', [
    ...Custodian.options,
    z
      .object({ kind: z.literal('self') })
      .describe('An adult client living independently after discharge'),
  ])
  .meta({ id: 'LedgerCustodian' });
export type LedgerCustodian = z.infer<typeof LedgerCustodian>;

/** A move of the client: the custody it closes and the one it opens, at one instant. */
const custodyMove = (newCustodian: string) => ({
  previousCustodian: LedgerCustodian.describe('The custody this move closes'),
  custodian: LedgerCustodian.describe(`The custody this move opens: ${newCustodian}`),
});

export const CustodyRecordedV1 = defineEvent({
  type: 'CustodyRecorded',
  version: 1,
  context: 'placement',
  provisional: false,
  streamCategory: 'placement',
  caseLink: 'required',
  summary:
    "A move of the client made by another service (intake's handover to the shelter, or the first custodian CaseOpened names), entered in the ledger.",
  payload: z.object({
    clientId: clientId(),
    since: IsoDateTime.describe('When the custody began'),
    previousCustodian: LedgerCustodian.optional().describe(
      'Absent for the first custody of the case',
    ),
    custodian: LedgerCustodian,
    recordedFrom: EventTypeName.describe('The event that made the move (its id is the causation)'),
  }),
});

export const FamilySafetyAssessedV1 = defineEvent({
  type: 'FamilySafetyAssessed',
  version: 1,
  context: 'placement',
  provisional: false,
  streamCategory: 'placement',
  caseLink: 'required',
  summary:
    'The receiving family was assessed for safety before a return home: safe, safe with conditions, or unsafe.',
  payload: z.object({
    clientId: clientId(),
    safetyAssessmentId: Id,
    familyPersonIds: z.array(subjectReference('A family member assessed')).min(1),
    outcome: z.enum(['safe', 'safeWithConditions', 'unsafe']),
    assessedOn: IsoDate,
    findings: personalNarrative('What the visit found'),
    conditions: personalNarrative('Conditions the return is subject to').optional(),
  }),
});

export const ReturnHomeArrangedV1 = defineEvent({
  type: 'ReturnHomeArranged',
  version: 1,
  context: 'placement',
  provisional: false,
  streamCategory: 'placement',
  caseLink: 'required',
  summary:
    "The client's return to the family was arranged: to whom, when, with which escort, on a safety assessment, with the child's view.",
  payload: z.object({
    clientId: clientId(),
    receivingFamily: z.array(ContactPerson).min(1),
    destination: personalAddress('Where the client is taken'),
    plannedAt: IsoDateTime,
    escorts: z.array(ContactPerson).min(1).describe('Officers who take the client home'),
    safetyAssessmentId: Id.describe('The FamilySafetyAssessed this rests on'),
    childView: personalNarrative("The child's own view of going home"),
  }),
});

export const ClientReturnedHomeV1 = defineEvent({
  type: 'ClientReturnedHome',
  version: 1,
  context: 'placement',
  provisional: false,
  streamCategory: 'placement',
  caseLink: 'required',
  summary: 'The client was returned to the family, recorded in a Berita Acara Pemulangan.',
  payload: z.object({
    clientId: clientId(),
    returnedAt: IsoDateTime,
    place: personalNarrative('Where the client was handed to the family'),
    officer: ContactPerson.describe('The officer who returned the client (PIHAK PERTAMA)'),
    receivedBy: z.array(ContactPerson).min(1).describe('Family members who received the client'),
    witnesses: z.array(ContactPerson),
    notes: personalNarrative('Notes written into the record').optional(),
    beritaAcaraPemulangan: IssuedDocument,
    document: personalFile('The Berita Acara Pemulangan as issued (PDF)').optional(),
    ...custodyMove('the family'),
  }),
});

const ReferralLetter = {
  issuedAt: IsoDateTime,
  signatory: ContactPerson.describe('Who signs the letter (name, NIP, position)'),
  letter: IssuedDocument,
  letterFile: personalFile('The letter as issued (PDF)').optional(),
};

export const HealthReferralIssuedV1 = defineEvent({
  type: 'HealthReferralIssued',
  version: 1,
  context: 'placement',
  provisional: false,
  streamCategory: 'placement',
  caseLink: 'required',
  summary: 'A referral letter to a health facility (Faskes) was issued for a sick client.',
  payload: z.object({
    clientId: clientId(),
    referralId: Id,
    facility: Organisation,
    reason: personalNarrative('Why the client is referred (health condition)'),
    ...ReferralLetter,
  }),
});

export const AdmittedToHealthFacilityV1 = defineEvent({
  type: 'AdmittedToHealthFacility',
  version: 1,
  context: 'placement',
  provisional: false,
  streamCategory: 'placement',
  caseLink: 'required',
  summary: 'The health facility admitted the client on a referral.',
  payload: z.object({
    clientId: clientId(),
    referralId: Id,
    facility: Organisation,
    admittedAt: IsoDateTime,
    ...custodyMove('the health facility'),
  }),
});

export const ClientLeftHealthFacilityV1 = defineEvent({
  type: 'ClientLeftHealthFacility',
  version: 1,
  context: 'placement',
  provisional: false,
  streamCategory: 'placement',
  caseLink: 'required',
  summary:
    'The client left the health facility: back to the custodian before it, or discharged elsewhere.',
  payload: z.object({
    clientId: clientId(),
    referralId: Id,
    facility: Organisation,
    leftAt: IsoDateTime,
    how: z.enum(['returned', 'discharged']),
    notes: personalNarrative('Discharge notes').optional(),
    ...custodyMove('where the client went'),
  }),
});

export const ConsentGiverRole = z
  .enum(['family', 'guardian', 'caregiver', 'villageOfficial', 'lurah', 'headOfLocalDinsos'])
  .describe(
    'Who may consent to institution care (seed 000 step 6c): keluarga, wali, pengasuh, aparat desa, lurah (or other name), head of the local Dinsos',
  );

export const ConsentRecordedV1 = defineEvent({
  type: 'ConsentRecorded',
  version: 1,
  context: 'placement',
  provisional: false,
  streamCategory: 'placement',
  caseLink: 'required',
  summary:
    'A letter of consent (surat persetujuan) to further social rehabilitation in an institution was recorded, with its scan.',
  payload: z.object({
    clientId: clientId(),
    consentId: Id,
    givenBy: ContactPerson,
    giverRole: ConsentGiverRole,
    purpose: z.enum(['institutionCare']),
    letterDate: IsoDate,
    letterScan: personalFile('Scan of the signed consent letter'),
    noFamilyConsentReason: ReasonInWords(
      'Why no family member or guardian consented; required when a village official, a lurah or the head of Dinsos consents',
    ).optional(),
  }),
});

export const InstitutionReferralIssuedV1 = defineEvent({
  type: 'InstitutionReferralIssued',
  version: 1,
  context: 'placement',
  provisional: false,
  streamCategory: 'placement',
  caseLink: 'required',
  summary: 'A referral letter to an institution (panti) was issued, on recorded consent.',
  payload: z.object({
    clientId: clientId(),
    institution: Organisation,
    consentId: Id.describe('The ConsentRecorded this referral rests on'),
    ...ReferralLetter,
  }),
});

export const AdmittedToInstitutionV1 = defineEvent({
  type: 'AdmittedToInstitution',
  version: 1,
  context: 'placement',
  provisional: false,
  streamCategory: 'placement',
  caseLink: 'required',
  summary:
    "The institution admitted the client: the stay runs within the standard's limit, reviewed at its interval.",
  payload: z.object({
    clientId: clientId(),
    institution: Organisation,
    admittedAt: IsoDateTime,
    firstReviewDueOn: IsoDate,
    stayLimitDate: IsoDate.optional().describe(
      "The whole service's due date (absent when its clock is not known yet)",
    ),
    ...custodyMove('the institution'),
  }),
});

export const InstitutionReviewDueV1 = defineEvent({
  type: 'InstitutionReviewDue',
  version: 1,
  context: 'placement',
  provisional: false,
  streamCategory: 'placement',
  caseLink: 'required',
  summary: "A review of the client's institution stay fell due (raised by the kit's timer).",
  payload: z.object({
    clientId: clientId(),
    reviewNumber: z.int().min(1),
    dueOn: IsoDate,
  }),
});

export const InstitutionStayReviewedV1 = defineEvent({
  type: 'InstitutionStayReviewed',
  version: 1,
  context: 'placement',
  provisional: false,
  streamCategory: 'placement',
  caseLink: 'required',
  summary: "The client's institution stay was reviewed.",
  payload: z.object({
    clientId: clientId(),
    reviewNumber: z.int().min(1),
    reviewedOn: IsoDate,
    outcome: z.enum(['continue', 'prepareDischarge']),
    notes: personalNarrative('Review notes').optional(),
    nextReviewDueOn: IsoDate.optional(),
  }),
});

export const InstitutionStayExtendedV1 = defineEvent({
  type: 'InstitutionStayExtended',
  version: 1,
  context: 'placement',
  provisional: false,
  streamCategory: 'placement',
  caseLink: 'required',
  summary: "A supervisor extended the stay beyond the standard's limit, with a reason.",
  payload: z.object({
    clientId: clientId(),
    previousLimitDate: IsoDate.optional(),
    extendedUntil: IsoDate,
    reason: ReasonInWords('Why the stay is extended'),
  }),
});

export const DischargeDestination = z
  .enum(['family', 'lks', 'otherInstitution', 'independentLiving'])
  .describe('Where the client goes: home, an LKS, another institution, or (an adult) on their own');

export const DischargedFromInstitutionV1 = defineEvent({
  type: 'DischargedFromInstitution',
  version: 1,
  context: 'placement',
  provisional: false,
  streamCategory: 'placement',
  caseLink: 'required',
  summary: 'The client left the institution, to the destination named.',
  payload: z.object({
    clientId: clientId(),
    institution: Organisation,
    dischargedAt: IsoDateTime,
    destination: DischargeDestination,
    ...custodyMove('the destination'),
  }),
});

export const LksReferralMadeV1 = defineEvent({
  type: 'LksReferralMade',
  version: 1,
  context: 'placement',
  provisional: false,
  streamCategory: 'placement',
  caseLink: 'required',
  summary:
    "The client was referred to a licensed care organisation (LKS) from the office's registry, for further rehabilitation.",
  payload: z.object({
    clientId: clientId(),
    lks: Organisation,
    ...ReferralLetter,
  }),
});

export const ClientHandedOverToLksV1 = defineEvent({
  type: 'ClientHandedOverToLks',
  version: 1,
  context: 'placement',
  provisional: false,
  streamCategory: 'placement',
  caseLink: 'required',
  summary: 'The client was handed over to the LKS, recorded in a BAST.',
  payload: z.object({
    clientId: clientId(),
    lks: Organisation,
    handedOverAt: IsoDateTime,
    place: z.string().min(1).max(300).describe('Where the handover took place (not personal)'),
    handedOverBy: ContactPerson.describe('The officer who handed the client over (PIHAK PERTAMA)'),
    receivedBy: ContactPerson.describe("The LKS's representative (PIHAK KEDUA)"),
    witnesses: z.array(ContactPerson),
    belongings: z
      .array(personalNarrative('An item the client took along'))
      .describe("The client's belongings, one item each"),
    bast: IssuedDocument,
    document: personalFile('The BAST as issued (PDF)').optional(),
    ...custodyMove('the LKS'),
  }),
});

export const CaseClosedV1 = defineEvent({
  type: 'CaseClosed',
  version: 1,
  context: 'placement',
  provisional: false,
  streamCategory: 'placement',
  caseLink: 'required',
  summary:
    "The whole service ended on an event its pinned standard names (the whole-service clock's stopsOn), with the clock's outcome.",
  payload: z.object({
    clientId: clientId(),
    closedBy: EventTypeName,
    closedAt: IsoDateTime,
    clock: z
      .object({
        code: z.string().min(1).max(100),
        startedAt: IsoDateTime,
        dueDate: IsoDate,
        dueAt: IsoDateTime,
        outcome: z.enum(['met', 'breached']),
      })
      .optional()
      .describe("The whole-service clock's outcome (absent when its start was never received)"),
  }),
});

export const placementEvents = [
  PlacementOpenedV1,
  PlacementOfficerAssignedV1,
  PlacementTransferredV1,
  ServiceClockStartedV1,
  ClientIdentityNotedV1,
  RecommendationReceivedV1,
  TracingOutcomeReceivedV1,
  CustodyRecordedV1,
  FamilySafetyAssessedV1,
  ReturnHomeArrangedV1,
  ClientReturnedHomeV1,
  HealthReferralIssuedV1,
  AdmittedToHealthFacilityV1,
  ClientLeftHealthFacilityV1,
  ConsentRecordedV1,
  InstitutionReferralIssuedV1,
  AdmittedToInstitutionV1,
  InstitutionReviewDueV1,
  InstitutionStayReviewedV1,
  InstitutionStayExtendedV1,
  DischargedFromInstitutionV1,
  LksReferralMadeV1,
  ClientHandedOverToLksV1,
  CaseClosedV1,
] as const;
