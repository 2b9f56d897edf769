import {
  Inject,
  Injectable,
  Module,
  type BeforeApplicationShutdown,
  type DynamicModule,
  type OnApplicationBootstrap,
  type OnModuleInit,
} from '@nestjs/common';
import type { PostgresEventStore } from '@dinsos/event-store';
import { EncryptedFileStore, LocalDirectoryObjectStore } from '@dinsos/file-store';
import {
  PersonalDataVault,
  createPersonalDataVault,
  masterKeyFromBytes,
} from '@dinsos/personal-data';
import {
  DATABASE_POOL,
  EVENT_STORE,
  PLATFORM_CONFIG,
  type PlatformFeatures,
} from '@dinsos/platform';
import { serviceStandards, type ServiceStandardCatalogue } from '@dinsos/service-standards';
import path from 'node:path';
import type { Pool } from 'pg';
import { CaseCommands } from './commands/case-commands';
import { ReceiveReportHandler } from './commands/receive-report';
import { Uploads } from './commands/uploads';
import { CasesController } from './http/cases.controller';
import { IntakeController } from './http/intake.controller';
import type { IntakeConfig } from './intake-config';
import { STANDARDS } from './intake-tokens';
import { MatchingIndexProjection } from './projections/matching-index';
import { CaseViews } from './queries/case-views';
import { DuplicateCheck } from './queries/duplicate-check';

export interface IntakeModuleOptions {
  /** Standards, offices and which office runs which; default: the seeds and Banten's offices. */
  standards?: ServiceStandardCatalogue;
}

/** Refuses unwrapped data keys in production, and runs the matching index beside HTTP. */
@Injectable()
class IntakeLifecycle implements OnModuleInit, OnApplicationBootstrap, BeforeApplicationShutdown {
  constructor(
    @Inject(PLATFORM_CONFIG) private readonly config: IntakeConfig,
    private readonly index: MatchingIndexProjection,
  ) {}

  async onModuleInit(): Promise<void> {
    if (this.config.NODE_ENV === 'production' && !this.config.PERSONAL_DATA_MASTER_KEY) {
      throw new Error(
        'PERSONAL_DATA_MASTER_KEY is required in production: data keys must not be stored unwrapped',
      );
    }
  }

  onApplicationBootstrap(): void {
    this.index.start();
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.index.stop();
  }
}

@Module({})
export class IntakeModule {
  static register(options: IntakeModuleOptions = {}): DynamicModule {
    return {
      module: IntakeModule,
      controllers: [CasesController, IntakeController],
      providers: [
        { provide: STANDARDS, useValue: options.standards ?? serviceStandards },
        {
          provide: PersonalDataVault,
          useFactory: (pool: Pool, config: IntakeConfig) =>
            createPersonalDataVault({
              pool,
              masterKey: config.PERSONAL_DATA_MASTER_KEY
                ? masterKeyFromBytes(Buffer.from(config.PERSONAL_DATA_MASTER_KEY, 'base64'))
                : null,
            }),
          inject: [DATABASE_POOL, PLATFORM_CONFIG],
        },
        {
          provide: EncryptedFileStore,
          useFactory: (vault: PersonalDataVault, config: IntakeConfig) =>
            new EncryptedFileStore(
              new LocalDirectoryObjectStore(path.resolve(config.FILE_STORE_DIR)),
              vault,
            ),
          inject: [PersonalDataVault, PLATFORM_CONFIG],
        },
        {
          provide: MatchingIndexProjection,
          useFactory: (
            pool: Pool,
            store: PostgresEventStore,
            vault: PersonalDataVault,
            standards: ServiceStandardCatalogue,
          ) => new MatchingIndexProjection(pool, store, vault, standards.offices),
          inject: [DATABASE_POOL, EVENT_STORE, PersonalDataVault, STANDARDS],
        },
        IntakeLifecycle,
        ReceiveReportHandler,
        CaseCommands,
        CaseViews,
        DuplicateCheck,
        Uploads,
      ],
    };
  }
}

/**
 * What intake runs beside HTTP: its relay (intakeCase and client streams to
 * dinsos.intake.events.v1), and the facts its steps follow: under seed 000 the fingerprints and
 * photo come after the Peksos assessment (RecommendationMade), read with FollowedEvents. Intake
 * keeps no ownership table: it authorises from its own case streams, which never lag.
 */
export function intakePlatformFeatures(): PlatformFeatures {
  return {
    caseAccess: 'ownStreams',
    relay: { service: 'intake' },
    follows: { facts: ['RecommendationMade'] },
  };
}
