import { Module } from '@nestjs/common';
import { StatusCheck } from './status-check';
import { StatusCheckController } from './status-check.controller';
import { StatusCheckLimit } from './status-check-limit';
import { StatusSecrets } from './status-secrets';

/**
 * The public status check by number and secret (`POST /public/complaint-status`), and the
 * secrets' store the receiving command records them with (`StatusSecrets`).
 */
@Module({
  controllers: [StatusCheckController],
  providers: [StatusSecrets, StatusCheck, StatusCheckLimit],
  exports: [StatusSecrets],
})
export class StatusCheckModule {}
