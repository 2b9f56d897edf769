/** The family-tracing service: bootstrap through the platform, nothing else. */
import { bootstrapService } from '@dinsos/platform';
import { familyTracingConfigSchema, familyTracingServiceName } from './family-tracing-config';
import { migrateFamilyTracingSchema } from './family-tracing.migrations';
import { FamilyTracingModule, familyTracingPlatformFeatures } from './family-tracing.module';

bootstrapService({
  name: familyTracingServiceName,
  module: FamilyTracingModule,
  configSchema: familyTracingConfigSchema,
  platform: familyTracingPlatformFeatures(),
  migrations: migrateFamilyTracingSchema,
}).catch((error: unknown) => {
  process.stderr.write(
    `family-tracing cannot start: ${error instanceof Error ? error.stack : String(error)}\n`,
  );
  process.exit(1);
});
