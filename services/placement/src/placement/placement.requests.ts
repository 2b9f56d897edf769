import { schemas } from '@dinsos/contracts';
import { PersonBody } from '@dinsos/platform';
import { z } from 'zod';

const text = (max: number) => z.string().trim().min(1).max(max);

/** An instant an officer records (with its offset); absent: now. Never in the future. */
export const RecordedInstant = schemas.IsoDateTime.optional().describe(
  'When it happened (ISO 8601 with offset); absent: now',
);

export const LocalDay = schemas.IsoDate;

/** An organisation as a request names it: a facility, an institution. */
export const OrganisationBody = z.strictObject({
  code: text(100).optional(),
  name: text(300),
  regionCode: schemas.RegionCode.optional(),
});
export type OrganisationBody = z.infer<typeof OrganisationBody>;

/** Who signs a letter or a record for the office: a name and a position are required. */
export const SignatoryBody = PersonBody.extend({ name: text(200), position: text(200) });
export type SignatoryBody = z.infer<typeof SignatoryBody>;

export const AssignOfficerBody = z.strictObject({
  officerId: text(200).optional().describe('Absent: the caller takes the placement'),
  reason: text(1000).optional().describe('Why it changes hands (no personal data)'),
});
export type AssignOfficerBody = z.infer<typeof AssignOfficerBody>;

export const CustodyQuery = z.strictObject({
  at: schemas.IsoDateTime.describe('The instant to ask about (ISO 8601 with offset)'),
});
export type CustodyQuery = z.infer<typeof CustodyQuery>;

export const DocumentParams = z.strictObject({
  caseId: text(100),
  eventId: z.uuid(),
});
export type DocumentParams = z.infer<typeof DocumentParams>;

export const CaseParams = z.strictObject({ caseId: text(100) });
export type CaseParams = z.infer<typeof CaseParams>;
