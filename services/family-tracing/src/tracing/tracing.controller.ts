import { Controller, Get, Inject, Param, Post, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  CurrentCaseOwnership,
  RequireCaseAccess,
  Roles,
  caseReaderRoles,
  type CaseOwnership,
} from '@dinsos/auth';
import type { EventStore } from '@dinsos/event-store';
import {
  Command,
  CommandContext,
  CommandExecutor,
  EVENT_STORE,
  ValidBody,
  loadStream,
  revisionETag,
  type CommandReply,
} from '@dinsos/platform';
import type { Response } from 'express';
import { tracingDecider, tracingStreamId, type TracingCommand } from './tracing.decider';
import { AssignTracingOfficerBody, TakeTracingBody } from './tracing.requests';

/** Thin: validate, hand over to the kit's executor, answer. The rules are the decider's. */
@ApiTags('tracings')
@Controller('tracings/:caseId')
export class TracingController {
  constructor(
    private readonly commands: CommandExecutor,
    @Inject(EVENT_STORE) private readonly store: EventStore<unknown>,
  ) {}

  @Get()
  @ApiOperation({ summary: 'The tracing of a case' })
  @Roles(...caseReaderRoles)
  @RequireCaseAccess('read')
  async view(@Param('caseId') caseId: string, @Res({ passthrough: true }) response: Response) {
    const { state, revision, position } = await loadStream(
      this.store,
      tracingStreamId(caseId),
      tracingDecider,
    );
    if (revision >= 0) response.setHeader('ETag', revisionETag(revision));
    return { caseId, revision, position: position?.toString() ?? null, ...state };
  }

  @Post('assignment')
  @ApiOperation({ summary: 'Assign a tracing officer; a reassignment needs a reason' })
  @Roles('supervisor')
  @RequireCaseAccess('act')
  @Command()
  assign(
    @Param('caseId') caseId: string,
    @ValidBody(AssignTracingOfficerBody) body: AssignTracingOfficerBody,
    @CommandContext() context: CommandContext,
    @CurrentCaseOwnership() ownership: CaseOwnership,
  ): Promise<CommandReply> {
    return this.act(context, caseId, ownership, {
      type: 'AssignOfficer',
      officerId: body.officerId,
      how: 'assignedBySupervisor',
      ...(body.reason ? { reason: body.reason } : {}),
    });
  }

  @Post('take')
  @ApiOperation({ summary: 'Take the tracing as the officer responsible' })
  @Roles('tracing-officer')
  @RequireCaseAccess('act')
  @Command()
  take(
    @Param('caseId') caseId: string,
    @ValidBody(TakeTracingBody) body: TakeTracingBody,
    @CommandContext() context: CommandContext,
    @CurrentCaseOwnership() ownership: CaseOwnership,
  ): Promise<CommandReply> {
    return this.act(context, caseId, ownership, {
      type: 'AssignOfficer',
      officerId: context.actor.id,
      how: 'takenByOfficer',
      ...(body.reason ? { reason: body.reason } : {}),
    });
  }

  private act(
    context: CommandContext,
    caseId: string,
    ownership: CaseOwnership,
    command: TracingCommand,
  ): Promise<CommandReply> {
    return this.commands.execute(context, {
      decider: tracingDecider,
      streamId: tracingStreamId(caseId),
      command,
      officeCode: ownership.owningOfficeCode,
      caseId,
      // The case's pinned standard, as the stream keeps it, goes into each event's envelope.
      serviceStandard: (state) => state.serviceStandard,
    });
  }
}
