import { Controller, Get } from '@nestjs/common';
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
import { CaseParams, purposeField } from '../case-record/case-record.requests';
import { Verification } from './verification';

const PurposeQuery = z.object({ purpose: purposeField });

@ApiTags('audit')
@ApiStatedPurpose()
@Controller('audit')
export class VerificationController {
  constructor(private readonly verification: Verification) {}

  @Get('cases/:caseId/verification')
  @ApiOperation({
    summary: "The hash chains of every stream holding the case's events, against the seals",
    description:
      'Each stream checked whole from revision 0 (hash = SHA-256(prevHash ‖ stored text), revisions without gaps, the indexed columns against the hashed text) and against its last seal (a rewritten chain or a cut-off tail). `ok: false` with the first broken link of each broken stream, naming the event (id, type, revision, position) and the reason. Requires a purpose; recorded.',
  })
  @Roles('auditor')
  ofCase(
    @ValidParams(CaseParams) { caseId }: z.infer<typeof CaseParams>,
    @ValidQuery(PurposeQuery) _query: unknown,
    @ReadContext() context: ReadContextShape,
  ) {
    return this.verification.ofCase(context, caseId);
  }

  @Get('verification')
  @ApiOperation({
    summary: 'Every stream of the store, against the seals (province auditors)',
    description:
      'The same checks over the whole store, for auditors of the province office (it names every office’s streams; a regency auditor gets 403). Requires a purpose; recorded.',
  })
  @Roles('auditor')
  ofStore(@ValidQuery(PurposeQuery) _query: unknown, @ReadContext() context: ReadContextShape) {
    return this.verification.ofStore(context);
  }
}
