import { Controller, Get, Inject, Param, Post, Req, Res } from '@nestjs/common';
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
  DomainRuleViolation,
  EVENT_STORE,
  PersonalFields,
  SERVICE_STANDARDS,
  Upload,
  Uploads,
  ValidBody,
  ValidParams,
  ValidQuery,
  fileReferenceOf,
  loadStream,
  revisionETag,
  type Clock,
  type CommandReply,
} from '@dinsos/platform';
import { localDateAt, type ServiceStandardCatalogue } from '@dinsos/service-standards';
import type { Request, Response } from 'express';
import { z } from 'zod';
import {
  assessmentDecider,
  assessmentStreamId,
  type AssessmentCommand,
  type AssessmentState,
} from './assessment.decider';
import {
  AssessmentViewQuery,
  AssignSocialWorkerBody,
  RecommendationBody,
  RecommendationNumber,
  RecordAssessmentBody,
  RehabilitationNoteBody,
  RejectionBody,
  TakeAssessmentBody,
} from './assessment.requests';
import { AssessmentViews } from './assessment.views';

const RecommendationParams = z.strictObject({
  caseId: z.string().min(1).max(100),
  number: RecommendationNumber,
});

/** Thin: validate, encrypt what is personal, hand over to the kit's executor. Rules: the decider's. */
@ApiTags('assessment')
@Controller('assessments/:caseId')
export class AssessmentController {
  constructor(
    private readonly commands: CommandExecutor,
    private readonly views: AssessmentViews,
    private readonly fields: PersonalFields,
    private readonly uploads: Uploads,
    @Inject(EVENT_STORE) private readonly store: EventStore<unknown>,
    @Inject(SERVICE_STANDARDS) private readonly standards: ServiceStandardCatalogue,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  @Get()
  @ApiOperation({
    summary: 'The assessment of a case',
    description:
      'Personal fields (health, psychological state, family, risks, the child’s view, notes, reasons) are shown only with a purpose: caseHandling for social workers and supervisors, audit for auditors. Without one they are marked withheld.',
  })
  @Roles('social-worker', 'supervisor', 'intake-officer', 'auditor')
  @RequireCaseAccess('read')
  async view(
    @Param('caseId') caseId: string,
    @ValidQuery(AssessmentViewQuery) query: AssessmentViewQuery,
    @CurrentActor() actor: AuthenticatedActor,
    @Res({ passthrough: true }) response: Response,
  ) {
    const view = await this.views.ofCase(caseId, actor, query);
    if (view.revision >= 0) response.setHeader('ETag', revisionETag(view.revision));
    return view;
  }

  @Post('assignment')
  @ApiOperation({ summary: 'Assign a social worker (Peksos); a reassignment needs a reason' })
  @Roles('supervisor')
  @RequireCaseAccess('act')
  @Command()
  assign(
    @Param('caseId') caseId: string,
    @ValidBody(AssignSocialWorkerBody) body: AssignSocialWorkerBody,
    @CommandContext() context: CommandContext,
    @CurrentCaseOwnership() ownership: CaseOwnership,
  ): Promise<CommandReply> {
    return this.act(context, caseId, ownership, async () => ({
      type: 'AssignSocialWorker',
      socialWorkerId: body.socialWorkerId,
      how: 'assignedBySupervisor',
      ...(body.reason ? { reason: body.reason } : {}),
    }));
  }

  @Post('take')
  @ApiOperation({ summary: 'Take the assessment as the social worker responsible' })
  @Roles('social-worker')
  @RequireCaseAccess('act')
  @Command()
  take(
    @Param('caseId') caseId: string,
    @ValidBody(TakeAssessmentBody) body: TakeAssessmentBody,
    @CommandContext() context: CommandContext,
    @CurrentCaseOwnership() ownership: CaseOwnership,
  ): Promise<CommandReply> {
    return this.act(context, caseId, ownership, async () => ({
      type: 'AssignSocialWorker',
      socialWorkerId: context.actor.id,
      how: 'takenBySocialWorker',
      ...(body.reason ? { reason: body.reason } : {}),
    }));
  }

  @Post('attachments')
  @Upload()
  @ApiOperation({
    summary: 'Upload a file for an assessment (the body is the file itself)',
    description: 'Encrypted under the client’s key; name its fileId in the assessment.',
  })
  @Roles('social-worker')
  @RequireCaseAccess('act')
  async attach(
    @Param('caseId') caseId: string,
    @CurrentActor() actor: AuthenticatedActor,
    @Req() request: Request,
  ) {
    const { state } = await loadStream(this.store, assessmentStreamId(caseId), assessmentDecider);
    return this.uploads.receive(actor, clientOf(state), request, { caseId });
  }

  @Post('assessments')
  @ApiOperation({
    summary: 'Record an assessment: the initial one, then further ones (asesmen lanjutan)',
  })
  @Roles('social-worker')
  @RequireCaseAccess('act')
  @Command()
  record(
    @Param('caseId') caseId: string,
    @ValidBody(RecordAssessmentBody) body: RecordAssessmentBody,
    @CommandContext() context: CommandContext,
    @CurrentCaseOwnership() ownership: CaseOwnership,
  ): Promise<CommandReply> {
    return this.act(context, caseId, ownership, async (state) => {
      const clientId = clientOf(state);
      const seal = (value: unknown) => this.fields.encrypt(clientId, value);
      const uploads = await this.uploads.require(body.attachments, { subjectId: clientId });
      return {
        type: 'RecordAssessment',
        actorId: context.actor.id,
        today: this.todayOf(state),
        assessedOn: body.assessedOn,
        physicalCondition: await seal(body.physicalCondition),
        health: await seal(body.health),
        needsMedicalCare: body.needsMedicalCare,
        psychologicalState: await seal(body.psychologicalState),
        education: body.education,
        familyAndOrigin: await seal(body.familyAndOrigin),
        risks: { riskAtHome: body.risks.riskAtHome, details: await seal(body.risks.details) },
        needs: body.needs,
        childView: await seal(body.childView),
        attachments: await Promise.all(
          body.attachments.map((fileId) =>
            this.fields.encryptFile(clientId, fileReferenceOf(uploads.get(fileId)!)),
          ),
        ),
      };
    });
  }

  @Post('rehabilitation-notes')
  @ApiOperation({
    summary: 'Note the basic rehabilitation given in the shelter on one day of care',
    description: 'Meals, clothing, health check, counselling, recreation: one note per day.',
  })
  @Roles('social-worker')
  @RequireCaseAccess('act')
  @Command()
  note(
    @Param('caseId') caseId: string,
    @ValidBody(RehabilitationNoteBody) body: RehabilitationNoteBody,
    @CommandContext() context: CommandContext,
    @CurrentCaseOwnership() ownership: CaseOwnership,
  ): Promise<CommandReply> {
    return this.act(context, caseId, ownership, async (state) => ({
      type: 'RecordRehabilitationNote',
      actorId: context.actor.id,
      day: body.day,
      today: this.todayOf(state),
      services: body.services,
      ...(body.note ? { note: await this.fields.encrypt(clientOf(state), body.note) } : {}),
    }));
  }

  @Post('recommendations')
  @ApiOperation({
    summary: 'Recommend the next step, with reasons and the child’s view',
    description:
      'The pinned standard says which outcomes it allows and whether a supervisor approves. A health referral may be recommended at any time; everything else after an assessment.',
  })
  @Roles('social-worker')
  @RequireCaseAccess('act')
  @Command()
  recommend(
    @Param('caseId') caseId: string,
    @ValidBody(RecommendationBody) body: RecommendationBody,
    @CommandContext() context: CommandContext,
    @CurrentCaseOwnership() ownership: CaseOwnership,
  ): Promise<CommandReply> {
    return this.act(context, caseId, ownership, async (state) => {
      const clientId = clientOf(state);
      const { outcomes, supervisorApproval } = this.standards.get(
        state.serviceStandard!,
      ).recommendations;
      return {
        type: 'MakeRecommendation',
        actorId: context.actor.id,
        recommendation: body.recommendation,
        reasons: await this.fields.encrypt(clientId, body.reasons),
        childView: await this.fields.encrypt(clientId, body.childView),
        policy: { outcomes, supervisorApproval },
      };
    });
  }

  @Post('recommendations/:number/approval')
  @ApiOperation({ summary: 'Approve a submitted recommendation: it then stands' })
  @Roles('supervisor')
  @RequireCaseAccess('act')
  @Command()
  approve(
    @ValidParams(RecommendationParams) params: z.infer<typeof RecommendationParams>,
    @CommandContext() context: CommandContext,
    @CurrentCaseOwnership() ownership: CaseOwnership,
  ): Promise<CommandReply> {
    return this.act(context, params.caseId, ownership, async () => ({
      type: 'ApproveRecommendation',
      recommendationNumber: params.number,
      supervisorId: context.actor.id,
    }));
  }

  @Post('recommendations/:number/rejection')
  @ApiOperation({ summary: 'Send a submitted recommendation back, with the reason' })
  @Roles('supervisor')
  @RequireCaseAccess('act')
  @Command()
  reject(
    @ValidParams(RecommendationParams) params: z.infer<typeof RecommendationParams>,
    @ValidBody(RejectionBody) body: RejectionBody,
    @CommandContext() context: CommandContext,
    @CurrentCaseOwnership() ownership: CaseOwnership,
  ): Promise<CommandReply> {
    return this.act(context, params.caseId, ownership, async (state) => ({
      type: 'RejectRecommendation',
      recommendationNumber: params.number,
      reason: await this.fields.encrypt(clientOf(state), body.reason),
    }));
  }

  /** One command on the case's assessment, prepared (encrypted) from the state it decides on. */
  private act(
    context: CommandContext,
    caseId: string,
    ownership: CaseOwnership,
    prepareCommand: (state: AssessmentState) => Promise<AssessmentCommand>,
  ): Promise<CommandReply> {
    return this.commands.execute(context, {
      decider: assessmentDecider,
      streamId: assessmentStreamId(caseId),
      officeCode: ownership.owningOfficeCode,
      caseId,
      serviceStandard: (state) => state.serviceStandard,
      prepareCommand: (state) => {
        clientOf(state);
        return prepareCommand(state);
      },
    });
  }

  /** The owning office's today, for rules about days (no note for tomorrow). */
  private todayOf(state: AssessmentState): string {
    const office = this.standards.offices.get(state.officeCode!);
    return localDateAt(this.clock.now(), office.timeZone);
  }
}

/**
 * The client of a started assessment. A case intake opened moments ago may be known to the
 * ownership table before its assessment starts (or the other way round): say so in words.
 */
function clientOf(state: AssessmentState): string {
  if (state.status !== 'started' || !state.clientId) {
    throw new DomainRuleViolation(
      'assessment-not-started',
      "This case's assessment has not started here yet: it starts when intake's CaseOpened reaches the assessment service. If the case was opened moments ago, try again shortly.",
    );
  }
  return state.clientId;
}
