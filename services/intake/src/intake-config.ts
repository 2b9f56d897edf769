import type { ServiceConfig } from '@dinsos/platform';
import { z } from 'zod';

export const intakeServiceName = 'intake';

/** Intake's own variables, validated with the platform's shared ones at start. */
export const intakeConfigSchema = {
  /** Where scans, photos, fingerprints and issued documents are kept (encrypted). No default. */
  FILE_STORE_DIR: z.string().trim().min(1),
  /** Wraps every data key; base64 of 32 bytes. Unset: keys are stored unwrapped (development). */
  PERSONAL_DATA_MASTER_KEY: z
    .string()
    .trim()
    .refine(
      (value) => /^[A-Za-z0-9+/]+={0,2}$/.test(value) && Buffer.from(value, 'base64').length === 32,
      'must be base64 of exactly 32 bytes (openssl rand -base64 32)',
    )
    .optional(),
  /** How long the duplicate check waits for the matching index to reflect the case. */
  MATCHING_INDEX_WAIT_MS: z.coerce.number().int().min(0).max(60_000).default(10_000),
};

export type IntakeConfig = ServiceConfig<typeof intakeConfigSchema>;
