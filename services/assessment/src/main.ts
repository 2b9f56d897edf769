/** The assessment service: bootstrap through the platform, nothing else. */
import { bootstrapService } from '@dinsos/platform';
import { assessmentConfigSchema, assessmentServiceName } from './assessment-config';
import { migrateAssessmentSchema } from './assessment.migrations';
import { AssessmentModule, assessmentPlatformFeatures } from './assessment.module';

bootstrapService({
  name: assessmentServiceName,
  module: AssessmentModule,
  configSchema: assessmentConfigSchema,
  platform: assessmentPlatformFeatures(),
  migrations: migrateAssessmentSchema,
}).catch((error: unknown) => {
  process.stderr.write(
    `assessment cannot start: ${error instanceof Error ? error.stack : String(error)}\n`,
  );
  process.exit(1);
});
