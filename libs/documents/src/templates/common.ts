import { ConsentGiverRole, schemas } from '@dinsos/contracts';
import {
  indonesianTimeZones,
  isLocalDate,
  type DocumentKind,
  type IndonesianTimeZone,
} from '@dinsos/service-standards';
import { z } from 'zod';
import { formatDate, formatYears } from '../format/indonesian';
import type { Block, DocumentModel, SignatureParty } from '../model';

/**
 * What every template's input is made of. The values are plaintext (decrypted by the caller
 * through the vault for this purpose); the rendered document is then stored in the file store,
 * encrypted with the client's key, and only its number, template and hash go into an event.
 */

const Text = z.string().min(1).max(2000);
const Instant = z.iso.datetime({ offset: true });
const LocalDateSchema = z.string().refine(isLocalDate, 'a YYYY-MM-DD date');

export const DocumentOffice = z.strictObject({
  code: z.string().regex(/^\d{2}(\d{2})?$/),
  regionName: Text.describe('e.g. Kabupaten Tangerang'),
  officeName: Text.describe('e.g. Dinas Sosial Kabupaten Tangerang'),
  address: Text,
  timeZone: z.enum(
    Object.keys(indonesianTimeZones) as [IndonesianTimeZone, ...IndonesianTimeZone[]],
  ),
});
export type DocumentOffice = z.infer<typeof DocumentOffice>;

export const Party = z.strictObject({
  name: Text,
  /** What idNumber is: NIK for a citizen, NIP for a civil servant, NRP for a police officer. */
  idLabel: z.enum(['NIK', 'NIP', 'NRP']).optional(),
  idNumber: z.string().min(1).max(30).optional(),
  position: Text.optional(),
  organisation: Text.optional(),
  address: Text.optional(),
  phone: z.string().min(3).max(30).optional(),
  relationship: Text.optional().describe('Relationship to the client, for family members'),
});
export type Party = z.infer<typeof Party>;

export const ClientDescription = z
  .strictObject({
    name: Text.optional(),
    calledName: Text.optional(),
    sex: z.enum(['female', 'male', 'unknown']),
    category: schemas.ClientCategory,
    nik: z
      .string()
      .regex(/^\d{16}$/)
      .optional(),
    placeOfBirth: Text.optional(),
    dateOfBirth: LocalDateSchema.optional(),
    estimatedAgeYears: z.int().min(0).max(130).optional(),
    originAddress: Text.optional(),
    description: Text.optional().describe('Distinguishing features'),
  })
  .refine((c) => c.name || c.calledName, 'a client needs a name or the name they are called by');
export type ClientDescription = z.infer<typeof ClientDescription>;

export const StandardBasis = z.strictObject({
  code: z.string().min(1),
  version: z.int().min(1),
  title: Text,
  skNumber: Text,
});
export type StandardBasis = z.infer<typeof StandardBasis>;

export { ConsentGiverRole };
export { Instant, LocalDateSchema, Text };

export interface DocumentTemplate<TInput = unknown> {
  code: string;
  version: number;
  kind: DocumentKind;
  title: string;
  /** The first part of the template's document numbers, e.g. `BAST`. */
  numberPrefix: string;
  input: z.ZodType<TInput>;
  build(input: TInput): DocumentModel;
}

const sexLabels = { female: 'Perempuan', male: 'Laki-laki', unknown: 'Tidak diketahui' } as const;
const categoryLabels = {
  neglectedChild: 'Anak terlantar',
  neglectedElderly: 'Lanjut usia terlantar',
  personWithDisability: 'Penyandang disabilitas terlantar',
  otherPpks: 'PPKS lainnya',
} as const;

export function letterhead(office: DocumentOffice): Block {
  return {
    kind: 'letterhead',
    lines: [`PEMERINTAH ${office.regionName.toUpperCase()}`, 'DINAS SOSIAL'],
    address: office.address,
  };
}

export function caseFields(caseNumber: string, standard: StandardBasis): Block {
  return {
    kind: 'fields',
    rows: [
      { label: 'Nomor kasus', value: caseNumber },
      { label: 'Standar pelayanan', value: `${standard.title} (SK ${standard.skNumber})` },
    ],
  };
}

export function partyFields(party: Party): Block {
  const rows = [{ label: 'Nama', value: party.name }];
  if (party.idNumber)
    rows.push({ label: party.idLabel ?? 'Nomor identitas', value: party.idNumber });
  if (party.position) rows.push({ label: 'Jabatan', value: party.position });
  if (party.organisation) rows.push({ label: 'Instansi/Lembaga', value: party.organisation });
  if (party.relationship) rows.push({ label: 'Hubungan dengan klien', value: party.relationship });
  if (party.address) rows.push({ label: 'Alamat', value: party.address });
  if (party.phone) rows.push({ label: 'Telepon', value: party.phone });
  return { kind: 'fields', rows };
}

export function clientFields(client: ClientDescription): Block {
  const name = client.name ?? '(belum diketahui)';
  const rows = [
    { label: 'Nama', value: client.calledName ? `${name}, dipanggil ${client.calledName}` : name },
    { label: 'Jenis kelamin', value: sexLabels[client.sex] },
  ];
  if (client.nik) rows.push({ label: 'NIK', value: client.nik });
  if (client.dateOfBirth) {
    rows.push({
      label: 'Tempat/tanggal lahir',
      value: `${client.placeOfBirth ?? '-'}, ${formatDate(client.dateOfBirth)}`,
    });
  } else if (client.estimatedAgeYears !== undefined) {
    rows.push({ label: 'Usia (perkiraan)', value: formatYears(client.estimatedAgeYears) });
  }
  rows.push({ label: 'Kategori', value: categoryLabels[client.category] });
  if (client.originAddress) rows.push({ label: 'Alamat asal', value: client.originAddress });
  if (client.description) rows.push({ label: 'Ciri-ciri', value: client.description });
  return { kind: 'fields', rows };
}

export function signatureOf(caption: string, party: Party): SignatureParty {
  const details: string[] = [];
  if (party.position) details.push(party.position);
  if (party.idNumber && party.idLabel && party.idLabel !== 'NIK')
    details.push(`${party.idLabel}. ${party.idNumber}`);
  if (party.relationship) details.push(party.relationship);
  return { caption, name: party.name, details };
}

export const closingSentence =
  'Demikian berita acara ini dibuat dengan sebenar-benarnya dalam rangkap secukupnya untuk dipergunakan sebagaimana mestinya.';
