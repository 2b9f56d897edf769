/** The analysts' feed: bootstrap through the platform, nothing else. */
import { bootstrapService } from '@dinsos/platform';
import { analyticsConfigSchema, analyticsServiceName } from './analytics-config';
import { AnalyticsModule, analyticsPlatformFeatures } from './analytics.module';

bootstrapService({
  name: analyticsServiceName,
  module: AnalyticsModule,
  configSchema: analyticsConfigSchema,
  platform: analyticsPlatformFeatures,
}).catch((error: unknown) => {
  process.stderr.write(
    `analytics cannot start: ${error instanceof Error ? error.stack : String(error)}\n`,
  );
  process.exit(1);
});
