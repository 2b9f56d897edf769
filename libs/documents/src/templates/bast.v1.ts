import { z } from 'zod';
import { formatDateInWords, officeDateTime } from '../format/indonesian';
import type { Block } from '../model';
import {
  caseFields,
  ClientDescription,
  clientFields,
  closingSentence,
  DocumentOffice,
  Instant,
  letterhead,
  Party,
  partyFields,
  signatureOf,
  StandardBasis,
  Text,
  type DocumentTemplate,
} from './common';

/**
 * Berita Acara Serah Terima (BAST) of a client, version 1, in its two uses in seed 004: the
 * reporter hands the client over to the Rumah Singgah (step 3), and Dinsos hands the client over
 * to an LKS (step 7). Frozen once used: a change of wording is a version 2 beside it.
 */
const BastInput = z.strictObject({
  office: DocumentOffice,
  number: Text,
  caseNumber: Text,
  standard: StandardBasis,
  handedOverAt: Instant,
  /** Where the handover took place. */
  place: Text,
  /** The shelter or LKS that takes the client in. */
  receivingOrganisation: Text,
  handingOver: Party,
  receiving: Party,
  client: ClientDescription,
  belongings: z.array(Text).default([]),
  witnesses: z.array(Party).default([]),
  notes: Text.optional(),
});
export type BastInput = z.input<typeof BastInput>;

function bastTemplate(
  code: string,
  purpose: (organisation: string, standard: z.infer<typeof StandardBasis>) => string,
): DocumentTemplate<z.output<typeof BastInput>> {
  return {
    code,
    version: 1,
    kind: 'bast',
    title: 'BERITA ACARA SERAH TERIMA KLIEN',
    numberPrefix: 'BAST',
    input: BastInput as unknown as z.ZodType<z.output<typeof BastInput>>,
    build(input) {
      const { date, time } = officeDateTime(input.handedOverAt, input.office.timeZone);
      const blocks: Block[] = [
        letterhead(input.office),
        { kind: 'title', text: 'BERITA ACARA SERAH TERIMA KLIEN', number: input.number },
        caseFields(input.caseNumber, input.standard),
        {
          kind: 'paragraph',
          text: `Pada ${formatDateInWords(date)}, pukul ${time}, bertempat di ${input.place}, kami yang bertanda tangan di bawah ini:`,
        },
        partyFields(input.handingOver),
        { kind: 'paragraph', text: 'selanjutnya disebut PIHAK PERTAMA (yang menyerahkan), dan' },
        partyFields(input.receiving),
        { kind: 'paragraph', text: 'selanjutnya disebut PIHAK KEDUA (yang menerima).' },
        {
          kind: 'paragraph',
          text: 'PIHAK PERTAMA menyerahkan kepada PIHAK KEDUA, dan PIHAK KEDUA menerima dari PIHAK PERTAMA, seorang klien dengan identitas sebagai berikut:',
        },
        clientFields(input.client),
        { kind: 'paragraph', text: purpose(input.receivingOrganisation, input.standard) },
      ];
      if (input.belongings.length) {
        blocks.push(
          { kind: 'heading', text: 'Barang bawaan klien' },
          { kind: 'list', ordered: true, items: input.belongings },
        );
      }
      if (input.notes) blocks.push({ kind: 'paragraph', text: `Catatan: ${input.notes}` });
      blocks.push({ kind: 'paragraph', text: closingSentence });
      blocks.push({
        kind: 'signatures',
        parties: [
          signatureOf('PIHAK PERTAMA (yang menyerahkan)', input.handingOver),
          signatureOf('PIHAK KEDUA (yang menerima)', input.receiving),
        ],
      });
      if (input.witnesses.length) {
        blocks.push({
          kind: 'signatures',
          parties: input.witnesses.map((witness) => signatureOf('Saksi', witness)),
        });
      }
      return {
        templateCode: code,
        templateVersion: 1,
        number: input.number,
        issuedAt: input.handedOverAt,
        timeZone: input.office.timeZone,
        title: 'BERITA ACARA SERAH TERIMA KLIEN',
        author: input.office.officeName,
        blocks,
      };
    },
  };
}

/** Seed 004 step 3: to the Rumah Singgah, for further assessment and basic rehabilitation. */
export const bastRumahSinggahV1 = bastTemplate(
  'bast-rumah-singgah',
  (organisation, standard) =>
    `Klien diserahkan untuk ditempatkan di ${organisation} guna asesmen lanjutan dan layanan rehabilitasi sosial dasar, sesuai standar pelayanan "${standard.title}".`,
);

/** Seed 004 step 7: to an LKS, for further social rehabilitation. */
export const bastLksV1 = bastTemplate(
  'bast-lks',
  (organisation, standard) =>
    `Klien diserahkan kepada ${organisation} untuk mendapatkan layanan rehabilitasi sosial lanjut, sesuai standar pelayanan "${standard.title}".`,
);
