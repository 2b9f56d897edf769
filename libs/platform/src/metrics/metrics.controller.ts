import { Controller, Get, Header, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { SkipThrottle } from '@nestjs/throttler';
import { Public } from '@dinsos/auth';
import type { Response } from 'express';
import { ServiceMetrics } from './service-metrics';

/** Prometheus scrape endpoint. */
@ApiExcludeController()
@Public()
@SkipThrottle()
@Controller('metrics')
export class MetricsController {
  constructor(private readonly metrics: ServiceMetrics) {}

  @Get()
  @Header('Cache-Control', 'no-store')
  async scrape(@Res() response: Response): Promise<void> {
    const text = await this.metrics.metricsText();
    response.setHeader('Content-Type', this.metrics.registry.contentType);
    response.send(text);
  }
}
