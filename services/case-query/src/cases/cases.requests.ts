import { caseStages } from '@dinsos/case-summary';
import { officeParameter, pageQueryOf } from '@dinsos/platform';
import { z } from 'zod';
import { caseListSorts, decodeCaseListCursor } from './case-list.cursor';

const day = z.iso.date();
const instant = z.iso.datetime({ offset: true });

/** A bound of `opened`: a day (in the owning office's calendar) or an instant. */
const openedBound = z.union([day, instant]);

/** `GET /cases`: filters, order and paging; any other parameter is a 400. */
export const CaseListQuery = z
  .strictObject({
    office: officeParameter('cases'),
    stage: z.enum(caseStages).optional(),
    custodianKind: z
      .string()
      .regex(/^[a-zA-Z]{1,40}$/, 'must be a custodian kind such as shelter or family')
      .optional()
      .describe("The current custodian's kind (shelter, family, institution, …)"),
    clientCategory: z
      .string()
      .regex(/^[a-zA-Z]{1,60}$/, 'must be a client category such as neglectedChild')
      .optional(),
    standard: z
      .string()
      .regex(/^[a-z0-9][a-z0-9-]{0,99}(@\d{1,6})?$/, 'must be a standard code, optionally @version')
      .optional()
      .describe('The pinned service standard: its code, or code@version'),
    openedFrom: openedBound
      .optional()
      .describe("Opened on or after: a day (the owning office's calendar) or an instant"),
    openedTo: openedBound
      .optional()
      .describe("Opened on or before: a day (the owning office's calendar) or an instant"),
    overdue: z
      .enum(['true', 'false'])
      .transform((value) => value === 'true')
      .optional()
      .describe('true: a clock of the pinned standard is still running past its due instant'),
    q: z
      .string()
      .trim()
      .min(1)
      .max(60)
      .optional()
      .describe('Part of the case number, e.g. 2026-0001'),
    sort: z.enum(caseListSorts).default('-openedAt'),
    ...pageQueryOf(decodeCaseListCursor).shape,
  })
  .superRefine((query, context) => {
    if (query.after && query.after.sort !== query.sort) {
      context.addIssue({
        code: 'custom',
        path: ['after'],
        message: `is a cursor of the order ${query.after.sort}, not ${query.sort}`,
      });
    }
  });
export type CaseListQuery = z.infer<typeof CaseListQuery>;

export const CaseParams = z.strictObject({ caseId: z.string().min(1).max(100) });
export type CaseParams = z.infer<typeof CaseParams>;

/**
 * `GET /cases/:caseId`: personal fields in the timeline's payloads are shown only with a purpose,
 * and only to roles that may read for it (withheld otherwise).
 */
export const CaseDetailQuery = z.strictObject({
  purpose: z
    .enum(['caseHandling', 'audit'])
    .optional()
    .describe(
      'caseHandling (officers of the case path, supervisors) or audit (auditors): decrypts the personal fields of the payloads; without it they are marked withheld',
    ),
});
export type CaseDetailQuery = z.infer<typeof CaseDetailQuery>;
