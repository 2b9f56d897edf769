import type { BastInput } from '../templates/bast.v1';
import type { SuratRujukanInput } from '../templates/surat-rujukan.v1';
import type { IssuingContext } from './issuing-context';

/**
 * The documents intake issues, from the events alone: the BAST of the handover to the Rumah
 * Singgah (seed 004 step 3) and the referral letter to another office's service.
 */

type Organisation = { name: string; regionCode?: string };

/**
 * ClientHandedOverToShelter → the BAST: the reporter or escort hands over (PIHAK PERTAMA), the
 * shelter's officer receives for the shelter (PIHAK KEDUA); the client as the latest
 * ClientRegistered before it registers them. The belongings are recorded as one text, an item
 * a line (intake refuses items with a line break).
 */
export function shelterHandoverBast(context: IssuingContext): BastInput {
  const shelter = context.required<Organisation>('shelter');
  const belongings = context.optional<string>('belongings');
  return {
    office: context.office,
    number: context.number,
    caseNumber: context.caseNumber(),
    standard: context.standard,
    handedOverAt: context.required<string>('handedOverAt'),
    // Intake records the place, the shelter when the officer names none: the same rule here.
    place: context.optional<string>('place') ?? shelter.name,
    receivingOrganisation: shelter.name,
    handingOver: context.party(context.payload.handedOverBy, 'handedOverBy'),
    receiving: {
      ...context.party(context.payload.receivedBy, 'receivedBy'),
      organisation: shelter.name,
    },
    client: context.client(['ClientRegistered']),
    belongings: belongings ? belongings.split('\n') : [],
  };
}

/** The reasons a referral between offices states (the contracts' ReferralReason), in words. */
export const officeReferralReasons: Readonly<Record<string, string>> = {
  continueRepatriation: 'Melanjutkan pemulangan klien.',
  sick: 'Klien dalam kondisi sakit.',
  inInstitutionService: 'Klien memerlukan pelayanan dalam panti.',
  foundNeglected: 'Klien ditemukan dalam keadaan terlantar.',
};

/**
 * CaseReferredToOffice → the referral letter to the head of the receiving office, signed by the
 * signatory the event records, dated by its `issuedAt`.
 */
export function officeReferralLetter(context: IssuingContext): SuratRujukanInput {
  const receiving = context.directory.office(context.required<string>('toOfficeCode'));
  const reason = context.required<string>('reason');
  const note = context.optional<string>('note');
  const signatory = context.required<Record<string, unknown>>('signatory');
  return {
    office: context.office,
    number: context.number,
    caseNumber: context.caseNumber(),
    standard: context.standard,
    issuedAt: context.required<string>('issuedAt'),
    signedIn: context.office.regionName,
    kind: 'office',
    addressee: { name: `Kepala ${receiving.officeName}`, town: receiving.regionName },
    client: context.client(['ClientRegistered']),
    reason: [officeReferralReasons[reason] ?? reason, note].filter(Boolean).join(' '),
    signatory: signatoryOf(context, signatory, 'signatory'),
  };
}

/** A letter's signatory: a party with the position printed under the signature. */
export function signatoryOf(
  context: IssuingContext,
  person: Record<string, unknown>,
  field: string,
): SuratRujukanInput['signatory'] {
  const party = context.party(person, field);
  const position = party.position;
  if (!position) context.missing(`${field}.position (printed under the signature)`);
  return { ...party, position };
}
