import { Module } from '@nestjs/common';
import { StatusSecrets } from './status-secrets';

/** The public status check by number and secret (filled in). */
@Module({ providers: [StatusSecrets], exports: [StatusSecrets] })
export class StatusCheckModule {}
