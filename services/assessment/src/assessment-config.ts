import type { ServiceConfig } from '@dinsos/platform';
import type { z } from 'zod';

export const assessmentServiceName = 'assessment';

/** The service's own variables, validated with the platform's shared ones at start. */
export const assessmentConfigSchema = {} satisfies z.ZodRawShape;

export type AssessmentConfig = ServiceConfig<typeof assessmentConfigSchema>;
