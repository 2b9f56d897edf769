/** The example service's entry point: what every service's src/main.ts looks like. */
import { bootstrapService } from '../src';
import {
  ExampleServiceModule,
  exampleConfigSchema,
  examplePlatformFeatures,
  exampleServiceName,
} from './example-service.module';

bootstrapService({
  name: exampleServiceName,
  module: ExampleServiceModule,
  configSchema: exampleConfigSchema,
  platform: (config) =>
    examplePlatformFeatures({ firstContactAfterDays: config.EXAMPLE_FIRST_CONTACT_AFTER_DAYS }),
}).catch((error: unknown) => {
  process.stderr.write(
    `example cannot start: ${error instanceof Error ? error.stack : String(error)}\n`,
  );
  process.exit(1);
});
