/** The intake service: bootstrap through the platform, nothing else. */
import { bootstrapService } from '@dinsos/platform';
import { intakeConfigSchema, intakeServiceName } from './intake-config';
import { IntakeModule, intakePlatformFeatures } from './intake.module';
import { migrateIntakeOwnParts } from './migrate-intake-database';

bootstrapService({
  name: intakeServiceName,
  module: IntakeModule,
  configSchema: intakeConfigSchema,
  platform: intakePlatformFeatures(),
  migrations: migrateIntakeOwnParts,
}).catch((error: unknown) => {
  process.stderr.write(
    `intake cannot start: ${error instanceof Error ? error.stack : String(error)}\n`,
  );
  process.exit(1);
});
