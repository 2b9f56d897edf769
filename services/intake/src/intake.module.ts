import { Module } from '@nestjs/common';
import type { PlatformFeatures } from '@dinsos/platform';
import { serviceStandards, type ServiceStandardCatalogue } from '@dinsos/service-standards';
import { CaseCommands } from './intake-case/intake-case.commands';
import { ReceiveReportHandler } from './intake-case/receive-report';
import { ClientUploads } from './client/client-uploads';
import { CasesController } from './intake-case/intake-case.controller';
import { ClientUploadsController } from './client/client-uploads.controller';
import { DuplicateCheckController } from './duplicate-check/duplicate-check.controller';
import { matchingIndexProjection } from './duplicate-check/matching-index.projection';
import { MatchingIndex } from './duplicate-check/matching-index.query';
import { CaseViews } from './intake-case/intake-case.views';
import { DuplicateCheck } from './duplicate-check/duplicate-check';

@Module({
  controllers: [CasesController, ClientUploadsController, DuplicateCheckController],
  providers: [
    MatchingIndex,
    ReceiveReportHandler,
    CaseCommands,
    CaseViews,
    DuplicateCheck,
    ClientUploads,
  ],
})
export class IntakeModule {}

/**
 * What intake runs beside HTTP: its relay (intakeCase and client streams to
 * dinsos.intake.events.v1); the facts its steps follow (under seed 000 the fingerprints and
 * photo come after the Peksos assessment's RecommendationMade, read with FollowedEvents); and the
 * duplicate check's matching index, projected from its own streams, declared as a function of
 * the platform's dependencies because it decrypts with the kit's vault and dates in the offices'
 * zones (reached through Projections as `matchingIndexName`). Intake keeps no ownership table:
 * it authorises from its own case streams, which never lag. And the standards, offices (time
 * zones) and office assignments its steps, case numbers and index follow (SERVICE_STANDARDS;
 * default: the seeds and Banten's offices).
 */
export function intakePlatformFeatures(
  standards: ServiceStandardCatalogue = serviceStandards,
): PlatformFeatures {
  return {
    caseAccess: 'ownStreams',
    relay: { service: 'intake' },
    follows: { facts: ['RecommendationMade'] },
    projections: (dependencies) => [matchingIndexProjection(dependencies)],
    standards,
  };
}
