import { schemas } from '@dinsos/contracts';
import { AddressBody, FileId } from '@dinsos/platform';
import { z } from 'zod';
import { SubjectId, text } from '../requests';

/** The client's identity as officers send it: encrypted under the client's key. */
export const ClientIdentityBody = z.strictObject({
  name: text(200).optional(),
  calledName: text(200).optional(),
  nik: schemas.Nik.optional(),
  familyCardNumber: schemas.FamilyCardNumber.optional(),
  sex: z.enum(['female', 'male', 'unknown']).default('unknown'),
  dateOfBirth: schemas.IsoDate.optional(),
  estimatedAgeYears: z.int().min(0).max(130).optional(),
  placeOfBirth: text(200).optional(),
  address: AddressBody.optional(),
  identityDocuments: z
    .array(
      z.strictObject({
        kind: z.enum(['ktp', 'kk', 'birthCertificate', 'other']),
        scanFileId: FileId.optional(),
      }),
    )
    .max(20)
    .default([]),
  physicalDescription: text(20_000).optional(),
});
export type ClientIdentityBody = z.infer<typeof ClientIdentityBody>;

/** An upload of a client not reported yet: the client id an earlier upload gave, if any. */
export const UploadQuery = z.strictObject({ clientId: SubjectId.optional() });
