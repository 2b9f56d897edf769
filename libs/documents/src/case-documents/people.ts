import type { ClientDescription, Party } from '../templates/common';
import { printable, text } from './document-facts';

type Plain = Record<string, unknown>;

/**
 * The client as a document describes them, from a decrypted ClientRegistered (or placement's
 * ClientIdentityNoted, the same payload). A document needs a name or the name the client is
 * called by: an unnamed client is "tidak diketahui". A field it prints that was erased throws
 * ErasedDocumentFactError (`what` names the fact in it).
 */
export function clientDescription(
  registration: Plain | undefined,
  category: ClientDescription['category'],
  what = 'the client',
): ClientDescription {
  const plain = registration ?? {};
  const field = (key: string) => text(plain[key], `${what}: ${key}`);
  const address = (printable(plain.address, `${what}: address`) ?? {}) as Plain;
  const name = field('name');
  const calledName = field('calledName') ?? (name ? undefined : 'tidak diketahui');
  const sex = plain.sex === 'female' || plain.sex === 'male' ? plain.sex : 'unknown';
  const nik = field('nik');
  const placeOfBirth = field('placeOfBirth');
  const dateOfBirth = field('dateOfBirth');
  const estimatedAgeYears = printable(plain.estimatedAgeYears, `${what}: estimatedAgeYears`);
  const originAddress = text(address.line, `${what}: address.line`);
  const description = field('physicalDescription');
  return {
    ...(name ? { name } : {}),
    ...(calledName ? { calledName } : {}),
    sex,
    category,
    ...(nik ? { nik } : {}),
    ...(placeOfBirth ? { placeOfBirth } : {}),
    ...(dateOfBirth ? { dateOfBirth } : {}),
    ...(typeof estimatedAgeYears === 'number' && !dateOfBirth ? { estimatedAgeYears } : {}),
    ...(originAddress ? { originAddress } : {}),
    ...(description ? { description } : {}),
  };
}

/**
 * A party of a document from a decrypted ContactPerson (or a letter's signatory, whose NIP is
 * printed as such; a NIK otherwise). A field it prints that was erased throws
 * ErasedDocumentFactError.
 */
export function partyOf(person: Plain, what = 'a person'): Party {
  const field = (key: string) => text(person[key], `${what}: ${key}`);
  const address = (printable(person.address, `${what}: address`) ?? {}) as Plain;
  const nip = field('nip');
  const nik = field('nik');
  const position = field('position');
  const organisation = field('organisation');
  const line = text(address.line, `${what}: address.line`);
  const phone = field('phone');
  const relationship = field('relationship');
  return {
    name: field('name') ?? 'tidak diketahui',
    ...(nip
      ? { idLabel: 'NIP' as const, idNumber: nip }
      : nik
        ? { idLabel: 'NIK' as const, idNumber: nik }
        : {}),
    ...(position ? { position } : {}),
    ...(organisation ? { organisation } : {}),
    ...(line ? { address: line } : {}),
    ...(phone ? { phone } : {}),
    ...(relationship ? { relationship } : {}),
  };
}
