import { Controller, Get, Inject, Param, Post, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  CurrentActor,
  CurrentCaseOwnership,
  RequireCaseAccess,
  Roles,
  type AuthenticatedActor,
  type CaseOwnership,
} from '@dinsos/auth';
import type { EventStore } from '@dinsos/event-store';
import {
  CLOCK,
  Command,
  CommandContext,
  CommandExecutor,
  EVENT_STORE,
  PersonalFields,
  SERVICE_STANDARDS,
  ValidBody,
  ValidQuery,
  revisionETag,
  type Clock,
  type CommandReply,
} from '@dinsos/platform';
import type { ServiceStandardCatalogue } from '@dinsos/service-standards';
import type { Response } from 'express';
import { tracingDecider, tracingStreamId, type TracingCommand } from './tracing.decider';
import { AssignTracingOfficerBody, TakeTracingBody } from './tracing.requests';
import {
  TracingViewQuery,
  tracingReaderRoles,
  tracingReading,
  tracingViewOf,
  type TracingView,
} from './tracing.views';

/** Thin: validate, hand over to the kit's executor, answer. The rules are the decider's. */
@ApiTags('tracings')
@Controller('tracings/:caseId')
export class TracingController {
  constructor(
    private readonly commands: CommandExecutor,
    private readonly fields: PersonalFields,
    @Inject(EVENT_STORE) private readonly store: EventStore<unknown>,
    @Inject(SERVICE_STANDARDS) private readonly standards: ServiceStandardCatalogue,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  @Get()
  @ApiOperation({
    summary: 'The tracing of a case',
    description:
      'Status, office, officer, consent, inquiries (with their answers and evidence), identity verifications, biometrics captured (references), candidates (comparison, score, decision, concerns, do-not-contact) and the outcome, from the stream’s events. Personal fields are shown only with a purpose: familyTracing for tracing officers and supervisors, audit for auditors. Without one they are marked withheld.',
  })
  @Roles(...tracingReaderRoles)
  @RequireCaseAccess('read')
  async view(
    @Param('caseId') caseId: string,
    @ValidQuery(TracingViewQuery) query: TracingViewQuery,
    @CurrentActor() actor: AuthenticatedActor,
    @CurrentCaseOwnership() ownership: CaseOwnership,
    @Res({ passthrough: true }) response: Response,
  ): Promise<TracingView> {
    const access = tracingReading.accessFor(actor, query.purpose);
    const events = await this.store.readStream(tracingStreamId(caseId));
    const view = await tracingViewOf(caseId, events, {
      payloadOf: (event) => this.fields.payloadFor(event, access),
      ...(query.purpose ? { purpose: query.purpose } : {}),
      now: this.clock.now(),
      offices: this.standards.offices,
      fallbackOfficeCode: ownership.owningOfficeCode,
    });
    if (view.revision >= 0) response.setHeader('ETag', revisionETag(view.revision));
    return view;
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
