import { Module } from '@nestjs/common';
import type { PlatformFeatures } from '@dinsos/platform';
import { serviceStandards, type ServiceStandardCatalogue } from '@dinsos/service-standards';
import { HealthReferralController } from './health-referral/health-referral.controller';
import { InstitutionCareController } from './institution-care/institution-care.controller';
import { placementTimers } from './institution-care/stay-review.timer';
import { LksController } from './lks/lks.controller';
import { PlacementCommands } from './placement/placement-commands';
import { PlacementController } from './placement/placement.controller';
import { keepLatestClientRegistration } from './placement/client-registrations';
import { placementReactions } from './placement/placement.reactions';
import { prerequisiteEventTypes } from './placement/procedure-steps';
import { PlacementViews } from './placement/placement.views';
import { ReturnHomeController } from './return-home/return-home.controller';
import { placementServiceName } from './placement-config';

/** The placement of a case and its custody ledger; return home, health referral, institution care, LKS. */
@Module({
  controllers: [
    PlacementController,
    ReturnHomeController,
    HealthReferralController,
    InstitutionCareController,
    LksController,
  ],
  providers: [PlacementCommands, PlacementViews],
})
export class PlacementModule {}

/**
 * What placement runs beside HTTP: its relay (placement streams to dinsos.placement.events.v1),
 * its reactions (intake's CaseOpened, ReportReceived, ClientRegistered, ClientHandedOverToShelter
 * and CaseTransferred; assessment's RecommendationMade; tracing's FamilyFound and
 * FamilyNotFound), the latest registration of each client (client_registrations, from every
 * ClientRegistered: the opening of a returning client's case notes it), the case ownership table
 * the case access guard reads, the stay reviews' timers, and the standards it reads.
 */
export function placementPlatformFeatures(
  standards: ServiceStandardCatalogue = serviceStandards,
): PlatformFeatures {
  return {
    caseAccess: 'ownershipTable',
    relay: { service: placementServiceName },
    follows: {
      reactions: placementReactions(standards),
      facts: prerequisiteEventTypes(standards),
      projections: { ClientRegistered: keepLatestClientRegistration },
    },
    timers: { definitions: placementTimers },
    standards,
  };
}
