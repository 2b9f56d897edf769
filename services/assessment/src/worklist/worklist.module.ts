import { Module } from '@nestjs/common';
import { WorklistController } from './worklist.controller';
import { Worklist } from './worklist.query';

/**
 * The worklist's HTTP side: `GET /assessments` and its reads, in the offices' time zones
 * (SERVICE_STANDARDS). Its rows come from `worklistProjection`, which the platform runs
 * (PlatformFeatures.projections).
 */
@Module({ controllers: [WorklistController], providers: [Worklist] })
export class WorklistModule {}
