import type { ServiceProjection } from '@dinsos/platform';

/** The read models family tracing keeps from its own streams (PlatformFeatures.projections). */
export const tracingProjections: readonly ServiceProjection[] = [];
