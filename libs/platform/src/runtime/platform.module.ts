import {
  Global,
  Inject,
  Injectable,
  Logger as NestLogger,
  Module,
  RequestMethod,
  type BeforeApplicationShutdown,
  type DynamicModule,
  type MiddlewareConsumer,
  type NestModule,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { APP_FILTER, APP_GUARD } from '@nestjs/core';
import { TerminusModule } from '@nestjs/terminus';
import { ThrottlerGuard, ThrottlerModule } from '@nestjs/throttler';
import {
  ACTOR_LOG_BINDER,
  AuthenticationGuard,
  CaseAccessGuard,
  JWT_VERIFIER,
  JwtVerifier,
  OWNERSHIP_READER,
  PostgresOwnershipTable,
  ownershipProjectionHandlers,
  type ActorLogBinder,
} from '@dinsos/auth';
import { contexts, contextOfService, serviceSchemaName, type ServiceName } from '@dinsos/contracts';
import { PostgresEventStore } from '@dinsos/event-store';
import { PersonalDataVault } from '@dinsos/personal-data';
import {
  EventConsumer,
  EventRelay,
  createKafkaClient,
  decodeCloudEvent,
  provisionTopics,
  relaySourceFromStore,
  type EventHandler,
  type RelaySource,
  type RetryPolicy,
} from '@dinsos/messaging';
import { LoggerModule, PinoLogger } from 'nestjs-pino';
import { Pool } from 'pg';
import type { DestinationStream } from 'pino';
import { CaseCommands } from '../commands/case-commands';
import { CommandExecutor } from '../commands/command-executor';
import { devPublicKeyPem, type SharedConfig } from '../config/service-config';
import { DomainRuleViolation } from '../errors/errors';
import { ProblemDetailsFilter } from '../errors/problem-details.filter';
import { HealthController } from '../health/health.controller';
import { IdempotencyStore } from '../idempotency/idempotency-store';
import { jsonBodyLimitBytes } from '../limits/body-limit';
import { jsonBodyMiddleware } from '../limits/json-body.middleware';
import { kafkaLogCreator } from '../logging/kafka-log-creator';
import { loggerParams } from '../logging/logger-params';
import { httpMetricsMiddleware } from '../metrics/http-metrics.middleware';
import { consumerLagSampler, relayLagSampler } from '../metrics/lag-samplers';
import { MetricsController } from '../metrics/metrics.controller';
import { ServiceMetrics } from '../metrics/service-metrics';
import {
  personalDataExports,
  personalDataProviders,
} from '../personal-data/personal-data.providers';
import { FollowedEvents } from '../following/followed-events';
import { serviceStandards, type ServiceStandardCatalogue } from '@dinsos/service-standards';
import { followedConsumer, followedContexts, type Follows } from '../following/follows';
import {
  Projections,
  checkProjections,
  type ProjectionsDeclaration,
} from '../projections/service-projections';
import type { ReactionDependencies } from '../reactions/reaction-handler';
import { TimerRunner, type TimerDefinition } from '../timers/timers';
import { BackgroundWork, type BackgroundPart } from './background-work';
import { kafkaReachable } from './kafka-reachable';
import { withSearchPath } from './migrate-service-database';
import { ShutdownState } from './shutdown-state';
import {
  CLOCK,
  DATABASE_POOL,
  EVENT_STORE,
  KAFKA_CLIENT,
  PLATFORM_CONFIG,
  SERVICE_NAME,
  SERVICE_STANDARDS,
  systemClock,
  type Clock,
} from './tokens';

type Kafka = ReturnType<typeof createKafkaClient>;

/** What a service runs besides its HTTP routes. */
export interface PlatformFeatures {
  /**
   * Where the case access guard (RequireCaseAccess) learns which office owns a case.
   * 'ownershipTable' (default): the platform keeps auth_case_ownership from intake's CaseOpened
   * and CaseTransferred. 'ownStreams': the service decides access from what it reads itself —
   * intake from its own streams, a read-side service (case-query) from its read model of the
   * whole store — so no ownership table is kept and nothing waits for Kafka.
   */
  caseAccess?: 'ownershipTable' | 'ownStreams';
  /** Publish this service's own events (its categories, from the contracts) to its topic. */
  relay?: { service: ServiceName };
  /**
   * Feeds a read-side service publishes from the store (the analysts' feed): each an EventRelay
   * over the source the function builds (what to read, and the message each event becomes), with
   * its own checkpoint and lease under `name`, the relay's guarantees (checkpoint after the ack,
   * one instance publishing at a time) and its lag in /metrics. The topic is provisioned first.
   */
  feeds?: (dependencies: FeedDependencies) => FeedDeclaration[];
  /**
   * Other contexts' events this service follows, by type: reactions and facts noted per case
   * (read with FollowedEvents). The topics come from the contracts; an unknown type stops the start.
   */
  follows?: Follows;
  consumerRetry?: Partial<RetryPolicy>;
  /**
   * The service's timers ("inquiry overdue", "SLA breached"): each due timer sends its command
   * once, whatever number of instances run (see TimerRunner). Scheduled with scheduleTimer.
   */
  timers?: {
    // Each definition's command, state and event types are its own.
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    definitions: (dependencies: ReactionDependencies) => TimerDefinition<any, any, any>[];
    pollIntervalMs?: number;
  };
  /**
   * Read models the service keeps from its own streams, in the store's global order (its role
   * reads only its own categories): each a StoreProjection (`apply` per event or `applyBatch` per
   * read batch) whose rows commit in one transaction with its checkpoint (pgTransactions on the
   * service's pool and schema), run on a ProjectionRunner started and stopped with the relay and
   * consumers; any number of instances may run. Needs only PostgreSQL. The service reaches them
   * through `Projections` (checkpoint, waitFor, rebuild). Its tables are its own migrations'.
   * Either the list, or a function of ProjectionDependencies (pool, store, personal-data vault,
   * standards, clock, service name) that gives it, for a projection that needs those (decrypts
   * in `prepare`, say): the platform calls it as it builds the projections, before anything
   * starts. Names and filters are checked before Nest starts for a list, as the function's list
   * is built for a function; either way a bad one stops the start (ProjectionsDeclarationError).
   */
  projections?: ProjectionsDeclaration;
  /** The service's one clock (CLOCK): tests pin it. Default: the system clock. */
  clock?: Clock;
  /**
   * The standards, offices (time zones) and office assignments the service works with
   * (SERVICE_STANDARDS): a test adds an office in another zone. Default: the seeds and Banten.
   */
  standards?: ServiceStandardCatalogue;
}

export interface FeedDependencies {
  store: PostgresEventStore;
  vault: PersonalDataVault;
  standards: ServiceStandardCatalogue;
  /** KAFKA_TOPIC_PREFIX: the source puts it before its topic. */
  topicPrefix: string;
}

export interface FeedDeclaration {
  /** The relay's checkpoint and lease: never rename a feed once deployed (it would start again). */
  name: string;
  /** The topic it publishes to, without the prefix. */
  topic: string;
  /** The stream categories it reads, for its lag. */
  categories: readonly string[];
  source: RelaySource;
}

export interface PlatformOptions extends PlatformFeatures {
  service: string;
  config: SharedConfig;
  /** Where log lines go; default stdout. */
  logDestination?: DestinationStream;
}

export const BACKGROUND_WORK = Symbol('dinsos:background-work');

/** Starts and stops what runs beside HTTP, and closes the pool after the last request. */
@Injectable()
class PlatformLifecycle
  implements OnApplicationBootstrap, BeforeApplicationShutdown, OnApplicationShutdown
{
  constructor(
    @Inject(BACKGROUND_WORK) private readonly background: BackgroundWork,
    private readonly shutdown: ShutdownState,
    @Inject(EVENT_STORE) private readonly store: PostgresEventStore,
    @Inject(DATABASE_POOL) private readonly pool: Pool,
  ) {}

  onApplicationBootstrap(): void {
    this.background.start();
  }

  /** Before the HTTP server closes: readiness goes 503, consumers and relay finish what they hold. */
  async beforeApplicationShutdown(): Promise<void> {
    this.shutdown.begin();
    await this.background.stop();
  }

  /** After the HTTP server closed, i.e. after the last in-flight request was answered. */
  async onApplicationShutdown(): Promise<void> {
    await this.store.close();
    await this.pool.end();
  }
}

/** The service's connections: its role, with its own schema as the search path. */
function serviceDatabaseUrl(config: SharedConfig, service: string): string {
  return withSearchPath(config.DATABASE_URL, config.DATABASE_SCHEMA ?? serviceSchemaName(service));
}

function backgroundParts(
  options: PlatformOptions,
  dependencies: {
    pool: Pool;
    store: PostgresEventStore;
    kafka: Kafka;
    metrics: ServiceMetrics;
    logger: PinoLogger;
    projections: Projections;
    vault: PersonalDataVault;
  },
): BackgroundPart[] {
  const { config, service } = options;
  const { pool, store, kafka, metrics, logger, projections, vault } = dependencies;
  const clock = options.clock ?? systemClock;
  const now = () => clock.now();
  const prefix = config.KAFKA_TOPIC_PREFIX;
  const nestLog = new NestLogger('Messaging');
  const log = (
    level: 'info' | 'warn' | 'error',
    message: string,
    fields?: Record<string, unknown>,
  ) => {
    const line = { msg: message, ...fields };
    if (level === 'error') nestLog.error(line);
    else if (level === 'warn') nestLog.warn(line);
    else nestLog.log(line);
  };
  const parts: BackgroundPart[] = [];
  const topicsToProvision = new Set<string>();
  let provisioned: Promise<void> | undefined;
  // Every part needs Kafka up and its topics there; all topics are created in one go, since two
  // parts creating the same topic at once make one of them fail.
  const requireKafka = async () => {
    if (!(await kafkaReachable(config.KAFKA_BROKERS)))
      throw new Error(`no Kafka broker answers at ${config.KAFKA_BROKERS.join(', ')}`);
    provisioned ??= provisionTopics(kafka, [...topicsToProvision]).catch((error: unknown) => {
      provisioned = undefined;
      throw error;
    });
    await provisioned;
  };

  const consumerPart = (
    name: string,
    topics: string[],
    handlers: Record<string, EventHandler<unknown>>,
  ): BackgroundPart => {
    const groupId = `${prefix}${service}.${name}`;
    for (const topic of topics) topicsToProvision.add(topic);
    const consumer = new EventConsumer({
      kafka,
      groupId,
      topics,
      pool,
      handlers,
      decode: decodeCloudEvent,
      retry: options.consumerRetry,
      // A broken domain rule stays broken: straight to the dead-letter topic, no retries.
      isRetryable: (error) => !(error instanceof DomainRuleViolation),
      onBatch: ({ durationMs }) => metrics.recordConsumerBatch(groupId, durationMs),
      log,
    });
    const lag = consumerLagSampler(kafka, groupId, topics);
    metrics.watchConsumer(
      groupId,
      () => consumer.stats,
      async () => ((await kafkaReachable(config.KAFKA_BROKERS)) ? lag.sample() : []),
    );
    return {
      name: groupId,
      async start() {
        await requireKafka();
        await consumer.start();
      },
      async stop() {
        await consumer.stop();
        await lag.close();
      },
    };
  };

  if ((options.caseAccess ?? 'ownershipTable') === 'ownershipTable') {
    parts.push(
      consumerPart(
        'ownership',
        [`${prefix}${contexts.intake.topic}`],
        ownershipProjectionHandlers(),
      ),
    );
  }
  const followed = followedConsumer(options.follows, {
    store,
    service,
    pool,
    metrics,
    now,
    withLogContext: (bindings, work) => logger.runInContext(work, { bindings }),
  });
  if (followed) {
    parts.push(
      consumerPart(
        'follows',
        followed.topics.map((topic) => `${prefix}${topic}`),
        followed.handlers,
      ),
    );
  }
  if (options.timers) {
    const runner = new TimerRunner({
      pool,
      store,
      service,
      metrics,
      definitions: options.timers.definitions({ store, service, metrics, now }),
      pollIntervalMs: options.timers.pollIntervalMs,
      now,
    });
    // Needs only PostgreSQL: timers fire while Kafka is down (the store is the outbox).
    parts.push({
      name: 'timers',
      start: async () => runner.start(),
      stop: () => runner.stop(),
    });
  }
  // Needs only PostgreSQL, like the timers: read models keep up while Kafka is down.
  parts.push(...projections.backgroundParts());
  if (options.relay) {
    const relayService = options.relay.service;
    topicsToProvision.add(`${prefix}${contexts[contextOfService(relayService)].topic}`);
    const relay = new EventRelay({
      name: service,
      source: relaySourceFromStore(store, relayService, { topicPrefix: prefix }),
      kafka,
      databaseUrl: serviceDatabaseUrl(config, service),
      log,
    });
    metrics.watchRelay(
      service,
      relayLagSampler({
        pool,
        store,
        relayName: service,
        categories: contexts[contextOfService(relayService)].streamCategories,
      }),
    );
    parts.push({
      name: `relay ${service}`,
      async start() {
        await requireKafka();
        relay.start();
      },
      stop: () => relay.stop(),
    });
  }
  const standards = options.standards ?? serviceStandards;
  for (const feed of options.feeds?.({ store, vault, standards, topicPrefix: prefix }) ?? []) {
    topicsToProvision.add(`${prefix}${feed.topic}`);
    const relay = new EventRelay({
      name: feed.name,
      source: feed.source,
      kafka,
      databaseUrl: serviceDatabaseUrl(config, service),
      log,
    });
    metrics.watchRelay(
      feed.name,
      relayLagSampler({ pool, store, relayName: feed.name, categories: feed.categories }),
    );
    parts.push({
      name: `feed ${feed.name}`,
      async start() {
        await requireKafka();
        relay.start();
      },
      stop: () => relay.stop(),
    });
  }
  return parts;
}

/**
 * Everything a service needs at run time, configured from its validated environment: JSON logs,
 * problem details, body limits, auth guards (token, roles, office scope via the ownership table),
 * rate limits, health, metrics, the event store, idempotent commands, and the relay and consumers.
 * Global: the service's own module injects CommandExecutor, EVENT_STORE, DATABASE_POOL… freely.
 */
@Global()
@Module({})
export class PlatformModule implements NestModule {
  constructor(
    private readonly metrics: ServiceMetrics,
    @Inject(PLATFORM_CONFIG) private readonly config: SharedConfig,
  ) {}

  static forRoot(options: PlatformOptions): DynamicModule {
    const { config, service } = options;
    // A follows or projections declaration that cannot run as meant stops the start here,
    // before Nest starts.
    if (options.follows) followedContexts(options.follows, service);
    // The factory form's list is checked as the platform builds it (Projections.declared).
    if (typeof options.projections !== 'function')
      checkProjections(options.projections ?? [], service);
    return {
      module: PlatformModule,
      imports: [
        LoggerModule.forRoot(
          loggerParams({ service, level: config.LOG_LEVEL, destination: options.logDestination }),
        ),
        TerminusModule.forRoot({ errorLogStyle: 'json' }),
        ThrottlerModule.forRoot({
          throttlers: [{ name: 'default', ttl: 60_000, limit: config.RATE_LIMIT_PER_MINUTE }],
        }),
      ],
      controllers: [HealthController, MetricsController],
      providers: [
        { provide: PLATFORM_CONFIG, useValue: config },
        { provide: SERVICE_NAME, useValue: service },
        { provide: CLOCK, useValue: options.clock ?? systemClock },
        { provide: SERVICE_STANDARDS, useValue: options.standards ?? serviceStandards },
        { provide: ServiceMetrics, useValue: new ServiceMetrics(service) },
        {
          provide: DATABASE_POOL,
          useFactory: () => {
            const pool = new Pool({
              connectionString: serviceDatabaseUrl(config, service),
              max: config.DATABASE_POOL_SIZE,
              connectionTimeoutMillis: 5000,
            });
            // An idle client's error (database restart) must not crash the process; the next query reconnects.
            pool.on('error', (error) =>
              new NestLogger('Database').warn({ msg: 'idle connection failed', err: error }),
            );
            return pool;
          },
        },
        {
          provide: EVENT_STORE,
          useFactory: (pool: Pool) =>
            new PostgresEventStore(pool, { maxEventBytes: config.EVENT_MAX_BYTES }),
          inject: [DATABASE_POOL],
        },
        {
          provide: KAFKA_CLIENT,
          useFactory: () =>
            createKafkaClient({
              brokers: config.KAFKA_BROKERS,
              clientId: service,
              logCreator: kafkaLogCreator,
            }),
        },
        {
          provide: IdempotencyStore,
          useFactory: (pool: Pool) => new IdempotencyStore(pool),
          inject: [DATABASE_POOL],
        },
        {
          provide: CommandExecutor,
          useFactory: (
            store: PostgresEventStore,
            idempotency: IdempotencyStore,
            metrics: ServiceMetrics,
          ) =>
            new CommandExecutor(store, idempotency, metrics, service, {
              clock: options.clock ?? systemClock,
            }),
          inject: [EVENT_STORE, IdempotencyStore, ServiceMetrics],
        },
        CaseCommands,
        {
          provide: JWT_VERIFIER,
          useFactory: () => {
            const pem = devPublicKeyPem(config);
            return JwtVerifier.create({
              keys: pem ? { publicKeyPem: pem } : { jwksUrl: config.AUTH_JWKS_URL as string },
              issuer: config.AUTH_ISSUER,
              audience: config.AUTH_AUDIENCE,
            });
          },
        },
        {
          provide: OWNERSHIP_READER,
          useFactory: (pool: Pool) => new PostgresOwnershipTable(pool),
          inject: [DATABASE_POOL],
        },
        {
          provide: ACTOR_LOG_BINDER,
          useFactory: (logger: PinoLogger): ActorLogBinder => ({
            bindActor: (actor) => logger.assign({ actor }),
          }),
          inject: [PinoLogger],
        },
        ShutdownState,
        FollowedEvents,
        ...personalDataProviders(config, service),
        {
          provide: Projections,
          useFactory: (
            pool: Pool,
            store: PostgresEventStore,
            vault: PersonalDataVault,
            standards: ServiceStandardCatalogue,
            clock: Clock,
          ) =>
            Projections.declared(options.projections, {
              service,
              pool,
              store,
              vault,
              standards,
              clock,
            }),
          inject: [DATABASE_POOL, EVENT_STORE, PersonalDataVault, SERVICE_STANDARDS, CLOCK],
        },
        {
          provide: BACKGROUND_WORK,
          useFactory: (
            pool: Pool,
            store: PostgresEventStore,
            kafka: Kafka,
            metrics: ServiceMetrics,
            logger: PinoLogger,
            projections: Projections,
            vault: PersonalDataVault,
          ) =>
            new BackgroundWork(
              backgroundParts(options, {
                pool,
                store,
                kafka,
                metrics,
                logger,
                projections,
                vault,
              }),
            ),
          inject: [
            DATABASE_POOL,
            EVENT_STORE,
            KAFKA_CLIENT,
            ServiceMetrics,
            PinoLogger,
            Projections,
            PersonalDataVault,
          ],
        },
        PlatformLifecycle,
        { provide: APP_FILTER, useClass: ProblemDetailsFilter },
        // Order matters: rate limit by address first, then who it is, then which case.
        { provide: APP_GUARD, useClass: ThrottlerGuard },
        { provide: APP_GUARD, useClass: AuthenticationGuard },
        { provide: APP_GUARD, useClass: CaseAccessGuard },
      ],
      exports: [
        CLOCK,
        SERVICE_STANDARDS,
        PLATFORM_CONFIG,
        SERVICE_NAME,
        ServiceMetrics,
        DATABASE_POOL,
        EVENT_STORE,
        KAFKA_CLIENT,
        IdempotencyStore,
        CommandExecutor,
        CaseCommands,
        ShutdownState,
        FollowedEvents,
        Projections,
        BACKGROUND_WORK,
        ...personalDataExports,
      ],
    };
  }

  configure(consumer: MiddlewareConsumer): void {
    // After nestjs-pino's middleware (an imported module's comes first): both run with the
    // request's correlation id bound.
    consumer
      .apply(
        httpMetricsMiddleware(this.metrics),
        jsonBodyMiddleware(jsonBodyLimitBytes(this.config.EVENT_MAX_BYTES)),
      )
      .forRoutes({ path: '{/*splat}', method: RequestMethod.ALL });
  }
}
