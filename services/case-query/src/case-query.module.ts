import { Module } from '@nestjs/common';
import type { PlatformFeatures } from '@dinsos/platform';
import { CasesController } from './cases/cases.controller';
import { CaseQueries } from './cases/cases.query';
import { StorePositionInterceptor } from './consistency/store-position.interceptor';
import { DashboardController } from './dashboard/dashboard.controller';
import { Dashboards } from './dashboard/dashboard.query';
import { ReadModel, readModelDataSourceProvider } from './read-model/read-model';
import { ReadModelController } from './read-model/read-model.controller';
import { WorklistsController } from './worklists/worklists.controller';
import { Worklists } from './worklists/worklists.query';

/**
 * The read side's case queries: the read model of the whole store (TypeORM entities in the
 * service's schema, projected in the store's global order) and the routes that read it.
 */
@Module({
  controllers: [CasesController, WorklistsController, DashboardController, ReadModelController],
  providers: [
    readModelDataSourceProvider,
    ReadModel,
    CaseQueries,
    Worklists,
    Dashboards,
    StorePositionInterceptor,
  ],
})
export class CaseQueryModule {}

/**
 * What case-query runs beside HTTP: nothing of Kafka. It appends nothing (no relay), follows no
 * topic, and decides office scope from its own read model ('ownStreams': no ownership table fed
 * from Kafka); its projection needs only PostgreSQL and is run by ReadModel.
 */
export function caseQueryPlatformFeatures(): PlatformFeatures {
  return { caseAccess: 'ownStreams' };
}
