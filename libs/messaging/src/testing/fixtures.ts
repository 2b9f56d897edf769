// Shared by this lib's integration tests and the messaging bench, as `@dinsos/messaging/testing`
// (not exported from index.ts: services never import test fixtures).
import { randomUUID } from 'node:crypto';
import { examples, toKafkaMessage, type EventForWire } from '@dinsos/contracts';
import { migrate, PostgresEventStore, type NewEvent } from '@dinsos/event-store';
import {
  createTestDatabase,
  eventually,
  getTestInfrastructure,
  testRoles,
  type TestDatabase,
} from '@dinsos/testing';
import { logLevel, type Kafka } from 'kafkajs';
import { Client, Pool } from 'pg';
import type { EventHandler } from '../consumer/event-consumer';
import { createKafkaClient } from '../kafka/kafka-client';
import { migrateMessaging } from '../schema';

export interface MessagingTestContext {
  db: TestDatabase;
  pool: Pool;
  store: PostgresEventStore;
  close(): Promise<void>;
}

/** A database with the event store's and messaging's tables, and a pool as the app role. */
export async function setUpDatabase(): Promise<MessagingTestContext> {
  const db = await createTestDatabase();
  await migrate(db.ownerUrl, { appRole: testRoles.app.name });
  await migrateMessaging(db.ownerUrl, { appRole: testRoles.app.name });
  await ownerQuery(
    db,
    `create table effect (event_id uuid primary key, case_key text not null, type text not null,
       handled_at timestamptz not null default clock_timestamp());
     grant select, insert on effect to ${testRoles.app.name}`,
  );
  const pool = new Pool({ connectionString: db.appUrl, max: 8 });
  const store = new PostgresEventStore(pool);
  return {
    db,
    pool,
    store,
    close: async () => {
      await store.close();
      await pool.end();
      await db.drop();
    },
  };
}

export async function ownerQuery(db: TestDatabase, sql: string): Promise<void> {
  const client = new Client({ connectionString: db.ownerUrl });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

export async function sharedKafka(clientId: string): Promise<Kafka> {
  const { kafkaBrokers } = await getTestInfrastructure();
  return createKafkaClient({ brokers: kafkaBrokers, clientId, level: logLevel.NOTHING });
}

/** A valid intake event (CaseOpened) of a case, as the intake service would append it. */
export function caseEvent(caseId: string, n: number): NewEvent {
  return {
    eventId: randomUUID(),
    type: 'CaseOpened',
    schemaVersion: 1,
    caseId,
    subjectIds: [examples.exampleIds.clientId],
    officeCode: '3601',
    occurredAt: new Date(Date.UTC(2026, 0, 1, 0, 0, n)).toISOString(),
    actor: { id: 'officer-1', role: 'intake-officer', officeCode: '3601' },
    correlationId: randomUUID(),
    causationId: null,
    payload: examples.exampleCaseOpened() as never,
  };
}

/** A CloudEvents Kafka message of a case's event, without going through the store. */
export function caseMessage(caseId: string, revision: number, eventId = randomUUID()) {
  const wire: EventForWire = examples.exampleEventForWire({
    eventId,
    type: 'CaseOpened',
    schemaVersion: 1,
    caseId,
    streamId: `intakeCase-${caseId}`,
    streamRevision: revision,
    payload: examples.exampleCaseOpened(),
  });
  return { eventId, message: toKafkaMessage(wire, { service: 'intake' }) };
}

/** `eventually` with the description first, as these tests read. */
export function waitFor<T>(
  what: string,
  probe: () => Promise<T | undefined | false>,
  timeoutMs = 60_000,
): Promise<T> {
  return eventually(probe, what, timeoutMs);
}

export async function effects(pool: Pool): Promise<Array<{ event_id: string; case_key: string }>> {
  return (await pool.query('select event_id, case_key from effect order by handled_at, event_id'))
    .rows;
}

/** The effect the consumer tests count: one row per handled event, in the handler's transaction. */
export const recordEffect: EventHandler = {
  apply: async (event, _prepared, tx) => {
    await tx.query('insert into effect (event_id, case_key, type) values ($1, $2, $3)', [
      event.eventId,
      event.caseKey,
      event.type,
    ]);
  },
};
