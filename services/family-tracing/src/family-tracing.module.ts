import { Module } from '@nestjs/common';
import type { PlatformFeatures } from '@dinsos/platform';
import { serviceStandards, type ServiceStandardCatalogue } from '@dinsos/service-standards';
import { CandidatesModule } from './candidates/candidates.module';
import { InquiriesModule } from './inquiries/inquiries.module';
import { inquiryTimers } from './inquiries/inquiry-overdue.timer';
import { TracingController } from './tracing/tracing.controller';
import { tracingReactions } from './tracing/tracing.reactions';
import { WorklistModule } from './worklist/worklist.module';
import { tracingProjections } from './worklist/worklist.projection';
import { familyTracingServiceName } from './family-tracing-config';

/** The tracing of a case (start, officer, view), its inquiries, its candidates and the worklist. */
@Module({
  imports: [InquiriesModule, CandidatesModule, WorklistModule],
  controllers: [TracingController],
})
export class FamilyTracingModule {}

/**
 * What family-tracing runs beside HTTP: its relay (tracing streams to dinsos.tracing.events.v1),
 * its reactions (assessment's RecommendationMade starts tracing where the pinned standard says;
 * intake's CaseTransferred moves it), the case ownership table (from intake's CaseOpened and
 * CaseTransferred) that the case access guard reads for every route with a :caseId, the
 * inquiries' overdue timers, the read models of its own streams, and the standards it reads.
 */
export function familyTracingPlatformFeatures(
  standards: ServiceStandardCatalogue = serviceStandards,
): PlatformFeatures {
  return {
    caseAccess: 'ownershipTable',
    relay: { service: familyTracingServiceName },
    follows: { reactions: tracingReactions(standards) },
    timers: { definitions: inquiryTimers },
    projections: tracingProjections,
    standards,
  };
}
