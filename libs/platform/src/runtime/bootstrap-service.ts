import { Logger, type DynamicModule, type INestApplication, type Type } from '@nestjs/common';
import type { z } from 'zod';
import { appRoleOf, configOrExit, type ServiceConfig } from '../config/service-config';
import { createServiceApp } from './create-service-app';
import { serviceSchemaName } from '@dinsos/contracts';
import { migrateServiceSchema } from './migrate-service-database';
import type { PlatformFeatures } from './platform.module';

export interface BootstrapOptions<S extends z.ZodRawShape> {
  name: string;
  module: Type<unknown> | DynamicModule;
  /** The service's own variables, validated with the shared ones. */
  configSchema?: S;
  /** What runs beside HTTP; a function when it depends on the service's own variables. */
  platform?: PlatformFeatures | ((config: ServiceConfig<S>) => PlatformFeatures);
  /**
   * The service's own tables, migrated (with DATABASE_MIGRATION_URL, as its schema's owner) after
   * the platform's and before the service starts; `schema` is the service's schema.
   */
  migrations?: (ownerUrl: string, options: { appRole: string; schema: string }) => Promise<unknown>;
  env?: Record<string, string | undefined>;
}

/**
 * What a service's src/main.ts calls, and nothing else:
 * validate the environment (a bad or missing variable: one message naming it, exit code 1),
 * migrate the service's own schema as its owner role when DATABASE_MIGRATION_URL is set (the
 * platform's tables, then the service's `migrations`; the shared parts are `npm run migrate`'s),
 * start, and on SIGTERM/SIGINT
 * finish in-flight work before exiting (forced after SHUTDOWN_TIMEOUT_MS).
 */
export async function bootstrapService<S extends z.ZodRawShape = Record<never, never>>(
  options: BootstrapOptions<S>,
): Promise<INestApplication> {
  const config: ServiceConfig<S> = configOrExit(options.name, options.configSchema, options.env);
  if (config.DATABASE_MIGRATION_URL) {
    const own = {
      appRole: appRoleOf(config),
      schema: config.DATABASE_SCHEMA ?? serviceSchemaName(options.name),
    };
    await migrateServiceSchema(config.DATABASE_MIGRATION_URL, { service: options.name, ...own });
    await options.migrations?.(config.DATABASE_MIGRATION_URL, own);
  }
  const platform =
    typeof options.platform === 'function' ? options.platform(config) : options.platform;
  const app = await createServiceApp({
    name: options.name,
    module: options.module,
    config,
    platform,
  });
  app.enableShutdownHooks(['SIGTERM', 'SIGINT']);
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.once(signal, () => {
      new Logger('Bootstrap').log({ msg: 'shutting down', signal });
      setTimeout(() => {
        new Logger('Bootstrap').error({
          msg: 'shutdown took too long; exiting',
          timeoutMs: config.SHUTDOWN_TIMEOUT_MS,
        });
        process.exit(1);
      }, config.SHUTDOWN_TIMEOUT_MS).unref();
    });
  }
  await app.listen(config.PORT);
  const address = app.getHttpServer().address() as import('node:net').AddressInfo;
  new Logger('Bootstrap').log({ msg: 'listening', port: address.port, service: options.name });
  return app;
}
