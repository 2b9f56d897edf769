import { Module } from '@nestjs/common';
import { SlaBoardController } from './sla-board.controller';
import { SlaBoard } from './sla-board.query';

/**
 * The SLA board per office (`GET /complaints`) and its `/metrics` gauge. Its rows come from
 * `slaBoardProjection`, which the platform runs (PlatformFeatures.projections,
 * `complaintProjections`).
 */
@Module({ controllers: [SlaBoardController], providers: [SlaBoard], exports: [SlaBoard] })
export class SlaBoardModule {}
