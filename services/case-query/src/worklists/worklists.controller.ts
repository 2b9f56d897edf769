import { Controller, Get } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentActor, Roles, caseReaderRoles, type AuthenticatedActor } from '@dinsos/auth';
import { ValidParams, ValidQuery } from '@dinsos/platform';
import type { z } from 'zod';
import { AtStorePosition } from '../consistency/store-position.interceptor';
import { Worklists, type WorklistPage } from './worklists.query';
import { WorklistParams, WorklistQuery } from './worklists.requests';

/** Thin: validate, read the worklist in the caller's office scope, answer. */
@ApiTags('worklists')
@Controller('worklists')
@AtStorePosition()
export class WorklistsController {
  constructor(private readonly worklists: Worklists) {}

  @Get(':list')
  @ApiOperation({
    summary: "A role's worklist across every service",
    description:
      "newReports (intake officers), assessmentsDue (social workers), inquiriesWaiting (tracing officers), consentsMissing and staysNearingLimit (placement officers), complaintsNearBreach (complaints officers); supervisors and auditors read every list. The offices the caller's office covers, most urgent first, judged at the service's clock.",
  })
  @Roles(...caseReaderRoles)
  list(
    @ValidParams(WorklistParams) { list }: z.infer<typeof WorklistParams>,
    @ValidQuery(WorklistQuery) query: z.infer<typeof WorklistQuery>,
    @CurrentActor() actor: AuthenticatedActor,
  ): Promise<WorklistPage> {
    return this.worklists.list(actor, list, query);
  }
}
