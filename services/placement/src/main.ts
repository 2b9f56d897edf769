/** The placement service: bootstrap through the platform, nothing else. */
import { bootstrapService } from '@dinsos/platform';
import { placementConfigSchema, placementServiceName } from './placement-config';
import { migratePlacementSchema } from './placement.migrations';
import { PlacementModule, placementPlatformFeatures } from './placement.module';

bootstrapService({
  name: placementServiceName,
  module: PlacementModule,
  configSchema: placementConfigSchema,
  platform: placementPlatformFeatures(),
  migrations: migratePlacementSchema,
}).catch((error: unknown) => {
  process.stderr.write(
    `placement cannot start: ${error instanceof Error ? error.stack : String(error)}\n`,
  );
  process.exit(1);
});
