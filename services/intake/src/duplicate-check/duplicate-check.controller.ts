import { Controller, ForbiddenException, HttpCode, Inject, Post } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentActor, Roles, type AuthenticatedActor } from '@dinsos/auth';
import { Projections, SERVICE_STANDARDS, ValidBody } from '@dinsos/platform';
import type { ServiceStandardCatalogue } from '@dinsos/service-standards';
import { intakeActors } from '../intake-case/intake-case.controller';
import { DuplicateCheck } from './duplicate-check';
import { DuplicateCheckBody } from './duplicate-check.requests';
import { matchingIndexName } from './matching-index.projection';

/** The duplicate search before a report, and the rebuild of its province-wide index. */
@ApiTags('intake')
@Controller()
export class DuplicateCheckController {
  constructor(
    private readonly duplicates: DuplicateCheck,
    private readonly projections: Projections,
    @Inject(SERVICE_STANDARDS) private readonly standards: ServiceStandardCatalogue,
  ) {}

  @Post('duplicate-checks')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Search earlier registrations before a report (name, date of birth or age, place)',
    description:
      "Candidates in offices the caller's office covers come with details; elsewhere only the office and the score.",
  })
  @Roles(...intakeActors)
  async search(
    @ValidBody(DuplicateCheckBody) body: DuplicateCheckBody,
    @CurrentActor() actor: AuthenticatedActor,
  ) {
    return { candidates: await this.duplicates.search(actor, body) };
  }

  @Post('matching-index/rebuild')
  @HttpCode(202)
  @ApiOperation({
    summary: "Rebuild the duplicate check's index from the event store",
    description:
      'The index spans every office of the province, so only an admin or a supervisor of the province office may rebuild it. Answers 202 once the index is emptied; the runners fill it again in the background (poll the duplicate check). Erased persons are not indexed again.',
  })
  @Roles('admin', 'supervisor')
  async rebuild(@CurrentActor() actor: AuthenticatedActor) {
    const offices = this.standards.offices;
    const ofProvince =
      offices.has(actor.officeCode) && offices.get(actor.officeCode).level === 'province';
    if (actor.role !== 'admin' && !ofProvince) {
      throw new ForbiddenException(
        'Only an admin or a supervisor of the province office may rebuild the duplicate index.',
      );
    }
    await this.projections.rebuild(matchingIndexName);
    return { rebuilding: true };
  }
}
