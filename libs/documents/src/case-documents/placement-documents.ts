import type { BastInput } from '../templates/bast.v1';
import type { BeritaAcaraPemulanganInput } from '../templates/berita-acara-pemulangan.v1';
import type { SuratRujukanInput } from '../templates/surat-rujukan.v1';
import { factName, printable } from './document-facts';
import { signatoryOf } from './intake-documents';
import { partyOf } from './people';
import type { IssuingContext } from './issuing-context';

/**
 * The documents placement issues, from the events alone: the Berita Acara Pemulangan (seed 004
 * step 5), the BAST of the handover to an LKS (step 7), and the referral letters to a health
 * facility, an institution (on recorded consent) and an LKS. The client is described as the
 * latest ClientIdentityNoted (placement's copy of intake's registration) or ClientRegistered
 * before the issuing event says.
 */

type Organisation = { name: string; regionCode?: string };
type Plain = Record<string, unknown>;

const clientIdentity = ['ClientIdentityNoted', 'ClientRegistered'] as const;

function people(context: IssuingContext, field: string, required: boolean): Plain[] {
  const value = context.payload[field];
  if (value === undefined && !required) return [];
  if (!Array.isArray(value) || (required && value.length === 0)) {
    context.missing(`${field} in ${context.issuing.type}`);
  }
  return value as Plain[];
}

/**
 * ClientReturnedHome → the Berita Acara Pemulangan: the officer (PIHAK PERTAMA) and the family
 * members who received the client (PIHAK KEDUA; "keluarga" when no relationship is recorded).
 * Version 1 of the template has no witnesses: the event's witnesses are not printed.
 */
export function returnHomeRecord(context: IssuingContext): BeritaAcaraPemulanganInput {
  const notes = context.optional<string>('notes');
  return {
    office: context.office,
    number: context.number,
    caseNumber: context.caseNumber(),
    standard: context.standard,
    returnedAt: context.required<string>('returnedAt'),
    place: context.required<string>('place'),
    officer: context.party(context.payload.officer, 'officer'),
    family: people(context, 'receivedBy', true).map((member, index) => {
      const party = context.party(member, `receivedBy.${index}`);
      return { ...party, relationship: party.relationship ?? 'keluarga' };
    }),
    client: context.client(clientIdentity),
    ...(notes ? { notes } : {}),
  };
}

/** ClientHandedOverToLks → the BAST: the officer hands over, the LKS's representative receives. */
export function lksHandoverBast(context: IssuingContext): BastInput {
  const lks = context.required<Organisation>('lks');
  const belongings = context.payload.belongings ?? [];
  if (!Array.isArray(belongings))
    context.missing(`belongings as a list in ${context.issuing.type}`);
  return {
    office: context.office,
    number: context.number,
    caseNumber: context.caseNumber(),
    standard: context.standard,
    handedOverAt: context.required<string>('handedOverAt'),
    place: context.required<string>('place'),
    receivingOrganisation: lks.name,
    handingOver: context.party(context.payload.handedOverBy, 'handedOverBy'),
    receiving: {
      ...context.party(context.payload.receivedBy, 'receivedBy'),
      organisation: lks.name,
    },
    client: context.client(clientIdentity),
    belongings: belongings.map((item, index) =>
      printable(item as string, factName(context.issuing, `belongings.${index}`)),
    ),
    witnesses: people(context, 'witnesses', false).map((witness, index) =>
      context.party(witness, `witnesses.${index}`),
    ),
  };
}

/** What every referral letter placement issues says, whatever its addressee. */
function referralLetter(
  context: IssuingContext,
  letter: Pick<SuratRujukanInput, 'kind' | 'addressee' | 'reason' | 'consent'>,
): SuratRujukanInput {
  return {
    office: context.office,
    number: context.number,
    caseNumber: context.caseNumber(),
    standard: context.standard,
    issuedAt: context.required<string>('issuedAt'),
    signedIn: context.office.regionName,
    client: context.client(clientIdentity),
    signatory: signatoryOf(context, context.required<Plain>('signatory'), 'signatory'),
    ...letter,
  };
}

/** HealthReferralIssued → the letter to the health facility, with the health reason recorded. */
export function healthReferralLetter(context: IssuingContext): SuratRujukanInput {
  const facility = context.required<Organisation>('facility');
  return referralLetter(context, {
    kind: 'healthFacility',
    addressee: { name: facility.name, town: context.townOf(facility) },
    reason: context.required<string>('reason'),
  });
}

/** The reason an institution referral states: the consent it rests on is stated beside it. */
export const institutionReferralReason =
  'Klien memerlukan rehabilitasi sosial lanjut di dalam panti.';

/** The reason an LKS referral states. */
export const lksReferralReason =
  'Klien memerlukan layanan rehabilitasi sosial lanjut melalui Lembaga Kesejahteraan Sosial.';

/**
 * InstitutionReferralIssued → the letter to the institution, citing the ConsentRecorded whose
 * consentId it names (seed 000 step 6c).
 */
export function institutionReferralLetter(context: IssuingContext): SuratRujukanInput {
  const institution = context.required<Organisation>('institution');
  const consentId = context.required<string>('consentId');
  const consent = context.latest(
    ['ConsentRecorded'],
    (fact) => fact.payload.consentId === consentId,
  );
  if (!consent) context.missing(`the ConsentRecorded ${consentId} it rests on`);
  const { givenBy, giverRole, letterDate } = consent.payload;
  if (!givenBy || typeof givenBy !== 'object') context.missing('givenBy in ConsentRecorded');
  if (typeof giverRole !== 'string') context.missing('giverRole in ConsentRecorded');
  if (typeof letterDate !== 'string') context.missing('letterDate in ConsentRecorded');
  return referralLetter(context, {
    kind: 'institution',
    addressee: { name: institution.name, town: context.townOf(institution) },
    reason: institutionReferralReason,
    consent: {
      givenBy: partyOf(givenBy as Plain, factName(consent, 'givenBy')).name,
      giverRole: giverRole as NonNullable<SuratRujukanInput['consent']>['giverRole'],
      letterDate,
    },
  });
}

/** LksReferralMade → the letter to the LKS. */
export function lksReferralLetter(context: IssuingContext): SuratRujukanInput {
  const lks = context.required<Organisation>('lks');
  return referralLetter(context, {
    kind: 'lks',
    addressee: { name: lks.name, town: context.townOf(lks) },
    reason: lksReferralReason,
  });
}
