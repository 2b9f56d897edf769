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
import { AsOfQuery } from './as-of.requests';
import { CaseAsOf } from './case-as-of';

@ApiTags('audit')
@ApiStatedPurpose()
@Controller('audit/cases')
export class AsOfController {
  constructor(private readonly asOf: CaseAsOf) {}

  @Get(':caseId/as-of')
  @ApiOperation({
    summary: 'The case as it stood at a store position or at an instant',
    description:
      "The case summary folded with @dinsos/case-summary (case-query's own rules) from the events up to and including `position`, or from the events whose recordedAt ≤ `time` taken in position order (recordedAt is not monotonic in position), with the SLA states judged at that moment. Exactly one of position and time; an unparseable one is a 400. Requires a purpose; recorded.",
  })
  @Roles('auditor')
  get(
    @ValidParams(CaseParams) { caseId }: z.infer<typeof CaseParams>,
    @ValidQuery(AsOfQuery) query: z.infer<typeof AsOfQuery>,
    @ReadContext() context: ReadContextShape,
  ) {
    return this.asOf.asOf(context, caseId, query);
  }
}
