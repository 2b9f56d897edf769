// case-query deployed as its specs and the read-side bench run it: a database of its own, the
// write services' roles beside it, and the service on the kit.
import { ServiceDeployment } from '@dinsos/platform/testing';
import { caseQueryConfigSchema, caseQueryServiceName } from '../case-query-config';
import { CaseQueryModule, caseQueryPlatformFeatures } from '../case-query.module';
import { migrateReadModel } from '../read-model/read-model.migrations';

export function deployCaseQuery(
  env?: Record<string, string>,
): Promise<ServiceDeployment<typeof caseQueryConfigSchema>> {
  return ServiceDeployment.create({
    name: caseQueryServiceName,
    module: CaseQueryModule,
    configSchema: caseQueryConfigSchema,
    platform: caseQueryPlatformFeatures(),
    migrations: migrateReadModel,
    env,
  });
}
