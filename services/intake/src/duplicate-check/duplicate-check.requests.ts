import { schemas } from '@dinsos/contracts';
import { z } from 'zod';
import { SubjectId, text } from '../requests';

/** The officer's decision on a candidate the duplicate check showed them in full. */
export const DuplicateDecisionBody = z.strictObject({
  candidateClientId: SubjectId,
  decision: z.enum(['samePerson', 'differentPerson']),
  reason: text(1000).optional(),
});
export type DuplicateDecisionBody = z.infer<typeof DuplicateDecisionBody>;

/** A search before a report is received: who is this, have we seen them? */
export const DuplicateCheckBody = z.strictObject({
  name: text(200).optional(),
  calledName: text(200).optional(),
  nik: schemas.Nik.optional(),
  dateOfBirth: schemas.IsoDate.optional(),
  estimatedAgeYears: z.int().min(0).max(130).optional(),
  placeOfBirth: text(200).optional(),
  regionCodes: z.array(schemas.RegionCode).max(10).default([]),
});
export type DuplicateCheckBody = z.infer<typeof DuplicateCheckBody>;
