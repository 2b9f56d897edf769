import { Inject, Injectable } from '@nestjs/common';
import { CLOCK, DATABASE_POOL, PLATFORM_CONFIG, type Clock } from '@dinsos/platform';
import type { Pool } from 'pg';
import type { ComplaintsConfig } from '../complaints-config';

export type LimitAnswer = { allowed: true } | { allowed: false; retryAfterSeconds: number };

/**
 * The status check's rate limit per client address, shared by every instance: a fixed window
 * (STATUS_CHECK_WINDOW_SECONDS) counted in PostgreSQL (`complaint_status_check_windows`), at most
 * STATUS_CHECK_LIMIT checks in it. Windows two spans old are deleted as checks come.
 */
@Injectable()
export class StatusCheckLimit {
  constructor(
    @Inject(DATABASE_POOL) private readonly pool: Pool,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(PLATFORM_CONFIG) private readonly config: ComplaintsConfig,
  ) {}

  async take(clientAddress: string): Promise<LimitAnswer> {
    const span = this.config.STATUS_CHECK_WINDOW_SECONDS * 1000;
    const now = this.clock.now().getTime();
    const windowStart = new Date(Math.floor(now / span) * span);
    const { rows } = await this.pool.query<{ requests: number }>(
      `with old as (
         delete from complaint_status_check_windows where window_start < $3
       )
       insert into complaint_status_check_windows (client_address, window_start, requests)
       values ($1, $2, 1)
       on conflict (client_address, window_start)
         do update set requests = complaint_status_check_windows.requests + 1
       returning requests`,
      [clientAddress, windowStart, new Date(windowStart.getTime() - span)],
    );
    if (rows[0].requests <= this.config.STATUS_CHECK_LIMIT) return { allowed: true };
    return {
      allowed: false,
      retryAfterSeconds: Math.max(1, Math.ceil((windowStart.getTime() + span - now) / 1000)),
    };
  }
}
