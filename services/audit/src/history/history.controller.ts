import { Controller, Get } from '@nestjs/common';
import type { z } from 'zod';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { Roles } from '@dinsos/auth';
import {
  ApiStatedPurpose,
  ReadContext,
  ValidParams,
  ValidQuery,
  type ReadContextShape,
} from '@dinsos/platform';
import { CaseParams } from '../case-record/case-record.requests';
import { CaseHistory } from './case-history';
import { HistoryQuery } from './history.requests';

@ApiTags('audit')
@ApiStatedPurpose()
@Controller('audit/cases')
export class HistoryController {
  constructor(private readonly history: CaseHistory) {}

  @Get(':caseId/history')
  @ApiOperation({
    summary: "A case's whole history across every service, straight from the store",
    description:
      "Every event whose envelope names the case, whatever its stream (the client's and complaints' included), in the store's global position order: envelope (actor, times, causation, pinned standard), chain links (prevHash, hash) and payload. Personal fields as stored (ciphertext or erased) unless personalData=decrypted. Filters: context, type, actor. Requires a purpose; the read is recorded (AuditRecordRead). Another office's case and an unknown case are both 404.",
  })
  @Roles('auditor')
  get(
    @ValidParams(CaseParams) { caseId }: z.infer<typeof CaseParams>,
    @ValidQuery(HistoryQuery) query: z.infer<typeof HistoryQuery>,
    @ReadContext() context: ReadContextShape,
  ) {
    return this.history.history(context, caseId, query);
  }
}
