import { Controller, Get, Inject, Logger, Param, Post, Req, Res } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import {
  CurrentCaseOwnership,
  RequireCaseAccess,
  Roles,
  caseReaderRoles,
  type CaseOwnership,
} from '@dinsos/auth';
import type { EventStore } from '@dinsos/event-store';
import type { Request, Response } from 'express';
import type { PoolClient } from 'pg';
import { PassThrough } from 'node:stream';
import { z } from 'zod';
import {
  Command,
  CommandContext,
  CommandExecutor,
  EVENT_STORE,
  PLATFORM_CONFIG,
  ValidBody,
  loadStream,
  receiveUpload,
  revisionETag,
  type CommandReply,
  type SharedConfig,
} from '../../src';
import { visitStreamId, visitsDecider } from '../domain/visits';
import { PersonalDataSealer } from '../personal-data-sealer';

const VisitId = z.string().regex(/^[a-z0-9-]{1,40}$/, 'use lower-case letters, digits and hyphens');

export const ScheduleVisitBody = z.strictObject({
  visitId: VisitId,
  plannedOn: z.iso.date(),
  purpose: z.enum(['assessment', 'followUp']),
  clientId: z.string().min(1).max(100),
  /** Free text about the client: personal, sealed before it becomes an event. */
  notes: z.string().max(200_000).optional(),
});

export const RecordOutcomeBody = z.strictObject({ outcome: z.enum(['met', 'notHome', 'refused']) });
export const CancelVisitBody = z.strictObject({ reason: z.string().min(3).max(1000) });

/** Thin controllers: validate, ask the office scope guard, hand over to the decider. No rules here. */
@ApiTags('visits')
@Controller('cases/:caseId')
export class VisitsController {
  private readonly log = new Logger('Visits');

  constructor(
    private readonly commands: CommandExecutor,
    private readonly sealer: PersonalDataSealer,
    @Inject(EVENT_STORE) private readonly store: EventStore<PoolClient>,
    @Inject(PLATFORM_CONFIG) private readonly config: SharedConfig,
  ) {}

  @Get('visits')
  @Roles(...caseReaderRoles)
  @RequireCaseAccess('read')
  async list(@Param('caseId') caseId: string, @Res({ passthrough: true }) response: Response) {
    const { state, revision, position } = await loadStream(
      this.store,
      visitStreamId(caseId),
      visitsDecider,
    );
    if (revision >= 0) response.setHeader('ETag', revisionETag(revision));
    return { caseId, revision, position: position?.toString() ?? null, visits: state.visits };
  }

  @Post('visits')
  @Roles('social-worker', 'supervisor')
  @RequireCaseAccess('act')
  @Command({ created: true })
  schedule(
    @Param('caseId') caseId: string,
    @ValidBody(ScheduleVisitBody) body: z.infer<typeof ScheduleVisitBody>,
    @CommandContext() context: CommandContext,
    @CurrentCaseOwnership() ownership: CaseOwnership,
  ): Promise<CommandReply> {
    // Logged with its personal fields on purpose: the logger must redact them.
    this.log.log({ msg: 'scheduling a visit', caseId, command: body });
    return this.commands.execute(context, {
      decider: visitsDecider,
      streamId: visitStreamId(caseId),
      command: {
        type: 'ScheduleVisit',
        visitId: body.visitId,
        plannedOn: body.plannedOn,
        purpose: body.purpose,
        clientId: body.clientId,
        ...(body.notes !== undefined ? { notes: this.sealer.seal(body.clientId, body.notes) } : {}),
      },
      officeCode: ownership.owningOfficeCode,
      caseId,
      location: `/cases/${caseId}/visits/${body.visitId}`,
    });
  }

  @Post('visits/:visitId/outcome')
  @Roles('social-worker', 'supervisor')
  @RequireCaseAccess('act')
  @Command()
  recordOutcome(
    @Param('caseId') caseId: string,
    @Param('visitId') visitId: string,
    @ValidBody(RecordOutcomeBody) body: z.infer<typeof RecordOutcomeBody>,
    @CommandContext() context: CommandContext,
    @CurrentCaseOwnership() ownership: CaseOwnership,
  ): Promise<CommandReply> {
    return this.commands.execute(context, {
      decider: visitsDecider,
      streamId: visitStreamId(caseId),
      command: { type: 'RecordVisitOutcome', visitId, outcome: body.outcome },
      officeCode: ownership.owningOfficeCode,
      caseId,
    });
  }

  @Post('visits/:visitId/cancel')
  @Roles('social-worker', 'supervisor')
  @RequireCaseAccess('act')
  @Command()
  cancel(
    @Param('caseId') caseId: string,
    @Param('visitId') visitId: string,
    @ValidBody(CancelVisitBody) body: z.infer<typeof CancelVisitBody>,
    @CommandContext() context: CommandContext,
    @CurrentCaseOwnership() ownership: CaseOwnership,
  ): Promise<CommandReply> {
    return this.commands.execute(context, {
      decider: visitsDecider,
      streamId: visitStreamId(caseId),
      command: { type: 'CancelVisit', visitId, reason: body.reason },
      officeCode: ownership.owningOfficeCode,
      caseId,
    });
  }

  /** Files do not go through the JSON body: they stream, with their own limit. */
  @Post('attachments')
  @Roles('social-worker', 'supervisor')
  @RequireCaseAccess('act')
  async upload(@Req() request: Request, @Res({ passthrough: true }) response: Response) {
    const sink = new PassThrough();
    sink.resume(); // a file store would write here; the example only counts and hashes
    const received = await receiveUpload(request, {
      maxBytes: this.config.UPLOAD_MAX_BYTES,
      into: sink,
    });
    response.status(201);
    return received;
  }
}
