import { bastLksV1, bastRumahSinggahV1 } from './bast.v1';
import { beritaAcaraPemulanganV1 } from './berita-acara-pemulangan.v1';
import type { DocumentTemplate } from './common';
import { suratRujukanV1 } from './surat-rujukan.v1';

/**
 * Every template version ever used. A version is never edited once a document was issued from
 * it (re-rendering must give the issued bytes back): new wording is a new version added here.
 */
export const documentTemplates: readonly DocumentTemplate<never>[] = [
  bastRumahSinggahV1,
  bastLksV1,
  beritaAcaraPemulanganV1,
  suratRujukanV1,
] as unknown as readonly DocumentTemplate<never>[];

export class UnknownTemplateError extends Error {
  constructor(
    readonly templateCode: string,
    readonly templateVersion: number,
  ) {
    super(`unknown document template ${templateCode} v${templateVersion}`);
    this.name = 'UnknownTemplateError';
  }
}

export function getTemplate(code: string, version: number): DocumentTemplate<unknown> {
  const template = documentTemplates.find((t) => t.code === code && t.version === version);
  if (!template) throw new UnknownTemplateError(code, version);
  return template as unknown as DocumentTemplate<unknown>;
}

/** The newest version of a template: what a new document is issued from. */
export function latestTemplate(code: string): DocumentTemplate<unknown> {
  const versions = documentTemplates
    .filter((t) => t.code === code)
    .sort((a, b) => b.version - a.version);
  if (!versions[0]) throw new UnknownTemplateError(code, 0);
  return versions[0] as unknown as DocumentTemplate<unknown>;
}
