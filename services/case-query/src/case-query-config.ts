import type { ServiceConfig } from '@dinsos/platform';
import { z } from 'zod';

export const caseQueryServiceName = 'case-query';

/** The service's own variables, validated with the platform's shared ones at start. */
export const caseQueryConfigSchema = {
  /**
   * How long a request with `X-Min-Position` may wait for the read model to reach that position
   * before it is answered 503 with Retry-After (a client's read after its own write).
   */
  CASE_QUERY_MAX_WAIT_MS: z.coerce.number().int().min(0).max(30_000).default(2_000),
} satisfies z.ZodRawShape;

export type CaseQueryConfig = ServiceConfig<typeof caseQueryConfigSchema>;
