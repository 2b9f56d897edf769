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

/** Berita Acara Pemulangan, version 1 (seed 004 step 5): the client goes back to the family. */
const PemulanganInput = z.strictObject({
  office: DocumentOffice,
  number: Text,
  caseNumber: Text,
  standard: StandardBasis,
  returnedAt: Instant,
  place: Text.describe("Where the client was handed to the family, usually the family's home"),
  officer: Party,
  family: z.array(Party.extend({ relationship: Text })).min(1),
  client: ClientDescription,
  notes: Text.optional(),
});
export type BeritaAcaraPemulanganInput = z.input<typeof PemulanganInput>;

export const beritaAcaraPemulanganV1: DocumentTemplate<z.output<typeof PemulanganInput>> = {
  code: 'berita-acara-pemulangan',
  version: 1,
  kind: 'beritaAcaraPemulangan',
  title: 'BERITA ACARA PEMULANGAN KLIEN',
  numberPrefix: 'BAP',
  input: PemulanganInput as unknown as z.ZodType<z.output<typeof PemulanganInput>>,
  build(input) {
    const { date, time } = officeDateTime(input.returnedAt, input.office.timeZone);
    const blocks: Block[] = [
      letterhead(input.office),
      { kind: 'title', text: 'BERITA ACARA PEMULANGAN KLIEN', number: input.number },
      caseFields(input.caseNumber, input.standard),
      {
        kind: 'paragraph',
        text: `Pada ${formatDateInWords(date)}, pukul ${time}, bertempat di ${input.place}, telah dilakukan pemulangan klien dari ${input.office.officeName} kepada keluarganya, dengan keterangan sebagai berikut.`,
      },
      { kind: 'heading', text: 'I. Petugas yang memulangkan (PIHAK PERTAMA)' },
      partyFields(input.officer),
      { kind: 'heading', text: 'II. Keluarga yang menerima (PIHAK KEDUA)' },
      ...input.family.map(partyFields),
      { kind: 'heading', text: 'III. Identitas klien' },
      clientFields(input.client),
      {
        kind: 'paragraph',
        text: 'Sejak berita acara ini ditandatangani, pengasuhan dan tanggung jawab atas klien beralih dari PIHAK PERTAMA kepada PIHAK KEDUA.',
      },
    ];
    if (input.notes) blocks.push({ kind: 'paragraph', text: `Catatan: ${input.notes}` });
    blocks.push({ kind: 'paragraph', text: closingSentence });
    blocks.push({
      kind: 'signatures',
      parties: [
        signatureOf('PIHAK PERTAMA', input.officer),
        ...input.family.map((member) => signatureOf('PIHAK KEDUA', member)),
      ],
    });
    return {
      templateCode: 'berita-acara-pemulangan',
      templateVersion: 1,
      number: input.number,
      issuedAt: input.returnedAt,
      timeZone: input.office.timeZone,
      title: 'BERITA ACARA PEMULANGAN KLIEN',
      author: input.office.officeName,
      blocks,
    };
  },
};
