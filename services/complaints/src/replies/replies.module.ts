import { Module } from '@nestjs/common';
import { ComplaintReplies } from './complaint-replies';

/** Replies to the complainant: templates, SMTP or the development sink. */
@Module({ providers: [ComplaintReplies], exports: [ComplaintReplies] })
export class RepliesModule {}
