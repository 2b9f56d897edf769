/** The case-query service: bootstrap through the platform, nothing else. */
import { bootstrapService } from '@dinsos/platform';
import { caseQueryConfigSchema, caseQueryServiceName } from './case-query-config';
import { CaseQueryModule, caseQueryPlatformFeatures } from './case-query.module';
import { migrateReadModel } from './read-model/read-model.migrations';

bootstrapService({
  name: caseQueryServiceName,
  module: CaseQueryModule,
  configSchema: caseQueryConfigSchema,
  platform: caseQueryPlatformFeatures(),
  migrations: migrateReadModel,
}).catch((error: unknown) => {
  process.stderr.write(
    `case-query cannot start: ${error instanceof Error ? error.stack : String(error)}\n`,
  );
  process.exit(1);
});
