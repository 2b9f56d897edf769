import type {
  BastInput,
  ClientDescription,
  DocumentOffice,
  Party,
  StandardBasis,
  SuratRujukanInput,
} from '@dinsos/documents';
import type { ServiceStandard, ServiceStandardCatalogue } from '@dinsos/service-standards';

/**
 * The documents intake issues, built from the case as the events record it (plaintext,
 * decrypted for the purpose of document issuing): the BAST of the handover to the Rumah Singgah
 * (seed 004 step 3) and the referral letter to another office's service. Pure: rendering is the
 * documents lib's `issueDocument`.
 */

type Plain = Record<string, unknown>;
const text = (value: unknown) =>
  typeof value === 'string' && value.length > 0 ? value : undefined;

/**
 * The letterhead of an office. The seeds give the provincial office's address; the regency and
 * city offices' addresses are not in any seed, so their letterhead names the office and region.
 */
export function documentOffice(
  catalogue: ServiceStandardCatalogue,
  officeCode: string,
  standard?: ServiceStandard,
): DocumentOffice {
  const office = catalogue.offices.get(officeCode);
  const address =
    standard && standard.issuer.regionCode === officeCode
      ? standard.issuer.address
      : `${office.officeName}, ${office.regionName}`;
  return {
    code: office.code,
    regionName: office.regionName,
    officeName: office.officeName,
    address,
    timeZone: office.timeZone,
  };
}

export function standardBasis(standard: ServiceStandard): StandardBasis {
  return {
    code: standard.code,
    version: standard.version,
    title: standard.title.original,
    skNumber: standard.skNumber,
  };
}

/**
 * The client as a document describes them, from a decrypted ClientRegistered. A document needs
 * a name or the name the client is called by: an unnamed client is "tidak diketahui".
 */
export function clientDescription(
  registration: Plain | undefined,
  category: ClientDescription['category'],
): ClientDescription {
  const plain = registration ?? {};
  const address = (plain.address ?? {}) as Plain;
  const name = text(plain.name);
  const calledName = text(plain.calledName) ?? (name ? undefined : 'tidak diketahui');
  const sex = plain.sex === 'female' || plain.sex === 'male' ? plain.sex : 'unknown';
  return {
    ...(name ? { name } : {}),
    ...(calledName ? { calledName } : {}),
    sex,
    category,
    ...(text(plain.nik) ? { nik: plain.nik as string } : {}),
    ...(text(plain.placeOfBirth) ? { placeOfBirth: plain.placeOfBirth as string } : {}),
    ...(text(plain.dateOfBirth) ? { dateOfBirth: plain.dateOfBirth as string } : {}),
    ...(typeof plain.estimatedAgeYears === 'number' && !text(plain.dateOfBirth)
      ? { estimatedAgeYears: plain.estimatedAgeYears }
      : {}),
    ...(text(address.line) ? { originAddress: address.line as string } : {}),
    ...(text(plain.physicalDescription)
      ? { description: plain.physicalDescription as string }
      : {}),
  };
}

/** A party of a document from a decrypted ContactPerson. */
export function partyOf(person: Plain): Party {
  const address = (person.address ?? {}) as Plain;
  return {
    name: text(person.name) ?? 'tidak diketahui',
    ...(text(person.nik) ? { idLabel: 'NIK' as const, idNumber: person.nik as string } : {}),
    ...(text(person.position) ? { position: person.position as string } : {}),
    ...(text(person.organisation) ? { organisation: person.organisation as string } : {}),
    ...(text(address.line) ? { address: address.line as string } : {}),
    ...(text(person.phone) ? { phone: person.phone as string } : {}),
    ...(text(person.relationship) ? { relationship: person.relationship as string } : {}),
  };
}

export const bastTemplate = { code: 'bast-rumah-singgah', version: 1 } as const;
export const referralLetterTemplate = { code: 'surat-rujukan', version: 1 } as const;

/** The BAST of the handover to the shelter (seed 004 step 3). */
export function shelterHandoverBast(input: {
  office: DocumentOffice;
  number: string;
  caseNumber: string;
  standard: ServiceStandard;
  handedOverAt: string;
  place: string;
  shelterName: string;
  handingOver: Party;
  receiving: Party;
  client: ClientDescription;
  belongings: string[];
}): BastInput {
  return {
    office: input.office,
    number: input.number,
    caseNumber: input.caseNumber,
    standard: standardBasis(input.standard),
    handedOverAt: input.handedOverAt,
    place: input.place,
    receivingOrganisation: input.shelterName,
    handingOver: input.handingOver,
    receiving: input.receiving,
    client: input.client,
    belongings: input.belongings,
  };
}

const referralReasons: Record<string, string> = {
  continueRepatriation: 'Melanjutkan pemulangan klien.',
  sick: 'Klien dalam kondisi sakit.',
  inInstitutionService: 'Klien memerlukan pelayanan dalam panti.',
  foundNeglected: 'Klien ditemukan dalam keadaan terlantar.',
};

/** The referral letter to another office's service (a regency to the province). */
export function officeReferralLetter(input: {
  office: DocumentOffice;
  receivingOffice: DocumentOffice;
  number: string;
  caseNumber: string;
  standard: ServiceStandard;
  issuedAt: string;
  client: ClientDescription;
  reason: string;
  note?: string;
  signatory: { name: string; position: string; nip?: string };
}): SuratRujukanInput {
  return {
    office: input.office,
    number: input.number,
    caseNumber: input.caseNumber,
    standard: standardBasis(input.standard),
    issuedAt: input.issuedAt,
    signedIn: input.office.regionName,
    kind: 'office',
    addressee: {
      name: `Kepala ${input.receivingOffice.officeName}`,
      town: input.receivingOffice.regionName,
    },
    client: input.client,
    reason: [referralReasons[input.reason] ?? input.reason, input.note].filter(Boolean).join(' '),
    signatory: {
      name: input.signatory.name,
      position: input.signatory.position,
      ...(input.signatory.nip ? { idLabel: 'NIP' as const, idNumber: input.signatory.nip } : {}),
    },
  };
}
