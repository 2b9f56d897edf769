import {
  Injectable,
  Module,
  type BeforeApplicationShutdown,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import type { PostgresEventStore } from '@dinsos/event-store';
import { PersonalDataVault } from '@dinsos/personal-data';
import {
  DATABASE_POOL,
  EVENT_STORE,
  SERVICE_STANDARDS,
  type PlatformFeatures,
} from '@dinsos/platform';
import { serviceStandards, type ServiceStandardCatalogue } from '@dinsos/service-standards';
import type { Pool } from 'pg';
import { CaseCommands } from './intake-case/intake-case.commands';
import { ReceiveReportHandler } from './intake-case/receive-report';
import { ClientUploads } from './client/client-uploads';
import { CasesController } from './intake-case/intake-case.controller';
import { ClientUploadsController } from './client/client-uploads.controller';
import { DuplicateCheckController } from './duplicate-check/duplicate-check.controller';
import { MatchingIndexProjection } from './duplicate-check/matching-index.projection';
import { CaseViews } from './intake-case/intake-case.views';
import { DuplicateCheck } from './duplicate-check/duplicate-check';

/** Runs the matching index beside HTTP. */
@Injectable()
class IntakeLifecycle implements OnApplicationBootstrap, BeforeApplicationShutdown {
  constructor(private readonly index: MatchingIndexProjection) {}

  onApplicationBootstrap(): void {
    this.index.start();
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.index.stop();
  }
}

@Module({
  controllers: [CasesController, ClientUploadsController, DuplicateCheckController],
  providers: [
    {
      provide: MatchingIndexProjection,
      useFactory: (
        pool: Pool,
        store: PostgresEventStore,
        vault: PersonalDataVault,
        standards: ServiceStandardCatalogue,
      ) => new MatchingIndexProjection(pool, store, vault, standards.offices),
      inject: [DATABASE_POOL, EVENT_STORE, PersonalDataVault, SERVICE_STANDARDS],
    },
    IntakeLifecycle,
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
 * dinsos.intake.events.v1), and the facts its steps follow: under seed 000 the fingerprints and
 * photo come after the Peksos assessment (RecommendationMade), read with FollowedEvents. Intake
 * keeps no ownership table: it authorises from its own case streams, which never lag. And the
 * standards, offices (time zones) and office assignments its steps and case numbers follow
 * (SERVICE_STANDARDS; default: the seeds and Banten's offices).
 */
export function intakePlatformFeatures(
  standards: ServiceStandardCatalogue = serviceStandards,
): PlatformFeatures {
  return {
    caseAccess: 'ownStreams',
    relay: { service: 'intake' },
    follows: { facts: ['RecommendationMade'] },
    standards,
  };
}
