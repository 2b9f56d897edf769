import { PSEUDONYM_KEY_ENV, PSEUDONYM_KEY_ID_ENV } from '@dinsos/analytics-feed';
import type { ServiceConfig } from '@dinsos/platform';
import { z } from 'zod';

export const analyticsServiceName = 'analytics';

/** The service's own variables, validated with the platform's shared ones at start. */
export const analyticsConfigSchema = {
  /** The pseudonym key (base64, ≥ 32 bytes): a secret that never appears in the feed. */
  [PSEUDONYM_KEY_ENV]: z.string().trim().min(1),
  /** The key's id, in every message: a new id starts new pseudonyms (ADR 0017). */
  [PSEUDONYM_KEY_ID_ENV]: z.string().trim().min(1),
} satisfies z.ZodRawShape;

export type AnalyticsConfig = ServiceConfig<typeof analyticsConfigSchema>;
