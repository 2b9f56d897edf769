/** The audit service: bootstrap through the platform, nothing else. */
import { bootstrapService } from '@dinsos/platform';
import { auditConfigSchema, auditServiceName } from './audit-config';
import { AuditModule, auditPlatformFeatures } from './audit.module';

bootstrapService({
  name: auditServiceName,
  module: AuditModule,
  configSchema: auditConfigSchema,
  platform: auditPlatformFeatures(),
}).catch((error: unknown) => {
  process.stderr.write(
    `audit cannot start: ${error instanceof Error ? error.stack : String(error)}\n`,
  );
  process.exit(1);
});
