// `npm run bench -- audit`: the audit service over real PostgreSQL, through its routes.
//
// 1. One case of 200 events across five streams: `GET …/history` and `GET …/verification`
//    (both recorded, as every audit read), p50 and p99 over sequential requests, each as a ratio
//    to reading the same case straight from the store (readCase, no HTTP, no record) in the
//    same run.
// 2. The whole store (20 000 events in 1 000 streams): verification events/s through
//    `GET /audit/verification` against keyset-paging the same rows and columns without hashing,
//    in the same run: the ratio is what the chain check costs over the read.
import { randomBytes, randomUUID } from 'node:crypto';
import { bekasiPath } from '@dinsos/case-summary/testing';
import { serviceRoleName } from '@dinsos/contracts';
import { PostgresEventStore, type NewEvent } from '@dinsos/event-store';
import { ServiceDeployment } from '@dinsos/platform/testing';
import { Pool } from 'pg';
import { auditConfigSchema, auditServiceName } from '../../services/audit/src/audit-config';
import { AuditModule, auditPlatformFeatures } from '../../services/audit/src/audit.module';
import { streamingTable } from './table';

const CASE_EVENTS = 200;
const REQUESTS = 200;
const STORE_STREAMS = 1_000;
const EVENTS_PER_STREAM = 20;
const ROUNDS = 3;

export const estimatedSeconds = 60;

const caseId = '3603-2026-700001';
const purpose = 'benchmark';

function percentile(samples: number[], p: number): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

async function timed(times: number, work: () => Promise<unknown>): Promise<number[]> {
  const samples: number[] = [];
  for (let i = 0; i < times; i++) {
    const started = process.hrtime.bigint();
    await work();
    samples.push(Number(process.hrtime.bigint() - started) / 1e6);
  }
  return samples;
}

/** The Bekasi path's events, cycled to `count`, as their owning services would append them. */
function caseEvents(count: number): Array<{ streamId: string; role: string; event: NewEvent }> {
  const path = bekasiPath();
  const roles: Record<string, string> = {
    intakeCase: 'intake',
    client: 'intake',
    assessment: 'assessment',
    tracing: 'family-tracing',
    placement: 'placement',
  };
  return Array.from({ length: count }, (_, index) => {
    const source = path[index % path.length];
    const category = source.streamId.split('-')[0];
    return {
      streamId: category === 'client' ? `client-${caseId}` : `${category}-${caseId}`,
      role: serviceRoleName(roles[category]),
      event: {
        eventId: randomUUID(),
        type: source.type,
        schemaVersion: source.schemaVersion,
        caseId,
        subjectIds: [],
        officeCode: '3603',
        occurredAt: source.occurredAt,
        actor: { ...source.actor },
        correlationId: randomUUID(),
        causationId: null,
        ...(source.serviceStandard
          ? {
              serviceStandard: {
                code: source.serviceStandard.code,
                version: source.serviceStandard.version,
              },
            }
          : {}),
        payload: source.payload as Record<string, never>,
      },
    };
  });
}

function fillerEvent(stream: number): NewEvent {
  return {
    eventId: randomUUID(),
    type: 'AssessmentRecorded',
    schemaVersion: 1,
    caseId: `3601-2026-${String(stream).padStart(6, '0')}`,
    subjectIds: [],
    officeCode: '3601',
    occurredAt: new Date().toISOString(),
    actor: { id: 'peksos-7', role: 'social-worker', officeCode: '3601' },
    correlationId: randomUUID(),
    causationId: null,
    payload: { summary: randomBytes(240).toString('base64'), score: 7 },
  };
}

export default async function run(): Promise<void> {
  const deployment = await ServiceDeployment.create({
    name: auditServiceName,
    module: AuditModule,
    configSchema: auditConfigSchema,
    platform: auditPlatformFeatures(),
  });
  const pools: Pool[] = [];
  const storeAs = (role: string) => {
    const pool = new Pool({ connectionString: deployment.database.urlAs(role), max: 4 });
    pools.push(pool);
    return new PostgresEventStore(pool);
  };
  try {
    const instance = await deployment.start({ waitForBackground: false });
    const auditor = await deployment.tokenFor('auditor', '36');
    const stores = new Map<string, PostgresEventStore>();
    for (const { streamId, role, event } of caseEvents(CASE_EVENTS)) {
      if (!stores.has(role)) stores.set(role, storeAs(role));
      await stores.get(role)!.appendToStream(streamId, [event], { expectedRevision: 'any' });
    }
    const reader = storeAs('dinsos_audit');
    const get = (path: string) =>
      instance.http.get(`${path}?purpose=${purpose}`).set('Authorization', `Bearer ${auditor}`);

    console.log(`one case of ${CASE_EVENTS} events, ${REQUESTS} sequential requests each`);
    const caseTable = streamingTable([
      { title: 'read', width: 28 },
      { title: 'p50 ms', width: 8 },
      { title: 'p99 ms', width: 8 },
      { title: 'p99 / readCase p99', width: 18 },
    ]);
    await timed(20, () => reader.readCase(caseId));
    const baseline = await timed(REQUESTS, () => reader.readCase(caseId));
    const base99 = percentile(baseline, 99);
    caseTable.row([
      'readCase (store, baseline)',
      percentile(baseline, 50).toFixed(1),
      base99.toFixed(1),
      '1.00',
    ]);
    for (const route of ['history', 'verification']) {
      await timed(10, () => get(`/audit/cases/${caseId}/${route}`));
      const samples = await timed(REQUESTS, async () => {
        const response = await get(`/audit/cases/${caseId}/${route}`);
        if (response.status !== 200) throw new Error(`${route}: ${response.status}`);
      });
      caseTable.row([
        `GET …/${route}`,
        percentile(samples, 50).toFixed(1),
        percentile(samples, 99).toFixed(1),
        (percentile(samples, 99) / base99).toFixed(2),
      ]);
    }

    const filler = storeAs('dinsos_assessment');
    for (let stream = 0; stream < STORE_STREAMS; stream++) {
      await filler.appendToStream(
        `assessment-3601-2026-${String(stream).padStart(6, '0')}`,
        Array.from({ length: EVENTS_PER_STREAM }, () => fillerEvent(stream)),
        { expectedRevision: 'noStream' },
      );
    }
    const pool = pools[pools.length - 1];
    const total = Number(
      (await pool.query<{ n: string }>('select count(*)::text as n from event_store.events'))
        .rows[0].n,
    );
    console.log(`\nthe whole store: ${total.toLocaleString('en-US')} events, best of ${ROUNDS}`);
    const storeTable = streamingTable([
      { title: 'pass', width: 36 },
      { title: 'events/s', width: 10 },
      { title: 'ratio', width: 6 },
    ]);
    let readRate = 0;
    for (let round = 0; round < ROUNDS; round++) {
      const started = Date.now();
      let after: [string, number] = ['', -1];
      let read = 0;
      for (;;) {
        const { rows } = await pool.query<{ stream_id: string; stream_revision: string }>(
          `select e.stream_id, e.stream_revision::text as stream_revision, e.transaction_id, e.sequence,
                  e.document, e.prev_hash, e.hash, e.event_id, e.type, e.case_id
             from event_store.events e where (e.stream_id, e.stream_revision) > ($1, $2)
            order by e.stream_id, e.stream_revision limit 5000`,
          after,
        );
        read += rows.length;
        if (rows.length < 5000) break;
        const last = rows[rows.length - 1];
        after = [last.stream_id, Number(last.stream_revision)];
      }
      readRate = Math.max(readRate, read / ((Date.now() - started) / 1000));
    }
    storeTable.row([
      'keyset read, no hashing (baseline)',
      Math.round(readRate).toLocaleString('en-US'),
      '1.00',
    ]);
    let verifyRate = 0;
    for (let round = 0; round < ROUNDS; round++) {
      const started = Date.now();
      const response = await get('/audit/verification');
      if (response.status !== 200 || !response.body.ok) throw new Error('verification failed');
      verifyRate = Math.max(
        verifyRate,
        response.body.eventsChecked / ((Date.now() - started) / 1000),
      );
    }
    storeTable.row([
      'GET /audit/verification',
      Math.round(verifyRate).toLocaleString('en-US'),
      (verifyRate / readRate).toFixed(2),
    ]);
  } finally {
    await Promise.all(pools.map((pool) => pool.end()));
    await deployment.stop();
  }
}
