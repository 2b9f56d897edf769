import { Controller, ForbiddenException, Get, Post, Req, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  CurrentActor,
  CurrentCaseOwnership,
  RequireCaseAccess,
  Roles,
  caseReaderRoles,
  type AuthenticatedActor,
  type CaseOwnership,
} from '@dinsos/auth';
import {
  Command,
  CommandContext,
  Upload,
  Uploads,
  ValidBody,
  ValidParams,
  ValidQuery,
  revisionETag,
  type CommandReply,
} from '@dinsos/platform';
import type { Request, Response } from 'express';
import type { z } from 'zod';
import { PlacementCommands } from './placement-commands';
import { placementActors } from './placement-roles';
import { AssignOfficerBody, CaseParams, CustodyQuery, DocumentParams } from './placement.requests';
import { PlacementViews } from './placement.views';

/**
 * The placement of a case: its view and custody ledger, who held the client at an instant, the
 * officer responsible, uploads, and the documents issued (each regenerated and checked).
 */
@ApiTags('placements')
@Controller('placements/:caseId')
export class PlacementController {
  constructor(
    private readonly placement: PlacementCommands,
    private readonly views: PlacementViews,
    private readonly uploads: Uploads,
  ) {}

  @Get()
  @ApiOperation({
    summary: 'The placement of a case: path, custody ledger, stay, LKS, closing',
    description: 'No personal data. The ETag is the stream revision for If-Match.',
  })
  @Roles(...caseReaderRoles)
  @RequireCaseAccess('read')
  async view(
    @ValidParams(CaseParams) { caseId }: z.infer<typeof CaseParams>,
    @Res({ passthrough: true }) response: Response,
  ) {
    const { loaded, view } = await this.views.placement(caseId);
    response.setHeader('ETag', revisionETag(loaded.revision));
    return { ...view, revision: loaded.revision, position: loaded.position?.toString() ?? null };
  }

  @Get('custody')
  @ApiOperation({
    summary: 'Who had the client at an instant (the custody ledger)',
    description:
      'The custodian whose custody had begun and not yet ended at `at`; the owning office stays responsible throughout.',
  })
  @Roles(...caseReaderRoles)
  @RequireCaseAccess('read')
  custodyAt(
    @ValidParams(CaseParams) { caseId }: z.infer<typeof CaseParams>,
    @ValidQuery(CustodyQuery) query: z.infer<typeof CustodyQuery>,
  ) {
    return this.views.custodyAt(caseId, query.at);
  }

  @Post('assignments')
  @ApiOperation({
    summary: 'Make a placement officer responsible',
    description:
      'A supervisor names the officer; a placement officer without officerId takes it. Taking it from someone else needs a reason.',
  })
  @Roles(...placementActors)
  @RequireCaseAccess('act')
  @Command()
  assign(
    @ValidParams(CaseParams) { caseId }: z.infer<typeof CaseParams>,
    @ValidBody(AssignOfficerBody) body: AssignOfficerBody,
    @CommandContext() context: CommandContext,
    @CurrentActor() actor: AuthenticatedActor,
    @CurrentCaseOwnership() ownership: CaseOwnership,
  ): Promise<CommandReply> {
    const bySupervisor = actor.role === 'supervisor' && body.officerId !== undefined;
    if (!bySupervisor && body.officerId !== undefined && body.officerId !== actor.id) {
      throw new ForbiddenException(
        'Only a supervisor assigns the placement to another officer: leave officerId out to take it yourself.',
      );
    }
    return this.placement.act(context, caseId, ownership, async () => ({
      command: {
        type: 'AssignOfficer',
        officerId: bySupervisor ? body.officerId! : actor.id,
        how: bySupervisor ? 'assignedBySupervisor' : 'takenByOfficer',
        ...(body.reason ? { reason: body.reason } : {}),
      },
    }));
  }

  @Post('uploads')
  @Upload()
  @ApiOperation({
    summary: 'Upload a scan (a consent letter) of the client (the body is the file itself)',
    description: "Encrypted under the client's key; name the answered fileId in the command.",
  })
  @Roles(...placementActors)
  @RequireCaseAccess('act')
  async upload(
    @ValidParams(CaseParams) { caseId }: z.infer<typeof CaseParams>,
    @CurrentActor() actor: AuthenticatedActor,
    @Req() request: Request,
  ) {
    const clientId = await this.views.clientOf(caseId);
    return this.uploads.receive(actor, clientId, request, { caseId });
  }

  @Get('documents')
  @ApiOperation({
    summary: 'The documents placement issued, each regenerated from the events and checked',
    description:
      '“matches”: re-rendering from the events gives the SHA-256 recorded at issue; “mismatch” is a verification failure; “erased”: a personal field it needs was erased.',
  })
  @Roles(...placementActors, 'auditor')
  @RequireCaseAccess('read')
  documents(
    @ValidParams(CaseParams) { caseId }: z.infer<typeof CaseParams>,
    @CurrentActor() actor: AuthenticatedActor,
  ) {
    return this.views.documents(actor, caseId);
  }

  @Get('documents/:eventId')
  @ApiOperation({ summary: 'The printed copy of a document as issued (PDF)' })
  @Roles(...placementActors)
  @RequireCaseAccess('read')
  async document(
    @ValidParams(DocumentParams) { caseId, eventId }: z.infer<typeof DocumentParams>,
    @CurrentActor() actor: AuthenticatedActor,
    @Res() response: Response,
  ) {
    const document = await this.views.printedCopy(actor, caseId, eventId);
    const name = document.number.replace(/[^A-Za-z0-9-]+/g, '-');
    response
      .status(200)
      .setHeader('Content-Type', document.mediaType)
      .setHeader('Content-Disposition', `inline; filename="${name}.pdf"`)
      .send(document.bytes);
  }
}
