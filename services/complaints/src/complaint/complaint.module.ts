import { Module } from '@nestjs/common';
import { RepliesModule } from '../replies/replies.module';
import { StatusCheckModule } from '../status-check/status-check.module';
import { ComplaintCommands } from './complaint-commands';
import { ComplaintReplying } from './complaint-replying';
import { ComplaintController } from './complaint.controller';
import { ComplaintViews } from './complaint.views';

/**
 * Receiving and the lifecycle of a complaint: the routes, the commands (with the SLA breach
 * timers they keep in line), the reply to the complainant, and the complaint as officers read it.
 */
@Module({
  imports: [RepliesModule, StatusCheckModule],
  controllers: [ComplaintController],
  providers: [ComplaintCommands, ComplaintReplying, ComplaintViews],
  exports: [ComplaintCommands],
})
export class ComplaintModule {}
