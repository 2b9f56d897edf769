import { generateDevKeyPair, signDevToken, type Role } from '@dinsos/auth';
import {
  contextOfService,
  contexts,
  serviceNames,
  serviceRoleName,
  serviceSchemaName,
  type EventForWire,
  type ServiceName,
} from '@dinsos/contracts';
import { PostgresEventStore } from '@dinsos/event-store';
import { createKafkaClient } from '@dinsos/messaging';
import {
  createTestDatabase,
  createTopicPrefix,
  getTestInfrastructure,
  serviceRoles,
  testRoles,
  type TestDatabase,
} from '@dinsos/testing';
import type { INestApplication } from '@nestjs/common';
import { Pool } from 'pg';
import request from 'supertest';
import type { z } from 'zod';
import { loadConfig, type ServiceConfig } from '../config/service-config';
import type { BootstrapOptions } from '../runtime/bootstrap-service';
import { BackgroundWork } from '../runtime/background-work';
import { createServiceApp } from '../runtime/create-service-app';
import {
  migrateServiceDatabase,
  migrateServiceSchema,
  migrateSharedParts,
  withSearchPath,
} from '../runtime/migrate-service-database';
import { BACKGROUND_WORK, type PlatformFeatures } from '../runtime/platform.module';
import { LogCapture } from './log-capture';
import { TestClock } from './test-clock';
import { OtherContextPublisher, type OtherContextEvent } from './other-context-events';
import { ownEvent, type AppendedOwnEvent, type OwnEvent } from './own-events';
import { PublishedEvents } from './published-events';

/**
 * The service under test, declared as its main.ts declares it to bootstrapService: name, module,
 * its own variables, platform features and its own migrations.
 */
export type ServiceUnderTest<S extends z.ZodRawShape> = Omit<BootstrapOptions<S>, 'env'> & {
  /** Variables every instance gets, over the harness's own (database, broker, prefix, dev key). */
  env?: Record<string, string>;
  /** Where the deployment's clock starts (ISO 8601). Default 2026-03-02T02:15:00Z. */
  clockStartsAt?: string;
};

export interface InstanceOptions {
  /** Variables of this instance alone, over the deployment's. */
  env?: Record<string, string>;
  /** Instead of the service's own features (which get the deployment's clock and quick retries). */
  platform?: PlatformFeatures;
  module?: BootstrapOptions<z.ZodRawShape>['module'];
  /** Default: the deployment's clock, shared by every instance. */
  clock?: TestClock;
  /** Wait until the relay and consumers run (joined their groups). Default true. */
  waitForBackground?: boolean;
}

export interface ServiceInstance {
  app: INestApplication;
  http: ReturnType<typeof request>;
  clock: TestClock;
  /** Closes the app; also done by the deployment's stop(), and harmless twice. */
  stop(): Promise<void>;
}

/** A deployment of any service, whatever its own variables (each reads only its own config). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyServiceDeployment = ServiceDeployment<any>;

export interface DeploymentOptions {
  /**
   * Deploy this service beside another's, as the system runs them (DESIGN.md §2: one store for
   * the whole system): the same database, where the shared parts (store, keys, category grants)
   * were migrated once by the deployment that made it and this service's schema is now migrated
   * as its owner role; the same topic prefix, so each service's relay publishes where the other's
   * consumers read; the same dev keys (a token is good for both) and the same clock (this
   * service's `clockStartsAt` is not read). Both must be services of the system (roles
   * `dinsos_<service>`), or both not (a library's examples, on the test app role). Stopping the
   * deployment that made the database stops those sharing it first.
   */
  sharing?: AnyServiceDeployment;
}

// Quick retries: a test that makes a handler fail should not wait for production's backoff.
const testConsumerRetry = { attempts: 3, initialBackoffMs: 50, maxBackoffMs: 200 };

/**
 * One deployment of a service against real PostgreSQL and Kafka: a fresh database (the store
 * migrated, the service's schema migrated as its owner role, connected as its own role), a topic
 * prefix of its own, a dev key pair, one log capture and one clock; any number of instances share
 * it. `publish` puts another context's events on Kafka for the service to follow, and
 * `publishedEvents()` reads what the service published on its own topic. With
 * `{ sharing: other }` it is deployed beside another service instead (DeploymentOptions): one
 * system of several services on one database and one topic prefix, for end-to-end tests.
 */
export class ServiceDeployment<S extends z.ZodRawShape = Record<never, never>> {
  private readonly instances: ServiceInstance[] = [];
  private ownReader?: { pool: Pool; store: PostgresEventStore };
  /** Other services' connections, as their roles (appendAs). */
  private readonly writers = new Map<string, { pool: Pool; store: PostgresEventStore }>();
  private published?: Promise<PublishedEvents>;
  /** The deployments sharing this one's database (only on the one that made it). */
  private readonly sharers = new Set<AnyServiceDeployment>();
  /** The deployment that made the database this one shares, if it did not make its own. */
  private host?: AnyServiceDeployment;
  private stopped = false;

  private constructor(
    readonly service: ServiceUnderTest<S>,
    readonly database: TestDatabase,
    /** The service's role (its DATABASE_URL); the platform adds its schema as the search path. */
    readonly databaseUrl: string,
    readonly kafkaBrokers: string[],
    readonly topicPrefix: string,
    readonly keys: { privateKeyPem: string; publicKeyPem: string },
    private readonly foreignKeys: { privateKeyPem: string },
    readonly logs: LogCapture,
    readonly clock: TestClock,
    private readonly publisher: OtherContextPublisher,
  ) {}

  static async create<S extends z.ZodRawShape = Record<never, never>>(
    service: ServiceUnderTest<S>,
    options: DeploymentOptions = {},
  ): Promise<ServiceDeployment<S>> {
    if (options.sharing) return ServiceDeployment.beside(service, options.sharing);
    const { kafkaBrokers } = await getTestInfrastructure();
    const database = await createTestDatabase({ prefix: serviceSchemaName(service.name) });
    const appUrl = await migrateForService(database, service, { sharedPartsMigrated: false });
    const topicPrefix = createTopicPrefix();
    const clock = new TestClock(new Date(service.clockStartsAt ?? '2026-03-02T02:15:00Z'));
    const kafka = createKafkaClient({ brokers: kafkaBrokers, clientId: `${service.name}-test` });
    return new ServiceDeployment(
      service,
      database,
      appUrl,
      kafkaBrokers,
      topicPrefix,
      await generateDevKeyPair(),
      await generateDevKeyPair(),
      new LogCapture(),
      clock,
      new OtherContextPublisher(kafka, topicPrefix, () => clock.now()),
    );
  }

  /** DeploymentOptions.sharing: this service on the database, prefix, keys and clock of another. */
  private static async beside<S extends z.ZodRawShape>(
    service: ServiceUnderTest<S>,
    other: AnyServiceDeployment,
  ): Promise<ServiceDeployment<S>> {
    const host = other.host ?? other;
    if (host.stopped)
      throw new Error(`${host.service.name}'s deployment is stopped: nothing to share`);
    const names = [host, ...host.sharers].map((deployment) => deployment.service.name);
    if (names.includes(service.name)) {
      throw new Error(
        `${service.name} is deployed here already: start() more instances of that deployment`,
      );
    }
    if (isSystemService(service.name) !== isSystemService(host.service.name)) {
      throw new Error(
        `${service.name} cannot share ${host.service.name}'s database: one is a service of the system, the other not`,
      );
    }
    const appUrl = await migrateForService(host.database, service, { sharedPartsMigrated: true });
    const kafka = createKafkaClient({
      brokers: host.kafkaBrokers,
      clientId: `${service.name}-test`,
    });
    const deployment = new ServiceDeployment(
      service,
      host.database,
      appUrl,
      host.kafkaBrokers,
      host.topicPrefix,
      host.keys,
      host.foreignKeys,
      new LogCapture(),
      host.clock,
      new OtherContextPublisher(kafka, host.topicPrefix, () => host.clock.now()),
    );
    deployment.host = host;
    host.sharers.add(deployment);
    return deployment;
  }

  /** The service's role on its own schema: the service's view of the database. */
  get serviceDatabaseUrl(): string {
    return withSearchPath(this.databaseUrl, serviceSchemaName(this.service.name));
  }

  /** Starts one more instance of the service on this deployment. */
  async start(options: InstanceOptions = {}): Promise<ServiceInstance> {
    const result = loadConfig(this.service.configSchema, {
      NODE_ENV: 'test',
      DATABASE_URL: this.databaseUrl,
      DATABASE_POOL_SIZE: '6',
      KAFKA_BROKERS: this.kafkaBrokers.join(','),
      KAFKA_TOPIC_PREFIX: this.topicPrefix,
      AUTH_DEV_PUBLIC_KEY: this.keys.publicKeyPem,
      // Every request of a test comes from one address.
      RATE_LIMIT_PER_MINUTE: '100000',
      LOG_LEVEL: 'info',
      ...this.service.env,
      ...options.env,
    });
    if (!result.ok) throw new Error(`${this.service.name}: ${JSON.stringify(result.problems)}`);
    const config = result.config as ServiceConfig<S>;
    const clock = options.clock ?? this.clock;
    const own =
      typeof this.service.platform === 'function'
        ? this.service.platform(config)
        : this.service.platform;
    const app = await createServiceApp({
      name: this.service.name,
      module: options.module ?? this.service.module,
      config,
      platform: { consumerRetry: testConsumerRetry, ...(options.platform ?? own), clock },
      logDestination: this.logs,
    });
    // Specs close instances themselves too; Nest's close() must run once (it ends the pool).
    const close = app.close.bind(app);
    let closing: Promise<void> | undefined;
    app.close = () => (closing ??= close());
    if (options.waitForBackground ?? true) await app.get<BackgroundWork>(BACKGROUND_WORK).started();
    const instance: ServiceInstance = {
      app,
      http: request(app.getHttpServer()),
      clock,
      stop: () => app.close(),
    };
    this.instances.push(instance);
    return instance;
  }

  /** A token for a role in an office, signed by the deployment's dev key. */
  tokenFor(role: Role, officeCode: string, subject = `${role}-${officeCode}`): Promise<string> {
    return signDevToken(this.keys.privateKeyPem, { role, officeCode, subject });
  }

  /** A well-formed token signed by a key the service does not trust. */
  foreignToken(role: Role, officeCode: string): Promise<string> {
    return signDevToken(this.foreignKeys.privateKeyPem, { role, officeCode });
  }

  /**
   * Puts another context's event on Kafka for the service under test, as that context's relay
   * would: on its topic (with this deployment's prefix), payload checked against the catalogue,
   * occurredAt from the deployment's clock unless given. Returns the event as sent.
   */
  publish(event: OtherContextEvent): Promise<EventForWire> {
    return this.publisher.publish(event);
  }

  /**
   * Appends the service's own events, in the order given, as its write path would: as its role,
   * each payload checked against the contracts, the envelope filled (ids, a service actor,
   * occurredAt from the deployment's clock unless given). For seeding what the service's
   * projections read; commands are better sent through its routes. Returns each event as
   * appended, with its stream, revision and position.
   */
  async append(...events: OwnEvent[]): Promise<AppendedOwnEvent[]> {
    return this.appendThrough(this.reader.store, this.service.name, events);
  }

  /**
   * Appends events as another write service of the system would (its role `dinsos_<service>`,
   * its own categories only, payloads checked against the contracts): for a read-side service
   * (case-query, audit), whose own role appends nothing, to see the store fill as the write
   * services fill it. Only on a deployment of a service of the system (its database has the
   * roles).
   */
  async appendAs(service: ServiceName, ...events: OwnEvent[]): Promise<AppendedOwnEvent[]> {
    if (!(serviceNames as readonly string[]).includes(service)) {
      throw new Error(`${service} is no write service of the contracts`);
    }
    if (!isSystemService(this.service.name)) {
      throw new Error(`appendAs needs a service of the system; ${this.service.name} is not one`);
    }
    let writer = this.writers.get(service);
    if (!writer) {
      const pool = new Pool({
        connectionString: this.database.urlAs(serviceRoleName(service)),
        max: 2,
      });
      pool.on('error', () => undefined);
      writer = { pool, store: new PostgresEventStore(pool) };
      this.writers.set(service, writer);
    }
    return this.appendThrough(writer.store, service, events);
  }

  private async appendThrough(
    store: PostgresEventStore,
    service: string,
    events: OwnEvent[],
  ): Promise<AppendedOwnEvent[]> {
    const appended: AppendedOwnEvent[] = [];
    for (const input of events) {
      const { streamId, event } = ownEvent(input, {
        service,
        occurredAt: this.clock.now().toISOString(),
      });
      const result = await store.appendToStream(streamId, [event], {
        expectedRevision: 'any',
      });
      appended.push({
        ...event,
        streamId,
        streamRevision: result.events[0].streamRevision,
        position: result.position.toString(),
      });
    }
    return appended;
  }

  /**
   * What the service published on its context's topic (with the deployment's prefix), read from
   * Kafka as another context receives it: `received` so far, `has(caseId, type)`, and
   * `find(caseId, type)`, which waits for it. Started on the first call (the same reader after),
   * reading from the topic's beginning; stopped by `stop()`. For a service of the contracts.
   */
  publishedEvents(): Promise<PublishedEvents> {
    if (this.stopped)
      return Promise.reject(new Error(`${this.service.name}'s deployment is stopped`));
    if (!this.published) {
      const name = this.service.name;
      if (!(serviceNames as readonly string[]).includes(name)) {
        return Promise.reject(
          new Error(`${name} is no service of the contracts: it publishes on no context's topic`),
        );
      }
      const kafka = createKafkaClient({
        brokers: this.kafkaBrokers,
        clientId: `${name}-published-events`,
      });
      const topic = `${this.topicPrefix}${contexts[contextOfService(name as ServiceName)].topic}`;
      this.published = PublishedEvents.start(kafka, topic, `${topic}.${name}-test-reader`).catch(
        (error: unknown) => {
          this.published = undefined; // a later call tries again
          throw error;
        },
      );
    }
    return this.published;
  }

  /** The service's database as the service sees it (its role and schema), for assertions. */
  get reader(): { pool: Pool; store: PostgresEventStore } {
    if (!this.ownReader) {
      const pool = new Pool({ connectionString: this.serviceDatabaseUrl, max: 3 });
      // pool.end() resolves before its sockets close: the database drop may still reach one.
      pool.on('error', () => undefined);
      this.ownReader = { pool, store: new PostgresEventStore(pool) };
    }
    return this.ownReader;
  }

  /**
   * Stops every instance and closes the harness's connections. The deployment that made the
   * database first stops those sharing it, then drops it; one sharing another's leaves it.
   * Harmless twice.
   */
  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    for (const sharer of [...this.sharers]) await sharer.stop();
    if (this.published) {
      const published = this.published;
      this.published = undefined;
      await published.then((reader) => reader.stop()).catch(() => undefined);
    }
    for (const instance of this.instances.splice(0)) await instance.stop();
    await this.publisher.close();
    if (this.ownReader) {
      const { pool, store } = this.ownReader;
      this.ownReader = undefined;
      await store.close();
      await pool.end();
    }
    for (const { pool, store } of this.writers.values()) {
      await store.close();
      await pool.end();
    }
    this.writers.clear();
    if (this.host) this.host.sharers.delete(this);
    else await this.database.drop();
  }
}

function isSystemService(name: string): boolean {
  return serviceRoles.some((candidate) => candidate.service === name);
}

/**
 * The one database as a start lays it out, for this service. A service of the system (roles
 * `dinsos_<service>` and its owner): the shared parts (unless a deployment this one shares did
 * them already: `npm run migrate` runs once for the whole system), then its schema as its owner
 * role, then its own migrations. Any other (a library's example): the store and the schema for
 * the test app role. Returns the URL the service connects with.
 */
async function migrateForService<S extends z.ZodRawShape>(
  database: TestDatabase,
  service: ServiceUnderTest<S>,
  options: { sharedPartsMigrated: boolean },
): Promise<string> {
  const schema = serviceSchemaName(service.name);
  const roles = serviceRoles.find((candidate) => candidate.service === service.name);
  if (roles) {
    if (!options.sharedPartsMigrated) await migrateSharedParts(database.ownerUrl);
    const ownerUrl = database.urlAs(roles.owner);
    await migrateServiceSchema(ownerUrl, { service: service.name });
    await service.migrations?.(ownerUrl, { appRole: serviceRoleName(service.name), schema });
    return database.urlAs(roles.app);
  }
  const appRole = testRoles.app.name;
  await migrateServiceDatabase(database.ownerUrl, { appRole, service: service.name });
  await service.migrations?.(database.ownerUrl, { appRole, schema });
  return database.appUrl;
}
