import { Module } from '@nestjs/common';

/** Inquiries: sent by letter, answered with evidence, overdue by the kit's timers. */
@Module({})
export class InquiriesModule {}
