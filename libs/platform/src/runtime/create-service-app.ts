import { Module, type DynamicModule, type INestApplication, type Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { Logger } from 'nestjs-pino';
import type { CorsOptions } from '@nestjs/common/interfaces/external/cors-options.interface';
import type { SharedConfig } from '../config/service-config';
import { setupOpenApi } from '../docs/openapi';
import { correlationIdHeader } from '../logging/correlation-id';
import { PlatformModule, type PlatformFeatures } from './platform.module';

export interface ServiceAppOptions {
  /** The service's name: logs, metrics, idempotency scope, consumer groups, relay. */
  name: string;
  /** The service's own module (controllers, providers); the platform's pieces are injectable in it. */
  module: Type<unknown> | DynamicModule;
  config: SharedConfig;
  platform?: PlatformFeatures;
  logDestination?: import('pino').DestinationStream;
}

/** CORS for the officers' console: its origin only, and the headers a command answer carries. */
export function corsOptions(config: SharedConfig): CorsOptions {
  return {
    origin: config.CONSOLE_ORIGIN ? [config.CONSOLE_ORIGIN.replace(/\/$/, '')] : false,
    methods: ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE'],
    allowedHeaders: [
      'Authorization',
      'Content-Type',
      'Idempotency-Key',
      'If-Match',
      // A read after a write: the position the command answered (read-side services).
      'X-Min-Position',
      correlationIdHeader,
    ],
    exposedHeaders: [
      'ETag',
      'Location',
      correlationIdHeader,
      'Idempotent-Replayed',
      'Retry-After',
      'X-Store-Position',
    ],
    maxAge: 600,
  };
}

/**
 * The service as a Nest application, initialised but not listening: bootstrapService listens;
 * tests call this with a test database and broker.
 */
export async function createServiceApp(options: ServiceAppOptions): Promise<INestApplication> {
  @Module({})
  class ServiceRootModule {}
  const root: DynamicModule = {
    module: ServiceRootModule,
    imports: [
      PlatformModule.forRoot({
        service: options.name,
        config: options.config,
        logDestination: options.logDestination,
        ...options.platform,
      }),
      options.module,
    ],
  };
  const app = await NestFactory.create<NestExpressApplication>(root, {
    bodyParser: false,
    bufferLogs: true,
  });
  app.useLogger(app.get(Logger));
  // ETags are stream revisions set by the command answers, never Express's hash of the body.
  app.set('etag', false);
  app.disable('x-powered-by');
  const trustProxy = options.config.TRUST_PROXY;
  if (trustProxy !== undefined)
    app.set('trust proxy', /^\d+$/.test(trustProxy) ? Number(trustProxy) : trustProxy);
  app.enableCors(corsOptions(options.config));
  setupOpenApi(app, options.name);
  await app.init();
  return app;
}
