import { z } from 'zod';

/** Field shapes every intake request schema shares. */
export const text = (max: number) => z.string().trim().min(1).max(max);
export const SubjectId = z.string().min(1).max(100);
export const CaseId = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9._:@-]{0,99}$/, 'a case id such as 3603-2026-000123');
