import { Controller, Get } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentActor, Roles, type AuthenticatedActor } from '@dinsos/auth';
import { ValidQuery, officeParameter } from '@dinsos/platform';
import { z } from 'zod';
import { AtStorePosition } from '../consistency/store-position.interceptor';
import { Dashboards, type Dashboard } from './dashboard.query';

const DashboardQuery = z.strictObject({ office: officeParameter('figures') });

/** Thin: validate, read the figures of the caller's office scope, answer. */
@ApiTags('dashboard')
@Controller('dashboard')
@AtStorePosition()
export class DashboardController {
  constructor(private readonly dashboards: Dashboards) {}

  @Get()
  @ApiOperation({
    summary: 'Workload per office: open cases by stage, days per stage, breaches, moves',
    description:
      "Per office the caller's office covers (the province each of its offices): open cases by stage, average days per stage, cases past a due date now or closed late, and the transfers and referrals between offices.",
  })
  @Roles('supervisor', 'auditor')
  show(
    @ValidQuery(DashboardQuery) query: z.infer<typeof DashboardQuery>,
    @CurrentActor() actor: AuthenticatedActor,
  ): Promise<Dashboard> {
    return this.dashboards.of(actor, query.office);
  }
}
