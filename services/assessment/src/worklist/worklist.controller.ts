import { Controller, Get } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentActor, Roles, type AuthenticatedActor } from '@dinsos/auth';
import { ValidQuery } from '@dinsos/platform';
import { Worklist, type WorklistPage } from './worklist.query';
import { WorklistQuery } from './worklist.requests';

/** Thin: validate the query, read the worklist in the caller's office scope, answer. */
@ApiTags('assessments')
@Controller('assessments')
export class WorklistController {
  constructor(private readonly worklist: Worklist) {}

  @Get()
  @ApiOperation({
    summary: "The worklist: the caller's own assessments (assignee=me) or an office's",
    description:
      "Started assessments of the offices the caller's office covers (the province all of its own), most urgent first: stage, social worker, and each clock of the pinned standard with its due date and SLA state (onTrack, atRisk, breached, met) in the owning office's time zone; a shelter clock lists its days without a rehabilitation note.",
  })
  @Roles('social-worker', 'supervisor', 'intake-officer', 'auditor')
  list(
    @ValidQuery(WorklistQuery) query: WorklistQuery,
    @CurrentActor() actor: AuthenticatedActor,
  ): Promise<WorklistPage> {
    return this.worklist.list(actor, query);
  }
}
