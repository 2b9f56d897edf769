import type { ServiceProjection } from '@dinsos/platform';

/** The complaints' read models (filled in by the read side). */
export const complaintProjections: ServiceProjection[] = [];
