import { Module } from '@nestjs/common';
import type { PlatformFeatures } from '@dinsos/platform';
import { serviceStandards, type ServiceStandardCatalogue } from '@dinsos/service-standards';
import { AssessmentController } from './assessment/assessment.controller';
import { assessmentReactions } from './assessment/assessment.reactions';
import { AssessmentViews } from './assessment/assessment.views';
import { assessmentServiceName } from './assessment-config';
import { WorklistModule } from './worklist/worklist.module';
import { worklistProjection } from './worklist/worklist.projection';

/** The assessment of a case (commands and its view) and the worklist. */
@Module({
  imports: [WorklistModule],
  controllers: [AssessmentController],
  providers: [AssessmentViews],
})
export class AssessmentModule {}

/**
 * What assessment runs beside HTTP: its relay (assessment streams to
 * dinsos.assessment.events.v1), its reactions to other contexts' events (intake's CaseOpened and
 * CaseTransferred, and the events that start or stop the standards' clocks), the case ownership
 * table (from intake's CaseOpened and CaseTransferred) that the case access guard reads for
 * every route with a :caseId, the worklist projected from its own streams, and the standards
 * and offices (time zones) the reactions and routes read.
 */
export function assessmentPlatformFeatures(
  standards: ServiceStandardCatalogue = serviceStandards,
): PlatformFeatures {
  return {
    caseAccess: 'ownershipTable',
    relay: { service: assessmentServiceName },
    follows: { reactions: assessmentReactions(standards) },
    projections: [worklistProjection],
    standards,
  };
}
