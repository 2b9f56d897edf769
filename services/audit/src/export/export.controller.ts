import { Controller, Get, Res } from '@nestjs/common';
import { ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { Public, Roles } from '@dinsos/auth';
import {
  ApiStatedPurpose,
  ReadContext,
  ValidParams,
  ValidQuery,
  type ReadContextShape,
} from '@dinsos/platform';
import type { Response } from 'express';
import { z } from 'zod';
import { CaseParams, purposeField } from '../case-record/case-record.requests';
import { CaseExports } from './case-export';

@ApiTags('audit')
@Controller('audit')
export class ExportController {
  constructor(private readonly exports: CaseExports) {}

  @Get('cases/:caseId/export')
  @ApiOperation({
    summary: "A case's history as signed NDJSON, verifiable offline",
    description:
      "Every stream holding the case's events, whole: the case's events with the exact stored text that was hashed, other cases' events in a shared stream (a client's) as hash-only records, the seals naming those streams, and an Ed25519 signature over it all (ADR 0019). Check it with services/audit/verifier/verify-export.mjs (plain Node). Personal fields stay as stored. Requires a purpose (missing: 400); recorded with the export's id and SHA-256.",
  })
  @ApiProduces('application/x-ndjson')
  @ApiStatedPurpose()
  @Roles('auditor')
  async export(
    @ValidParams(CaseParams) { caseId }: z.infer<typeof CaseParams>,
    @ValidQuery(z.object({ purpose: purposeField })) _query: unknown,
    @ReadContext() context: ReadContextShape,
    @Res({ passthrough: true }) response: Response,
  ): Promise<string> {
    const built = await this.exports.export(context, caseId);
    response.setHeader('Content-Type', 'application/x-ndjson; charset=utf-8');
    response.setHeader(
      'Content-Disposition',
      `attachment; filename="${caseId}-${built.exportId}.ndjson"`,
    );
    response.setHeader('X-Export-Id', built.exportId);
    response.setHeader('X-Export-Sha256', built.sha256);
    return built.ndjson;
  }

  @Get('export-key')
  @Public()
  @ApiOperation({
    summary: 'The public key exports are signed with',
    description:
      'Ed25519, SPKI PEM, with its key id: an outside auditor checks an export against a key obtained here (or from the office) rather than the copy inside the export. No case data, so no purpose and no token.',
  })
  key() {
    return this.exports.publicKey;
  }
}
