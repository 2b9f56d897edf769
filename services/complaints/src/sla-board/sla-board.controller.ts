import { Controller, Get } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentActor, Roles, type AuthenticatedActor } from '@dinsos/auth';
import { ValidQuery } from '@dinsos/platform';
import { SlaBoard, type SlaBoardPage } from './sla-board.query';
import { SlaBoardQuery } from './sla-board.requests';

/** Thin: validate the query, read the board in the caller's office scope, answer. */
@ApiTags('complaints')
@Controller('complaints')
export class SlaBoardController {
  constructor(private readonly board: SlaBoard) {}

  @Get()
  @ApiOperation({
    summary: "The SLA board: an office's complaints with their clocks",
    description:
      "The complaints of the offices the caller's office covers (the province all of its own), earliest running clock due first: number, office, classification, channel, status, each clock's due date and state (onTrack, atRisk, breached, met) judged at the service's clock (while paused, at the pause), the pause, breaches and the contested case. Never the complainant.",
  })
  @Roles('complaints-officer', 'supervisor', 'auditor')
  list(
    @ValidQuery(SlaBoardQuery) query: SlaBoardQuery,
    @CurrentActor() actor: AuthenticatedActor,
  ): Promise<SlaBoardPage> {
    return this.board.list(actor, query);
  }
}
