import { Module, type DynamicModule } from '@nestjs/common';
import type { PlatformFeatures } from '@dinsos/platform';
import { serviceStandards, type ServiceStandardCatalogue } from '@dinsos/service-standards';
import { AssessmentController } from './assessment/assessment.controller';
import { assessmentReactions } from './assessment/assessment.reactions';
import { assessmentServiceName } from './assessment-config';
import { WorklistModule } from './worklist/worklist.module';
import { worklistProjection } from './worklist/worklist.projection';

export interface AssessmentModuleOptions {
  /** Standards, offices and which office runs which; default: the seeds and Banten's offices. */
  standards?: ServiceStandardCatalogue;
}

/** The service's routes; start it with `register()`, which brings the worklist. */
@Module({ controllers: [AssessmentController] })
export class AssessmentModule {
  static register(options: AssessmentModuleOptions = {}): DynamicModule {
    const standards = options.standards ?? serviceStandards;
    return {
      module: AssessmentModule,
      imports: [WorklistModule.register({ offices: standards.offices })],
    };
  }
}

/**
 * What assessment runs beside HTTP: its relay (assessment streams to
 * dinsos.assessment.events.v1), its reactions to other contexts' events (intake's CaseOpened and
 * CaseTransferred, and the events that start or stop the standards' clocks), the case ownership
 * table (from intake's CaseOpened and CaseTransferred) that the case access guard reads for
 * every route with a :caseId, and the worklist projected from its own streams.
 */
export function assessmentPlatformFeatures(
  standards: ServiceStandardCatalogue = serviceStandards,
): PlatformFeatures {
  return {
    caseAccess: 'ownershipTable',
    relay: { service: assessmentServiceName },
    follows: { reactions: assessmentReactions(standards) },
    projections: [worklistProjection],
  };
}
