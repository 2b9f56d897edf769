import { Module } from '@nestjs/common';
import { DISDUKCAPIL_CHANNEL, ManualEntry } from './disdukcapil.port';
import { InquiriesController } from './inquiries.controller';

/**
 * Inquiries: sent by letter, answered with evidence, overdue by the kit's timers
 * (inquiry-overdue.timer.ts, declared in PlatformFeatures.timers); the biometrics and Disdukcapil's
 * answer they ask for, and the consent some standards ask first. Disdukcapil's answer comes in
 * through ManualEntry, the officer's entry: nothing here calls Disdukcapil.
 */
@Module({
  controllers: [InquiriesController],
  providers: [{ provide: DISDUKCAPIL_CHANNEL, useClass: ManualEntry }],
})
export class InquiriesModule {}
