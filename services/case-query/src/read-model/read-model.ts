import {
  Inject,
  Injectable,
  type BeforeApplicationShutdown,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import type { PostgresEventStore } from '@dinsos/event-store';
import {
  EVENT_STORE,
  PLATFORM_CONFIG,
  ProjectionRunner,
  SERVICE_NAME,
  SERVICE_STANDARDS,
  typeormTransactions,
  type SharedConfig,
} from '@dinsos/platform';
import { serviceSchemaName } from '@dinsos/contracts';
import type { ServiceStandardCatalogue } from '@dinsos/service-standards';
import { DataSource, type EntityManager, type QueryRunner } from 'typeorm';
import { CaseSummaryRow } from './case-summary.entity';
import { ComplaintSummaryRow } from './complaint-summary.entity';
import { readModelProjection } from './read-model.projection';

/** The read model's TypeORM DataSource: the service's role, its schema as the search path. */
export const READ_MODEL_DATA_SOURCE = Symbol('case-query:read-model-data-source');

export const readModelEntities = [CaseSummaryRow, ComplaintSummaryRow];

export const readModelDataSourceProvider = {
  provide: READ_MODEL_DATA_SOURCE,
  inject: [PLATFORM_CONFIG, SERVICE_NAME],
  useFactory: (config: SharedConfig, service: string): Promise<DataSource> =>
    new DataSource({
      type: 'postgres',
      url: config.DATABASE_URL,
      entities: readModelEntities,
      synchronize: false,
      migrationsRun: false,
      extra: {
        options: `-c search_path=${config.DATABASE_SCHEMA ?? serviceSchemaName(service)}`,
        max: config.DATABASE_POOL_SIZE,
        connectionTimeoutMillis: 5000,
      },
    }).initialize(),
};

/** What a read answers with: its result and the store position the read model reflected. */
export interface Consistent<T> {
  result: T;
  /** Null before the read model took its first event. */
  reflects: string | null;
}

/**
 * The read model: its projection run from the whole store (started with the application,
 * stopped before it closes; any number of instances may run it), its checkpoint, and reads that
 * see the rows and the checkpoint in one snapshot, so an answer says exactly which position it
 * reflects.
 */
@Injectable()
export class ReadModel
  implements OnApplicationBootstrap, BeforeApplicationShutdown, OnApplicationShutdown
{
  private readonly runner: ProjectionRunner<undefined, QueryRunner>;

  constructor(
    @Inject(READ_MODEL_DATA_SOURCE) private readonly dataSource: DataSource,
    @Inject(EVENT_STORE) store: PostgresEventStore,
    @Inject(SERVICE_STANDARDS) standards: ServiceStandardCatalogue,
  ) {
    this.runner = new ProjectionRunner(
      typeormTransactions(dataSource),
      store,
      readModelProjection(standards),
    );
  }

  onApplicationBootstrap(): void {
    this.runner.start();
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.runner.stop();
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.dataSource.isInitialized) await this.dataSource.destroy();
  }

  checkpoint(): Promise<string | undefined> {
    return this.runner.checkpoint();
  }

  waitFor(position: string, timeoutMs: number): Promise<boolean> {
    return this.runner.waitFor(position, timeoutMs);
  }

  /** Empties the read model: every instance projects the store again from its first event. */
  rebuild(): Promise<void> {
    return this.runner.rebuild();
  }

  /** Reads in one snapshot with the checkpoint (the kit's `read`), so `reflects` is exact. */
  async read<T>(work: (manager: EntityManager) => Promise<T>): Promise<Consistent<T>> {
    const { result, reflects } = await this.runner.read((transaction) => work(transaction.manager));
    return { result, reflects: reflects ?? null };
  }
}
