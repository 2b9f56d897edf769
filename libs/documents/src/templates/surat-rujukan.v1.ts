import { z } from 'zod';
import { formatDate, formatInteger, officeDateTime } from '../format/indonesian';
import type { Block } from '../model';
import {
  ClientDescription,
  clientFields,
  ConsentGiverRole,
  DocumentOffice,
  Instant,
  LocalDateSchema,
  letterhead,
  Party,
  signatureOf,
  StandardBasis,
  Text,
  type DocumentTemplate,
} from './common';

/**
 * Surat rujukan (referral letter), version 1: seed 000 step 6 (return home, health facility,
 * institution care on recorded consent), seed 004 step 6 (LKS), and a referral to another
 * office's service (a regency to the province).
 */
export const referralKinds = [
  'returnHome',
  'healthFacility',
  'institution',
  'lks',
  'office',
] as const;

const subjects: Record<(typeof referralKinds)[number], string> = {
  returnHome: 'Rujukan Pemulangan Klien',
  healthFacility: 'Rujukan ke Fasilitas Kesehatan',
  institution: 'Rujukan Pelayanan dalam Panti',
  lks: 'Rujukan ke Lembaga Kesejahteraan Sosial',
  office: 'Rujukan Klien',
};

const requests: Record<(typeof referralKinds)[number], string> = {
  returnHome:
    'Mohon bantuan Saudara untuk menerima dan mendampingi pemulangan klien tersebut kepada keluarganya.',
  healthFacility:
    'Mohon kiranya klien tersebut dapat diberikan pemeriksaan dan perawatan kesehatan sesuai kebutuhannya.',
  institution:
    'Mohon kiranya klien tersebut dapat diterima untuk mendapatkan rehabilitasi sosial lanjut di dalam panti.',
  lks: 'Mohon kiranya klien tersebut dapat diterima untuk mendapatkan layanan rehabilitasi sosial lanjut.',
  office:
    'Mohon kiranya klien tersebut dapat diterima untuk mendapatkan pelayanan sesuai standar pelayanan yang berlaku pada instansi Saudara.',
};

const consentGiverLabels: Record<z.infer<typeof ConsentGiverRole>, string> = {
  family: 'keluarga',
  guardian: 'wali',
  caregiver: 'pengasuh',
  villageOfficial: 'aparat desa',
  lurah: 'lurah',
  headOfLocalDinsos: 'kepala dinas sosial setempat',
};

const SuratRujukanInput = z
  .strictObject({
    office: DocumentOffice,
    number: Text,
    caseNumber: Text,
    standard: StandardBasis,
    issuedAt: Instant,
    /** The town the letter is signed in, e.g. Tigaraksa. */
    signedIn: Text,
    kind: z.enum(referralKinds),
    addressee: z.strictObject({ name: Text, organisation: Text.optional(), town: Text }),
    client: ClientDescription,
    reason: Text,
    consent: z
      .strictObject({ givenBy: Text, giverRole: ConsentGiverRole, letterDate: LocalDateSchema })
      .optional()
      .describe('Required for institution care (seed 000 step 6c)'),
    attachments: z.array(Text).default([]),
    signatory: Party.extend({ position: Text }),
    copiesTo: z.array(Text).default([]),
  })
  .refine((input) => input.kind !== 'institution' || input.consent, {
    message: 'a referral to institution care needs the recorded consent',
    path: ['consent'],
  });
export type SuratRujukanInput = z.input<typeof SuratRujukanInput>;

export const suratRujukanV1: DocumentTemplate<z.output<typeof SuratRujukanInput>> = {
  code: 'surat-rujukan',
  version: 1,
  kind: 'referralLetter',
  title: 'SURAT RUJUKAN',
  numberPrefix: 'SR',
  input: SuratRujukanInput as unknown as z.ZodType<z.output<typeof SuratRujukanInput>>,
  build(input) {
    const { date } = officeDateTime(input.issuedAt, input.office.timeZone);
    const attachments = input.attachments.length
      ? `${formatInteger(input.attachments.length)} berkas`
      : '-';
    const addressee = [
      input.addressee.name,
      ...(input.addressee.organisation ? [input.addressee.organisation] : []),
    ];
    const blocks: Block[] = [
      letterhead(input.office),
      { kind: 'paragraph', align: 'left', text: `${input.signedIn}, ${formatDate(date)}` },
      {
        kind: 'fields',
        rows: [
          { label: 'Nomor', value: input.number },
          { label: 'Sifat', value: 'Biasa' },
          { label: 'Lampiran', value: attachments },
          { label: 'Perihal', value: subjects[input.kind] },
        ],
      },
      {
        kind: 'paragraph',
        align: 'left',
        text: `Kepada Yth. ${addressee.join(', ')} di ${input.addressee.town}`,
      },
      { kind: 'paragraph', align: 'left', text: 'Dengan hormat,' },
      {
        kind: 'paragraph',
        text: `Bersama ini kami merujuk seorang klien yang sedang dalam penanganan ${input.office.officeName} (nomor kasus ${input.caseNumber}; standar pelayanan "${input.standard.title}", SK ${input.standard.skNumber}), dengan identitas sebagai berikut:`,
      },
      clientFields(input.client),
      { kind: 'paragraph', text: `Alasan rujukan: ${input.reason}` },
    ];
    if (input.consent) {
      blocks.push({
        kind: 'paragraph',
        text: `Rujukan ini didasarkan atas surat persetujuan untuk mendapatkan rehabilitasi sosial lanjut dari ${consentGiverLabels[input.consent.giverRole]}, atas nama ${input.consent.givenBy}, tertanggal ${formatDate(input.consent.letterDate)}.`,
      });
    }
    blocks.push({ kind: 'paragraph', text: requests[input.kind] });
    if (input.attachments.length) {
      blocks.push(
        { kind: 'heading', text: 'Lampiran' },
        { kind: 'list', ordered: true, items: input.attachments },
      );
    }
    blocks.push({
      kind: 'paragraph',
      text: 'Demikian surat rujukan ini kami sampaikan. Atas perhatian dan kerja samanya, kami ucapkan terima kasih.',
    });
    const { position, ...signatory } = input.signatory;
    blocks.push({ kind: 'signatures', parties: [signatureOf(position, signatory)] });
    if (input.copiesTo.length) {
      blocks.push(
        { kind: 'heading', text: 'Tembusan' },
        { kind: 'list', ordered: true, items: input.copiesTo },
      );
    }
    return {
      templateCode: 'surat-rujukan',
      templateVersion: 1,
      number: input.number,
      issuedAt: input.issuedAt,
      timeZone: input.office.timeZone,
      title: `SURAT RUJUKAN - ${subjects[input.kind].toUpperCase()}`,
      author: input.office.officeName,
      blocks,
    };
  },
};
