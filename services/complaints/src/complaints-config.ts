import type { ServiceConfig } from '@dinsos/platform';
import type { z } from 'zod';

export const complaintsServiceName = 'complaints';

/** The service's own variables, validated with the platform's shared ones at start. */
export const complaintsConfigSchema = {} satisfies z.ZodRawShape;

export type ComplaintsConfig = ServiceConfig<typeof complaintsConfigSchema>;
