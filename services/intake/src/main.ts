/** The intake service: bootstrap through the platform, nothing else. */
import { bootstrapService } from '@dinsos/platform';
import { intakeConfigSchema, intakeServiceName } from './intake-config';
import { IntakeModule, intakePlatformFeatures } from './intake.module';

bootstrapService({
  name: intakeServiceName,
  module: IntakeModule.register(),
  configSchema: intakeConfigSchema,
  platform: intakePlatformFeatures(),
}).catch((error: unknown) => {
  process.stderr.write(
    `intake cannot start: ${error instanceof Error ? error.stack : String(error)}\n`,
  );
  process.exit(1);
});
