import { Controller, ForbiddenException, Get } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { Roles } from '@dinsos/auth';
import {
  ApiStatedPurpose,
  ReadContext,
  ValidParams,
  ValidQuery,
  type ReadContextShape,
} from '@dinsos/platform';
import { z } from 'zod';
import { CaseRecords } from '../case-record/case-record';
import { CaseParams, purposeField } from '../case-record/case-record.requests';
import { AccessLog } from './access-log';

@ApiTags('audit')
@ApiStatedPurpose()
@Controller('audit')
export class AccessLogController {
  constructor(
    private readonly records: CaseRecords,
    private readonly accessLog: AccessLog,
  ) {}

  @Get('cases/:caseId/access-log')
  @ApiOperation({
    summary: 'Who read the case through the audit service, when and why',
    description:
      "The case's AuditRecordRead records, oldest first (refused attempts included). For supervisors and auditors of the offices that see the case. Requires a purpose; this read is recorded too.",
  })
  @Roles('supervisor', 'auditor')
  async get(
    @ValidParams(CaseParams) { caseId }: z.infer<typeof CaseParams>,
    @ValidQuery(z.object({ purpose: purposeField })) _query: unknown,
    @ReadContext() context: ReadContextShape,
  ) {
    await this.records.open(context, caseId, 'accessLog');
    // Listed before this read is recorded: the answer shows what was there when asked.
    const records = await this.accessLog.ofCase(caseId);
    await this.accessLog.record(context, {
      access: 'accessLog',
      caseId,
      personalData: 'none',
      outcome: 'answered',
    });
    return { caseId, records };
  }

  @Get('access-log')
  @ApiOperation({
    summary: 'Who read the whole store through the audit service (province auditors)',
    description:
      "The AuditRecordRead records of no case: the whole store's verifications and these listings. For auditors of the province office; a regency auditor gets 403. Requires a purpose; this read is recorded too.",
  })
  @Roles('auditor')
  async ofStore(
    @ValidQuery(z.object({ purpose: purposeField })) _query: unknown,
    @ReadContext() context: ReadContextShape,
  ) {
    if (context.actor.officeCode.length !== 2) {
      throw new ForbiddenException("The whole store's records are the province's to read.");
    }
    const records = await this.accessLog.ofStore();
    await this.accessLog.record(context, {
      access: 'accessLog',
      personalData: 'none',
      outcome: 'answered',
    });
    return { records };
  }
}
