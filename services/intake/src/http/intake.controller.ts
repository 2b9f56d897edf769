import { Controller, ForbiddenException, HttpCode, Inject, Post, Req } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentActor, Roles, type AuthenticatedActor } from '@dinsos/auth';
import { ValidBody, ValidQuery } from '@dinsos/platform';
import type { ServiceStandardCatalogue } from '@dinsos/service-standards';
import type { Request } from 'express';
import { ClientUploads } from '../commands/uploads';
import { DuplicateCheck } from '../queries/duplicate-check';
import { MatchingIndexProjection } from '../projections/matching-index';
import { STANDARDS } from '../intake-tokens';
import { DuplicateCheckBody, UploadQuery } from './request-schemas';

const intakeActors = ['intake-officer', 'supervisor'] as const;

/** Intake's routes that belong to no case yet: uploads before a report, the duplicate search. */
@ApiTags('intake')
@Controller()
export class IntakeController {
  constructor(
    private readonly uploads: ClientUploads,
    private readonly duplicates: DuplicateCheck,
    private readonly index: MatchingIndexProjection,
    @Inject(STANDARDS) private readonly standards: ServiceStandardCatalogue,
  ) {}

  @Post('uploads')
  @HttpCode(201)
  @ApiOperation({
    summary: 'Upload a file of a client not reported yet (the body is the file itself)',
    description:
      'Answers the fileId and a new clientId (or the one given): send both with the report, so the file and the client share a key.',
  })
  @Roles(...intakeActors)
  upload(
    @ValidQuery(UploadQuery) query: { clientId?: string },
    @CurrentActor() actor: AuthenticatedActor,
    @Req() request: Request,
  ) {
    return this.uploads.forNewClient(actor, request, query.clientId);
  }

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
    await this.index.rebuild();
    return { rebuilding: true };
  }
}
