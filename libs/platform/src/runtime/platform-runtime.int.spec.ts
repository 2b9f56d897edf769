import { generateDevKeyPair, signDevToken } from '@dinsos/auth';
import { PostgresEventStore } from '@dinsos/event-store';
import { createTestDatabase, testRoles, type TestDatabase } from '@dinsos/testing';
import type { INestApplication } from '@nestjs/common';
import net from 'node:net';
import { Writable } from 'node:stream';
import { Pool } from 'pg';
import request from 'supertest';
import { loadConfig } from '../config/service-config';
import {
  ExampleServiceModule,
  exampleConfigSchema,
  examplePlatformFeatures,
  exampleServiceName,
} from '../../example-service/example-service.module';
import { createServiceApp } from './create-service-app';
import { migrateServiceDatabase, withSearchPath } from './migrate-service-database';
import { ShutdownState } from './shutdown-state';

async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

const discard = new Writable({ write: (_chunk, _encoding, done) => done() });

describe('the runtime when a dependency is down', () => {
  let database: TestDatabase;
  let keys: { privateKeyPem: string; publicKeyPem: string };
  let pool: Pool;
  const apps: INestApplication[] = [];

  async function start(
    env: Record<string, string>,
    platform = examplePlatformFeatures({ firstContactAfterDays: 1 }),
  ) {
    const result = loadConfig(exampleConfigSchema, {
      AUTH_DEV_PUBLIC_KEY: keys.publicKeyPem,
      LOG_LEVEL: 'warn',
      ...env,
    });
    if (!result.ok) throw new Error(JSON.stringify(result.problems));
    const app = await createServiceApp({
      name: 'example',
      module: ExampleServiceModule,
      config: result.config,
      platform,
      logDestination: discard,
    });
    apps.push(app);
    return request(app.getHttpServer());
  }

  beforeAll(async () => {
    database = await createTestDatabase();
    await migrateServiceDatabase(database.ownerUrl, {
      appRole: testRoles.app.name,
      service: exampleServiceName,
    });
    keys = await generateDevKeyPair();
    pool = new Pool({ connectionString: withSearchPath(database.appUrl, exampleServiceName) });
  });

  afterAll(async () => {
    for (const app of apps) await app.close();
    await pool?.end();
    await database?.drop();
  });

  it('stays ready and takes commands while Kafka is down (the store is the outbox), and rate-limits with 429', async () => {
    const http = await start({
      DATABASE_URL: database.appUrl,
      KAFKA_BROKERS: `127.0.0.1:${await closedPort()}`,
      RATE_LIMIT_PER_MINUTE: '5',
    });
    // The ownership projection cannot run without Kafka; the row it would write is put in directly.
    await pool.query(
      `insert into auth_case_ownership (case_id, owning_office_code, updated_by_event_id) values ('case-k', '3603', gen_random_uuid())`,
    );

    const ready = await http.get('/health/ready');
    expect(ready.status).toBe(200);
    expect(ready.body.info.postgres.status).toBe('up');

    const token = await signDevToken(keys.privateKeyPem, {
      role: 'social-worker',
      officeCode: '3603',
    });
    const command = await http
      .post('/cases/case-k/visits')
      .set('Authorization', `Bearer ${token}`)
      .set('Idempotency-Key', 'kafka-down-key-1')
      .send({
        visitId: 'k1',
        plannedOn: '2026-12-01',
        purpose: 'assessment',
        clientId: 'client-k',
      });
    expect(command.status).toBe(201);
    const store = new PostgresEventStore(pool);
    expect((await store.readStream('visit-case-k')).map((event) => event.type)).toEqual([
      'VisitScheduled',
    ]);
    expect((await http.get('/metrics')).status).toBe(200);

    const statuses: number[] = [];
    for (let i = 0; i < 6; i += 1) {
      const response = await http
        .get('/cases/case-k/visits')
        .set('Authorization', `Bearer ${token}`);
      statuses.push(response.status);
      if (response.status === 429) {
        expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
        expect(response.headers['retry-after']).toMatch(/^\d+$/);
        expect(response.body.type).toBe('urn:dinsos:problem:too-many-requests');
      }
    }
    // 5 per minute per route and address: five reads pass, then 429.
    expect(statuses).toEqual([200, 200, 200, 200, 200, 429]);

    // Once a shutdown begins, readiness says so, so no new work is sent here.
    apps[0].get(ShutdownState).begin();
    const draining = await http.get('/health/ready');
    expect(draining.status).toBe(503);
    expect(draining.body.error.shutdown).toEqual({ status: 'down', message: 'shutting down' });
  });

  it('is live but not ready when PostgreSQL does not answer', async () => {
    const port = await closedPort();
    const http = await start(
      {
        DATABASE_URL: `postgres://dinsos_app:x@127.0.0.1:${port}/nowhere`,
        KAFKA_BROKERS: `127.0.0.1:${await closedPort()}`,
      },
      { caseAccess: 'ownStreams' },
    );
    expect((await http.get('/health/live')).status).toBe(200);
    const ready = await http.get('/health');
    expect(ready.status).toBe(503);
    expect(ready.body).toMatchObject({ status: 'error', error: { postgres: { status: 'down' } } });
  });
});
