import { Controller, Get, Inject, Res, ServiceUnavailableException } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import {
  HealthCheck,
  HealthCheckService,
  HealthIndicatorService,
  type HealthCheckResult,
} from '@nestjs/terminus';
import { SkipThrottle } from '@nestjs/throttler';
import { Public } from '@dinsos/auth';
import type { Response } from 'express';
import type { Pool } from 'pg';
import { DATABASE_POOL } from '../runtime/tokens';
import { ShutdownState } from '../runtime/shutdown-state';

/**
 * Liveness (the process answers) and readiness (PostgreSQL answers). Kafka is deliberately not
 * part of readiness: the store is the outbox, so commands go on while Kafka is down; relay and
 * consumer lag show it in /metrics.
 */
@ApiExcludeController()
@Public()
@SkipThrottle()
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly indicator: HealthIndicatorService,
    private readonly shutdown: ShutdownState,
    @Inject(DATABASE_POOL) private readonly pool: Pool,
  ) {}

  @Get('live')
  live(): { status: 'ok' } {
    return { status: 'ok' };
  }

  @Get()
  @HealthCheck()
  readiness(@Res({ passthrough: true }) response: Response): Promise<HealthCheckResult> {
    return this.ready(response);
  }

  @Get('ready')
  @HealthCheck()
  async ready(@Res({ passthrough: true }) response: Response): Promise<HealthCheckResult> {
    try {
      return await this.health.check([
        () =>
          this.indicator
            .check('postgres')
            .attempt(async () => void (await this.pool.query('select 1')))
            .withTimeout(2000),
        () =>
          this.shutdown.isShuttingDown
            ? this.indicator.check('shutdown').down('shutting down')
            : this.indicator.check('shutdown').up(),
      ]);
    } catch (error) {
      if (!(error instanceof ServiceUnavailableException)) throw error;
      response.status(503);
      return error.getResponse() as HealthCheckResult;
    }
  }
}
