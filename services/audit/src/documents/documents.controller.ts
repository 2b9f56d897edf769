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
import { IssuedDocuments } from './issued-documents';

@ApiTags('audit')
@ApiStatedPurpose()
@Controller('audit/cases')
export class DocumentsController {
  constructor(private readonly documents: IssuedDocuments) {}

  @Get(':caseId/documents')
  @ApiOperation({
    summary: 'The documents the case issued, regenerated from the events and compared',
    description:
      'BAST, Berita Acara Pemulangan, referral letters and the LKS BAST, each rendered again from the events up to its issuing event and its SHA-256 compared with the one recorded at issue: matches, mismatch (a verification failure: ok false) or erased (a personal field it prints was erased). Decrypts through the vault for the purpose audit. Requires a purpose; recorded.',
  })
  @Roles('auditor')
  get(
    @ValidParams(CaseParams) { caseId }: z.infer<typeof CaseParams>,
    @ValidQuery(z.object({ purpose: purposeField })) _query: unknown,
    @ReadContext() context: ReadContextShape,
  ) {
    return this.documents.ofCase(context, caseId);
  }
}
