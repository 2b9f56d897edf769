import { z } from 'zod';
import { personalField, subjectReference } from '../personal-data/personal-field';

/** Shared payload building blocks. Personal parts are personal fields; everything else is clear. */

export const Id = z.string().min(1).max(100);

/** Kemendagri region code of an office: `36` (province) or `3601`–`3674` (regency/city). */
export const OfficeCode = z
  .string()
  .regex(/^\d{2}(\d{2})?$/)
  .describe('Kemendagri region code of an office: 2 digits (province) or 4 (regency/city)');

/** Kemendagri region code of any level: province, regency/city, district (kecamatan), village. */
export const RegionCode = z
  .string()
  .regex(/^\d{2}(\.?\d{2}(\.?\d{2}(\.?\d{4})?)?)?$/)
  .describe('Kemendagri region code: province, regency/city, district (kecamatan) or village');

/**
 * An office's human case number: `<office>-<year>-<sequence>` (e.g. `3603-2026-000123`), the
 * year in the office's time zone; also the case id.
 */
export const CaseNumber = z
  .string()
  .min(1)
  .max(100)
  .describe("The owning office's case number, e.g. 3603-2026-000123");

export const IsoDate = z.iso.date();
export const IsoDateTime = z.iso.datetime({ offset: true });
export const Sha256Hex = z
  .string()
  .regex(/^[0-9a-f]{64}$/)
  .describe('SHA-256, lower-case hex');

/** Which version of which service standard (SOP) a case follows; cases are pinned to one. */
export const ServiceStandardRef = z
  .object({
    code: Id.describe('Service standard code, e.g. banten-rehsos-anak-terlantar'),
    version: z.int().min(1),
  })
  .meta({ id: 'ServiceStandardRef', description: 'A pinned service standard' });
export type ServiceStandardRef = z.infer<typeof ServiceStandardRef>;

export const ClientCategory = z
  .enum(['neglectedChild', 'neglectedElderly', 'personWithDisability', 'otherPpks'])
  .describe('The PPKS category of the client');
export type ClientCategory = z.infer<typeof ClientCategory>;

/** A file in the file store, encrypted there with the data subject's key. */
export const FileReference = z.object({
  fileId: Id,
  sha256: Sha256Hex.describe('SHA-256 of the plaintext file'),
  mediaType: z.string().min(1).optional(),
});

/**
 * A document the system generates (BAST, Berita Acara Pemulangan, referral letters): it is
 * regenerated from the events, so the event holds what identifies it and the hash of what was
 * issued, not the document.
 */
export const IssuedDocument = z
  .object({
    number: z.string().min(1).max(200).describe('The document number as printed'),
    templateCode: Id,
    templateVersion: z.int().min(1),
    sha256: Sha256Hex.describe('SHA-256 of the rendered document as issued'),
  })
  .meta({ id: 'IssuedDocument' });

export const Address = z.object({
  line: z.string().max(500).optional().describe('Street, house number, RT/RW'),
  villageCode: RegionCode.optional(),
  districtCode: RegionCode.optional(),
  regencyCode: RegionCode.optional(),
  provinceCode: RegionCode.optional(),
  description: z.string().max(1000).optional().describe('Free-text description of the place'),
});

export const Nik = z
  .string()
  .regex(/^\d{16}$/)
  .describe('NIK, 16 digits');
export const FamilyCardNumber = z
  .string()
  .regex(/^\d{16}$/)
  .describe('KK number, 16 digits');

export const personName = (description: string) =>
  personalField(z.string().min(1).max(200), {
    class: 'directIdentifier',
    rule: 'drop',
    description,
  });

export const phoneNumber = (description: string) =>
  personalField(z.string().min(3).max(30), {
    class: 'directIdentifier',
    rule: 'drop',
    description,
  });

export const personalAddress = (description: string) =>
  personalField(Address, { class: 'quasiIdentifier', rule: 'generalise', description });

/** A scan, photo or biometric capture of a person: the reference itself is personal. */
export const personalFile = (description: string) =>
  personalField(FileReference, { class: 'sensitive', rule: 'drop', description });

/** Free text about a person (findings, narratives, complaint text). */
export const personalNarrative = (description: string) =>
  personalField(z.string().min(1).max(20_000), { class: 'sensitive', rule: 'drop', description });

/**
 * Someone other than the client whose personal data an event carries (reporter, escort, family
 * member, complainant): a data subject of their own, listed in the envelope's `subjectIds`.
 */
export const ContactPerson = z
  .object({
    personId: subjectReference('Data subject id of this person (in the envelope subjectIds)'),
    name: personName('Full name').optional(),
    nik: personalField(Nik, {
      class: 'directIdentifier',
      rule: 'drop',
      description: 'NIK, when known',
    }).optional(),
    phone: phoneNumber('Phone or WhatsApp number').optional(),
    email: personalField(z.email().max(254), {
      class: 'directIdentifier',
      rule: 'drop',
      description: 'E-mail address (where a reply by e-mail goes)',
    }).optional(),
    address: personalAddress('Home address').optional(),
    relationship: z
      .string()
      .max(100)
      .optional()
      .describe('Relationship to the client (e.g. mother, neighbour), not personal by itself'),
    organisation: z
      .string()
      .max(200)
      .optional()
      .describe('Organisation the person acted for (e.g. Polsek Cikarang Pusat)'),
    position: z.string().max(200).optional().describe('Position or rank in that organisation'),
  })
  .meta({ id: 'ContactPerson' });

/** An organisation (shelter, institution, LKS, health facility, office) named in an event. */
export const Organisation = z
  .object({
    code: Id.optional().describe('Registration or internal code, when it has one'),
    name: z.string().min(1).max(300),
    regionCode: RegionCode.optional(),
  })
  .meta({ id: 'Organisation' });

/**
 * Who holds the client: custody is a ledger, and each event that moves the client names the new
 * custodian. A family as custodian is named by its person ids, never by names in clear.
 */
export const Custodian = z
  .discriminatedUnion('kind', [
    z.object({ kind: z.literal('office'), officeCode: OfficeCode }),
    z.object({ kind: z.literal('shelter'), organisation: Organisation }),
    z.object({ kind: z.literal('healthFacility'), organisation: Organisation }),
    z.object({ kind: z.literal('institution'), organisation: Organisation }),
    z.object({ kind: z.literal('lks'), organisation: Organisation }),
    z.object({
      kind: z.literal('family'),
      personIds: z.array(subjectReference('Family member who received the client')).min(1),
    }),
  ])
  .meta({ id: 'Custodian' });
export type Custodian = z.infer<typeof Custodian>;

export const clientId = () => subjectReference('Data subject id of the client');
