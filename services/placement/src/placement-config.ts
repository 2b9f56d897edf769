import type { ServiceConfig } from '@dinsos/platform';
import type { z } from 'zod';

export const placementServiceName = 'placement';

/** The service's own variables, validated with the platform's shared ones at start. */
export const placementConfigSchema = {} satisfies z.ZodRawShape;

export type PlacementConfig = ServiceConfig<typeof placementConfigSchema>;
