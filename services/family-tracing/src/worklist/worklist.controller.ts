import { Controller, Get } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentActor, Roles, type AuthenticatedActor } from '@dinsos/auth';
import { ValidQuery } from '@dinsos/platform';
import { tracingReaderRoles } from '../tracing/tracing.views';
import { Worklist, type WorklistPage } from './worklist.query';
import { WorklistQuery } from './worklist.requests';

/** Thin: validate the query, read the worklist in the caller's office scope, answer. */
@ApiTags('tracings')
@Controller('tracings')
export class WorklistController {
  constructor(private readonly worklist: Worklist) {}

  @Get()
  @ApiOperation({
    summary: 'Inquiries waiting: the caller’s own tracings (officer=me) or an office’s',
    description:
      "Tracings under way with inquiries sent and not answered, of the offices the caller's office covers (the province all of its own), most urgent first: each inquiry with its channel, addressee, letter number, due date and state (waiting, dueToday, overdue) judged against the service's clock on the owning office's day, instants in its time zone.",
  })
  @Roles(...tracingReaderRoles)
  list(
    @ValidQuery(WorklistQuery) query: WorklistQuery,
    @CurrentActor() actor: AuthenticatedActor,
  ): Promise<WorklistPage> {
    return this.worklist.list(actor, query);
  }
}
