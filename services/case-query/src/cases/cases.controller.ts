import { Controller, Get } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentActor, Roles, caseReaderRoles, type AuthenticatedActor } from '@dinsos/auth';
import { ValidParams, ValidQuery } from '@dinsos/platform';
import type { z } from 'zod';
import { AtStorePosition } from '../consistency/store-position.interceptor';
import { CaseQueries, type CaseDetail, type CaseListPage } from './cases.query';
import { CaseDetailQuery, CaseListQuery, CaseParams } from './cases.requests';

/** Thin: validate, read in the caller's office scope, answer with the position reflected. */
@ApiTags('cases')
@Controller('cases')
@AtStorePosition()
export class CasesController {
  constructor(private readonly cases: CaseQueries) {}

  @Get()
  @ApiOperation({
    summary: "The cases of the caller's office scope",
    description:
      "Cases of the offices the caller's office covers (the province all of its own, a regency only itself), filtered by stage, custodian, client category, standard, opening days, overdue clocks and case number; ordered and paged by a cursor (`next`, then `after`). The answer names the store position it reflects (`reflects`, `X-Store-Position`).",
  })
  @Roles(...caseReaderRoles)
  list(
    @ValidQuery(CaseListQuery) query: z.infer<typeof CaseListQuery>,
    @CurrentActor() actor: AuthenticatedActor,
  ): Promise<CaseListPage> {
    return this.cases.list(actor, query);
  }

  @Get(':caseId')
  @ApiOperation({
    summary: 'A case: its summary, SLA states now and its timeline across every service',
    description:
      "The summary folded from every context's events (stage, owner, custody, clocks), the SLA states at the service's clock, and every event of the case in the store's order (type in words, who, when, its payload). Personal fields in the payloads are decrypted only with a purpose: caseHandling for the officers of the case path and supervisors, audit for auditors; without one they are marked withheld. Another office's case is a 404, like an unknown one.",
  })
  @Roles(...caseReaderRoles)
  detail(
    @ValidParams(CaseParams) { caseId }: z.infer<typeof CaseParams>,
    @ValidQuery(CaseDetailQuery) query: z.infer<typeof CaseDetailQuery>,
    @CurrentActor() actor: AuthenticatedActor,
  ): Promise<CaseDetail> {
    return this.cases.detail(actor, caseId, query);
  }
}
