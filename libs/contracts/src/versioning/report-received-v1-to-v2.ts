import type { EventPayloadOfVersion } from '../catalogue/catalogue';
import type { z } from 'zod';
import type { ReportSourceKind } from '../events/intake';

type ReportReceivedV1 = EventPayloadOfVersion<'ReportReceived', 1>;
type ReportReceivedV2 = EventPayloadOfVersion<'ReportReceived', 2>;

// Officers typed the source in Indonesian; the words are data here, matched in this order
// (a "Dinas Sosial Kabupaten" letter names a regency, not a village).
const sourceWords: Array<[RegExp, z.infer<typeof ReportSourceKind>]> = [
  [/\b(polisi|kepolisian|polsek|polres|polresta|polda|police)\b/i, 'police'],
  [/\b(dinsos|dinas sosial)\b/i, 'regencyDinsos'],
  [/\b(kecamatan|camat)\b/i, 'district'],
  [/\b(kelurahan|lurah|desa|kepala desa)\b/i, 'village'],
  [/\b(masyarakat|warga|public)\b/i, 'public'],
];

export function reportSourceKindFromText(text: string): z.infer<typeof ReportSourceKind> {
  return sourceWords.find(([words]) => words.test(text))?.[1] ?? 'otherAgency';
}

/**
 * v1 kept the source as free text and only the letter number; v2 has a source kind, a letter
 * object and escorts. The free text becomes the source's name and the letter's issuer, so nothing
 * typed is lost. Personal fields (reporter, foundAt) move over untouched: an upcaster runs on
 * stored payloads, whose personal fields are ciphertext it cannot and must not read.
 */
export function upcastReportReceivedV1ToV2(v1: ReportReceivedV1): ReportReceivedV2 {
  const { source, coveringLetterNumber, ...unchanged } = v1;
  return {
    ...unchanged,
    source: { kind: reportSourceKindFromText(source), name: source },
    ...(coveringLetterNumber ? { letter: { number: coveringLetterNumber, issuer: source } } : {}),
    escorts: [],
  };
}
