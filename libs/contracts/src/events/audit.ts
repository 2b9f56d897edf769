import { z } from 'zod';
import { defineEvent } from '../catalogue/define-event';
import { CaseNumber, Sha256Hex } from './common';

/**
 * Audit: the record of every use of services/audit (who looked at which case or export, when and
 * why), on dinsos.audit.access.v1, in streams `auditAccess-<caseId>` (`auditAccess-store` for the
 * whole store's verification). The case id travels in the payload, never in the envelope: the
 * store reads a case's history by the envelope's caseId, so an auditor's look never becomes part
 * of the history looked at.
 */

export const AuditAccessKind = z
  .enum([
    'caseHistory',
    'caseAsOf',
    'caseVerification',
    'storeVerification',
    'issuedDocuments',
    'caseExport',
    'accessLog',
  ])
  .describe('What was read: which audit endpoint answered');

export const AuditRecordReadV1 = defineEvent({
  type: 'AuditRecordRead',
  version: 1,
  context: 'audit',
  streamCategory: 'auditAccess',
  caseLink: 'optional',
  summary:
    "Someone read the store's record through the audit service (a case's history, its state as of a moment, a verification, its issued documents, an export, or who read it), with the purpose they stated.",
  payload: z.object({
    access: AuditAccessKind,
    caseId: CaseNumber.optional().describe('The case read; absent for the whole store'),
    purpose: z
      .string()
      .trim()
      .min(3)
      .max(500)
      .describe('The purpose the reader stated (required by every audit endpoint)'),
    query: z
      .record(z.string().max(60), z.string().max(500))
      .optional()
      .describe(
        'The filters or the moment asked for, as sent (position, time, context, type, actor)',
      ),
    personalData: z
      .enum(['none', 'asStored', 'decrypted'])
      .describe(
        'Whether personal fields were read to answer, and in which form (decrypted: through the vault, for the purpose audit)',
      ),
    outcome: z
      .enum(['answered', 'notFound'])
      .describe('notFound: the case is unknown or outside the reader’s office scope'),
    export: z
      .object({
        exportId: z.uuid(),
        sha256: Sha256Hex.describe('SHA-256 of the NDJSON export as delivered'),
        keyId: z
          .string()
          .min(1)
          .max(100)
          .describe('The signing key (first 16 hex of SHA-256 of its SPKI)'),
      })
      .optional()
      .describe('For a case export: which export was delivered'),
  }),
});

export const auditEvents = [AuditRecordReadV1] as const;

/** Audit's records are no case events (not in `EventType`): their payload type by name. */
export type AuditRecordReadPayload = z.output<typeof AuditRecordReadV1.payload>;
