import { schemas } from '@dinsos/contracts';
import { z } from 'zod';

const text = (max: number) => z.string().trim().min(1).max(max);

/** An address as officers send it (plaintext; encrypted with its person's key). */
export const AddressBody = z.strictObject({
  line: text(500).optional(),
  villageCode: schemas.RegionCode.optional(),
  districtCode: schemas.RegionCode.optional(),
  regencyCode: schemas.RegionCode.optional(),
  provinceCode: schemas.RegionCode.optional(),
  description: text(1000).optional(),
});

/** A reporter, escort, officer or family member: personal fields are encrypted with their own key. */
export const PersonBody = z.strictObject({
  name: text(200).optional(),
  nik: schemas.Nik.optional(),
  phone: z.string().trim().min(3).max(30).optional(),
  email: z.email().max(254).optional(),
  address: AddressBody.optional(),
  relationship: text(100).optional(),
  organisation: text(200).optional(),
  position: text(200).optional(),
});
export type PersonBody = z.infer<typeof PersonBody>;

/** The fileId an upload answered. */
export const FileId = z
  .string()
  .regex(/^[0-9a-f]{64}$/, 'the fileId an upload answered (64 hex digits)');
