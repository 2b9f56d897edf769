import type { ServiceConfig } from '@dinsos/platform';
import type { z } from 'zod';

export const familyTracingServiceName = 'family-tracing';

/** The service's own variables, validated with the platform's shared ones at start. */
export const familyTracingConfigSchema = {} satisfies z.ZodRawShape;

export type FamilyTracingConfig = ServiceConfig<typeof familyTracingConfigSchema>;
