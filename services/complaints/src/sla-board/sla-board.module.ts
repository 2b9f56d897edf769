import { Module } from '@nestjs/common';

/** The SLA board per office and its metrics (filled in). */
@Module({})
export class SlaBoardModule {}
