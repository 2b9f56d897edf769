import type { z } from 'zod';
import { Controller, Get, Post } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentActor, Roles, type AuthenticatedActor } from '@dinsos/auth';
import {
  Command,
  CommandContext,
  ValidBody,
  ValidParams,
  ValidQuery,
  type CommandReply,
} from '@dinsos/platform';
import { complaintSlaOf } from '@dinsos/service-standards';
import { ComplaintCommands } from './complaint-commands';
import { ComplaintReplying } from './complaint-replying';
import { ComplaintViews } from './complaint.views';
import {
  AssignBody,
  ComplaintParams,
  ComplaintViewQuery,
  DeclineBody,
  EscalateBody,
  PauseBody,
  ReceiveComplaintBody,
  ReopenBody,
  ResolveBody,
  RespondBody,
  ResumeBody,
} from './complaint.requests';

/** Who handles complaints: the complaints officer (Pejabat Pengelola Pengaduan) and supervisors. */
const handlers = ['complaints-officer', 'supervisor'] as const;
type Params = z.infer<typeof ComplaintParams>;

/**
 * Complaints about the service: received on the channels the office's standard names, then
 * verified or declined, assigned, answered, resolved, escalated, reopened, their clocks paused
 * while waiting for the complainant. Thin: the commands prepare, the decider rules.
 */
@ApiTags('complaints')
@Controller('complaints')
export class ComplaintController {
  constructor(
    private readonly complaints: ComplaintCommands,
    private readonly replying: ComplaintReplying,
    private readonly views: ComplaintViews,
  ) {}

  @Post()
  @ApiOperation({
    summary: 'Receive a complaint on a channel of the office’s standard',
    description:
      "With the channel's own reference (LAPOR! tracking number, e-mail Message-ID, the box's collection date, the post's link…), its classification, the complainant (absent: anonymous; a whistle-blower's identity under a key only complaints may use) and, optionally, the case and event it contests. The verification and completion clocks start. The answer gives the complaint number and the secret of the public status check.",
  })
  @Roles(...handlers)
  @Command({ created: true })
  receive(
    @ValidBody(ReceiveComplaintBody) body: ReceiveComplaintBody,
    @CommandContext() context: CommandContext,
  ) {
    return this.complaints.receive(context, body);
  }

  @Post(':complaintId/verification')
  @ApiOperation({ summary: 'Verify the complaint: follow-up starts (5 working days)' })
  @Roles(...handlers)
  @Command()
  verify(
    @ValidParams(ComplaintParams) { complaintId }: Params,
    @ValidBody(ResumeBody) _body: object,
    @CommandContext() context: CommandContext,
  ): Promise<CommandReply> {
    return this.complaints.act(context, complaintId, {}, async (state) => {
      const verifiedAt = this.complaints.now();
      return {
        command: {
          type: 'VerifyComplaint',
          verifiedAt,
          clocks: state.serviceStandard
            ? this.complaints.clocksStartingOn(
                'ComplaintVerified',
                this.complaints.standardOf(state),
                state.officeCode!,
                verifiedAt,
              )
            : [],
        },
      };
    });
  }

  @Post(':complaintId/declining')
  @ApiOperation({
    summary: 'Decline the complaint with a reason',
    description:
      'Not our authority (forwarded to a named body), a duplicate (of a named complaint of an office you serve), or insufficient information.',
  })
  @Roles(...handlers)
  @Command()
  decline(
    @ValidParams(ComplaintParams) { complaintId }: Params,
    @ValidBody(DeclineBody) body: DeclineBody,
    @CommandContext() context: CommandContext,
    @CurrentActor() actor: AuthenticatedActor,
  ): Promise<CommandReply> {
    return this.complaints.act(context, complaintId, {}, async () => {
      if (body.duplicateOf) await this.replying.requireComplaint(body.duplicateOf, actor);
      return {
        command: {
          type: 'DeclineComplaint',
          declinedAt: this.complaints.now(),
          reason: body.reason,
          ...(body.forwardedTo ? { forwardedTo: body.forwardedTo } : {}),
          ...(body.duplicateOf ? { duplicateOf: body.duplicateOf } : {}),
          explanation: body.explanation,
        },
      };
    });
  }

  @Post(':complaintId/assignment')
  @ApiOperation({ summary: 'Assign the verified complaint to a unit or an officer' })
  @Roles(...handlers)
  @Command()
  assign(
    @ValidParams(ComplaintParams) { complaintId }: Params,
    @ValidBody(AssignBody) body: AssignBody,
    @CommandContext() context: CommandContext,
  ): Promise<CommandReply> {
    return this.complaints.act(context, complaintId, {}, async () => ({
      command: { type: 'AssignComplaint', assignee: body.assignee },
    }));
  }

  @Post(':complaintId/responses')
  @ApiOperation({
    summary: 'Answer the complainant on the channel the complaint came in',
    description:
      "Drafted from a template in Bahasa Indonesia with the officer's words. By e-mail it is mailed to the complainant's address (SMTP, or the development sink); on any other channel it is recorded as sent by the officer.",
  })
  @Roles(...handlers)
  @Command()
  respond(
    @ValidParams(ComplaintParams) { complaintId }: Params,
    @ValidBody(RespondBody) body: RespondBody,
    @CommandContext() context: CommandContext,
  ): Promise<CommandReply> {
    return this.complaints.act(context, complaintId, {}, (state) =>
      this.replying.respond(context, complaintId, state, body),
    );
  }

  @Post(':complaintId/resolution')
  @ApiOperation({
    summary: 'Resolve the answered complaint, with the complainant’s acceptance if recorded',
  })
  @Roles(...handlers)
  @Command()
  resolve(
    @ValidParams(ComplaintParams) { complaintId }: Params,
    @ValidBody(ResolveBody) body: ResolveBody,
    @CommandContext() context: CommandContext,
  ): Promise<CommandReply> {
    return this.complaints.act(context, complaintId, {}, async () => ({
      command: {
        type: 'ResolveComplaint',
        resolvedAt: this.complaints.now(),
        outcome: body.outcome,
        ...(body.complainantAccepted !== undefined
          ? { complainantAccepted: body.complainantAccepted }
          : {}),
        summary: body.summary,
      },
    }));
  }

  @Post(':complaintId/escalations')
  @ApiOperation({ summary: 'Escalate the complaint to a supervisor or the province office' })
  @Roles(...handlers)
  @Command()
  escalate(
    @ValidParams(ComplaintParams) { complaintId }: Params,
    @ValidBody(EscalateBody) body: EscalateBody,
    @CommandContext() context: CommandContext,
  ): Promise<CommandReply> {
    return this.complaints.act(context, complaintId, {}, async () => ({
      command: { type: 'EscalateComplaint', to: body.to, reason: body.reason },
    }));
  }

  @Post(':complaintId/reopening')
  @ApiOperation({
    summary: 'Reopen a resolved or declined complaint: its completion clock runs again',
  })
  @Roles(...handlers)
  @Command()
  reopen(
    @ValidParams(ComplaintParams) { complaintId }: Params,
    @ValidBody(ReopenBody) body: ReopenBody,
    @CommandContext() context: CommandContext,
  ): Promise<CommandReply> {
    return this.complaints.act(context, complaintId, {}, async (state) => {
      const reopenedAt = this.complaints.now();
      const standard = state.serviceStandard ? this.complaints.standardOf(state) : undefined;
      return {
        command: {
          type: 'ReopenComplaint',
          reopenedAt,
          reason: body.reason,
          // The completion clock runs again from the reopening.
          clocks: standard
            ? [
                this.complaints.due(
                  'resolve',
                  complaintSlaOf(standard).resolve,
                  state.officeCode!,
                  reopenedAt,
                ),
              ]
            : [],
        },
      };
    });
  }

  @Post(':complaintId/pause')
  @ApiOperation({
    summary: 'Pause the running clocks while waiting for the complainant',
    description: 'On resuming, each running clock’s due time moves on by the time paused.',
  })
  @Roles(...handlers)
  @Command()
  pause(
    @ValidParams(ComplaintParams) { complaintId }: Params,
    @ValidBody(PauseBody) body: PauseBody,
    @CommandContext() context: CommandContext,
  ): Promise<CommandReply> {
    return this.complaints.act(context, complaintId, {}, async () => ({
      command: {
        type: 'PauseClocks',
        pausedAt: this.complaints.now(),
        reason: 'waitingForComplainant',
        ...(body.note ? { note: body.note } : {}),
      },
    }));
  }

  @Post(':complaintId/resume')
  @ApiOperation({
    summary: 'Resume the paused clocks',
    description:
      'Each running clock is due later by the time paused: newDueAt = resumedAt + (dueAt − pausedAt).',
  })
  @Roles(...handlers)
  @Command()
  resume(
    @ValidParams(ComplaintParams) { complaintId }: Params,
    @ValidBody(ResumeBody) _body: object,
    @CommandContext() context: CommandContext,
  ): Promise<CommandReply> {
    return this.complaints.act(context, complaintId, {}, async (state) => {
      const resumedAt = this.complaints.now();
      return {
        command: {
          type: 'ResumeClocks',
          resumedAt,
          clocks: state.pausedSince ? this.complaints.resumedClocks(state, resumedAt) : [],
        },
      };
    });
  }

  @Get(':complaintId')
  @ApiOperation({
    summary: 'The complaint: status, clocks with their SLA state, the pause, its history',
    description:
      "Personal fields (the text, a named complainant, the replies) only with a purpose: complaintHandling for complaints officers and supervisors, audit for auditors; without one they are marked withheld. A whistle-blower's identity is never shown here.",
  })
  @Roles('complaints-officer', 'supervisor', 'auditor')
  view(
    @ValidParams(ComplaintParams) { complaintId }: Params,
    @ValidQuery(ComplaintViewQuery) query: ComplaintViewQuery,
    @CurrentActor() actor: AuthenticatedActor,
  ) {
    return this.views.ofComplaint(complaintId, actor, query);
  }

  @Get(':complaintId/complainant')
  @ApiOperation({
    summary: "The complainant's identity, a whistle-blower's included: complaints officers only",
    description: 'Read for complaint handling. Every other role, supervisors included, gets 403.',
  })
  @Roles('complaints-officer')
  complainant(
    @ValidParams(ComplaintParams) { complaintId }: Params,
    @CurrentActor() actor: AuthenticatedActor,
  ) {
    return this.views.complainant(complaintId, actor);
  }
}
