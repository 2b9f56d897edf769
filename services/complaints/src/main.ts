/** The complaints service: bootstrap through the platform, nothing else. */
import { bootstrapService } from '@dinsos/platform';
import { complaintsConfigSchema, complaintsServiceName } from './complaints-config';
import { migrateComplaintsSchema } from './complaints.migrations';
import { ComplaintsModule, complaintsPlatformFeatures } from './complaints.module';

bootstrapService({
  name: complaintsServiceName,
  module: ComplaintsModule,
  configSchema: complaintsConfigSchema,
  platform: complaintsPlatformFeatures(),
  migrations: migrateComplaintsSchema,
}).catch((error: unknown) => {
  process.stderr.write(
    `complaints cannot start: ${error instanceof Error ? error.stack : String(error)}\n`,
  );
  process.exit(1);
});
