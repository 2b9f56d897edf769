import type { ServiceConfig } from '@dinsos/platform';
import { z } from 'zod';

export const intakeServiceName = 'intake';

/** Intake's own variables, validated with the platform's shared ones at start. */
export const intakeConfigSchema = {
  /** How long the duplicate check waits for the matching index to reflect the case. */
  MATCHING_INDEX_WAIT_MS: z.coerce.number().int().min(0).max(60_000).default(10_000),
};

export type IntakeConfig = ServiceConfig<typeof intakeConfigSchema>;
