import { Controller, Get, Param, Post, Req, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentActor, Roles, caseReaderRoles, type AuthenticatedActor } from '@dinsos/auth';
import {
  Command,
  CommandContext,
  Upload,
  ValidBody,
  revisionETag,
  type CommandReply,
} from '@dinsos/platform';
import type { Request, Response } from 'express';
import { CaseCommands } from './intake-case.commands';
import { ReceiveReportHandler } from './receive-report';
import { ClientUploads } from '../client/client-uploads';
import { CaseViews } from './intake-case.views';
import { DuplicateCheck } from '../duplicate-check/duplicate-check';
import {
  BiometricsBody,
  CheckRequirementsBody,
  HandOverBody,
  ReceiveReportBody,
  ReferBody,
  TransferBody,
} from './intake-case.requests';
import { DuplicateDecisionBody } from '../duplicate-check/duplicate-check.requests';

/** Who acts on intake: the intake officers and their supervisors. */
export const intakeActors = ['intake-officer', 'supervisor'] as const;

/** Thin controllers: validate the request, hand over to commands and queries. No rules here. */
@ApiTags('cases')
@Controller('cases')
export class CasesController {
  constructor(
    private readonly reports: ReceiveReportHandler,
    private readonly commands: CaseCommands,
    private readonly views: CaseViews,
    private readonly duplicates: DuplicateCheck,
    private readonly uploads: ClientUploads,
  ) {}

  @Post()
  @ApiOperation({
    summary: 'Receive a report or referral',
    description:
      'Opens a case with the next case number of the office (e.g. 3603-2026-000123), pinned to the standard the office runs today, and registers the client (new, returning, or referred).',
  })
  @Roles(...intakeActors)
  @Command({ created: true })
  receive(
    @ValidBody(ReceiveReportBody) body: ReceiveReportBody,
    @CommandContext() context: CommandContext,
  ): Promise<CommandReply> {
    return this.reports.execute(context, body);
  }

  @Get(':caseId')
  @ApiOperation({ summary: 'The case: stage, steps of its standard, history' })
  @Roles(...caseReaderRoles)
  async detail(
    @Param('caseId') caseId: string,
    @CurrentActor() actor: AuthenticatedActor,
    @Res({ passthrough: true }) response: Response,
  ) {
    const detail = await this.views.detail(actor, caseId);
    response.setHeader('ETag', revisionETag(detail.revision));
    return detail;
  }

  @Get(':caseId/client')
  @ApiOperation({ summary: "The client's identity as registered for the case (decrypted)" })
  @Roles(...caseReaderRoles)
  client(@Param('caseId') caseId: string, @CurrentActor() actor: AuthenticatedActor) {
    return this.views.client(actor, caseId);
  }

  @Post(':caseId/requirements-checks')
  @ApiOperation({
    summary: 'Check the requirements of the pinned standard',
    description:
      'Each requirement met, missing, or not applicable with a reason. An incomplete case is held and checked again later; a complete check may open the case (seed 000).',
  })
  @Roles(...intakeActors)
  @Command({ created: true })
  checkRequirements(
    @Param('caseId') caseId: string,
    @ValidBody(CheckRequirementsBody) body: CheckRequirementsBody,
    @CommandContext() context: CommandContext,
  ) {
    return this.commands.checkRequirements(context, caseId, body);
  }

  @Post(':caseId/shelter-handovers')
  @ApiOperation({
    summary: 'Hand the client over to the Rumah Singgah (BAST)',
    description:
      'Seed 004 step 3: issues the BAST and opens the case with the shelter as custodian.',
  })
  @Roles(...intakeActors)
  @Command({ created: true })
  handOver(
    @Param('caseId') caseId: string,
    @ValidBody(HandOverBody) body: HandOverBody,
    @CommandContext() context: CommandContext,
  ) {
    return this.commands.handOverToShelter(context, caseId, body);
  }

  @Post(':caseId/transfers')
  @ApiOperation({ summary: 'Transfer the case to another office (same standard)' })
  @Roles(...intakeActors)
  @Command({ created: true })
  transfer(
    @Param('caseId') caseId: string,
    @ValidBody(TransferBody) body: TransferBody,
    @CommandContext() context: CommandContext,
  ) {
    return this.commands.transfer(context, caseId, body);
  }

  @Post(':caseId/referrals')
  @ApiOperation({
    summary: "Refer the client to another office's service",
    description:
      'Issues the referral letter; the receiving office opens its own case with referredFromCaseId, pinned to its own standard.',
  })
  @Roles(...intakeActors)
  @Command({ created: true })
  refer(
    @Param('caseId') caseId: string,
    @ValidBody(ReferBody) body: ReferBody,
    @CommandContext() context: CommandContext,
  ) {
    return this.commands.refer(context, caseId, body);
  }

  @Post(':caseId/biometrics')
  @ApiOperation({
    summary: 'Record fingerprints, iris or photo (uploaded first)',
    description: 'Where the pinned standard places it: seed 000 after the Peksos assessment.',
  })
  @Roles(...intakeActors)
  @Command({ created: true })
  recordBiometrics(
    @Param('caseId') caseId: string,
    @ValidBody(BiometricsBody) body: BiometricsBody,
    @CommandContext() context: CommandContext,
  ) {
    return this.commands.recordBiometrics(context, caseId, body);
  }

  @Get(':caseId/duplicate-candidates')
  @ApiOperation({
    summary: 'Possible earlier registrations of the client, across all offices',
    description:
      "Candidates in offices the caller's office covers come with details; elsewhere only the office and the score.",
  })
  @Roles(...intakeActors)
  async duplicateCandidates(
    @Param('caseId') caseId: string,
    @CurrentActor() actor: AuthenticatedActor,
  ) {
    const { state } = await this.commands.caseFor(actor, caseId, 'act');
    return this.duplicates.forCase(actor, caseId, state);
  }

  @Post(':caseId/duplicate-decisions')
  @ApiOperation({ summary: 'Decide whether a candidate is the same person' })
  @Roles(...intakeActors)
  @Command({ created: true })
  decideDuplicate(
    @Param('caseId') caseId: string,
    @ValidBody(DuplicateDecisionBody) body: DuplicateDecisionBody,
    @CommandContext() context: CommandContext,
  ) {
    return this.commands.decideDuplicate(context, caseId, body);
  }

  @Post(':caseId/uploads')
  @Upload({
    answer: { clientId: { type: 'string', description: 'The client the file belongs to' } },
  })
  @ApiOperation({
    summary: "Upload a file of the case's client (the body is the file itself)",
    description:
      "Encrypted with the client's key in the file store; name it by fileId in a command.",
  })
  @Roles(...intakeActors)
  async upload(
    @Param('caseId') caseId: string,
    @CurrentActor() actor: AuthenticatedActor,
    @Req() request: Request,
  ) {
    const { state } = await this.commands.caseFor(actor, caseId, 'act');
    return this.uploads.forCaseClient(actor, caseId, state.clientId!, request);
  }

  @Get(':caseId/documents')
  @ApiOperation({
    summary: 'The documents intake issued, each regenerated from the events and checked',
    description:
      '“matches”: re-rendering from the events gives the SHA-256 recorded at issue; “mismatch” is a verification failure; “erased”: a personal field it needs was erased. An office that transferred the case away sees those issued up to its transfer.',
  })
  @Roles(...caseReaderRoles)
  documents(@Param('caseId') caseId: string, @CurrentActor() actor: AuthenticatedActor) {
    return this.views.issuedDocuments(actor, caseId);
  }

  @Get(':caseId/documents/bast')
  @ApiOperation({ summary: 'The BAST of the shelter handover, as issued (PDF)' })
  @Roles(...caseReaderRoles)
  async bast(
    @Param('caseId') caseId: string,
    @CurrentActor() actor: AuthenticatedActor,
    @Res() response: Response,
  ) {
    const document = await this.views.document(actor, caseId, { kind: 'bast' });
    sendDocument(response, document);
  }

  @Get(':caseId/documents/referral-letters/:toOfficeCode')
  @ApiOperation({ summary: 'The referral letter to an office, as issued (PDF)' })
  @Roles(...caseReaderRoles)
  async referralLetter(
    @Param('caseId') caseId: string,
    @Param('toOfficeCode') toOfficeCode: string,
    @CurrentActor() actor: AuthenticatedActor,
    @Res() response: Response,
  ) {
    const document = await this.views.document(actor, caseId, {
      kind: 'referralLetter',
      toOfficeCode,
    });
    sendDocument(response, document);
  }
}

function sendDocument(
  response: Response,
  document: { bytes: Buffer; number: string; mediaType: string },
): void {
  const name = document.number.replace(/[^A-Za-z0-9-]+/g, '-');
  response
    .status(200)
    .setHeader('Content-Type', document.mediaType)
    .setHeader('Content-Disposition', `inline; filename="${name}.pdf"`)
    .setHeader('Cache-Control', 'no-store')
    .send(document.bytes);
}
