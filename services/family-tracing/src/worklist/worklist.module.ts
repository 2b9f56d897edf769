import { Module } from '@nestjs/common';
import { WorklistController } from './worklist.controller';
import { Worklist } from './worklist.query';

/**
 * "Inquiries waiting" per officer and office: `GET /tracings` and its reads, in the offices'
 * time zones (SERVICE_STANDARDS). Its rows come from `worklistProjection`, which the platform
 * runs (PlatformFeatures.projections, `tracingProjections`).
 */
@Module({ controllers: [WorklistController], providers: [Worklist] })
export class WorklistModule {}
