import { Module } from '@nestjs/common';

/** "Inquiries waiting" per officer and office. */
@Module({})
export class WorklistModule {}
