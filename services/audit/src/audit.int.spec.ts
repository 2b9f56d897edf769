// Audit on real PostgreSQL and Kafka: two whole case paths (a Bekasi-standard case of 3603 and a
// Banten one of the province, sharing the client's stream) appended as the owning services'
// roles, sealed by the sealer's role; then every audit route, the records of every read, the
// office scope, and tampering done as a superuser would do it.
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import {
  bantenPath,
  bekasiPath,
  bekasiCaseId,
  bantenCaseId,
  ids,
} from '@dinsos/case-summary/testing';
import { regenerateIssuedDocument } from '@dinsos/documents';
import { PersonalDataVault } from '@dinsos/personal-data';
import { serviceStandards } from '@dinsos/service-standards';
import {
  CategoryAccessDenied,
  PostgresEventStore,
  chainHash,
  generateSealingKeyPair,
  sealNow,
  type RecordedEvent,
} from '@dinsos/event-store';
import { PersonalFields, documentDirectory, documentFactsOf } from '@dinsos/platform';
import { ServiceDeployment, type ServiceInstance } from '@dinsos/platform/testing';
import { Client, Pool } from 'pg';
import { auditConfigSchema, auditServiceName } from './audit-config';
import { AuditModule, auditPlatformFeatures } from './audit.module';
import type { HistoryEntry } from './history/case-history';
import {
  OwningServices,
  encryptedForReal,
  pathFor,
  withPeopleOfItsOwn,
} from './testing/case-paths';

const run = promisify(execFile);
const verifier = path.join(__dirname, '..', 'verifier', 'verify-export.mjs');
const purpose = 'Pemeriksaan berkala Inspektorat 2026';

async function eventually<T>(probe: () => Promise<T | undefined>, what: string): Promise<T> {
  const until = Date.now() + 20_000;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe('audit', () => {
  let deployment: ServiceDeployment<typeof auditConfigSchema>;
  let instance: ServiceInstance;
  let owners: OwningServices;
  let sealerPool: Pool;
  let workDir: string;
  const sealKeys = generateSealingKeyPair();
  const tokens: Record<string, string> = {};
  const stored: Record<'bekasi' | 'banten', RecordedEvent[]> = { bekasi: [], banten: [] };
  const tamper = {
    byte: '3603-2026-900001',
    rewritten: '3603-2026-900002',
    cut: '3603-2026-900003',
    gone: '3603-2026-900004',
  };
  let beforeAppends: string;

  const get = (url: string, token = tokens.auditor) =>
    instance.http.get(url).set('Authorization', `Bearer ${token}`);
  /** An NDJSON export as text: supertest would otherwise leave its body unparsed. */
  const getText = (url: string, token = tokens.auditor) =>
    get(url, token)
      .buffer(true)
      .parse((res, done) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (text += chunk));
        res.on('end', () => done(null, text));
      });
  /** Writes an export to a file and runs the offline verifier on it, which must fail. */
  const verifierFindings = async (name: string, exported: string): Promise<string[]> => {
    const file = path.join(workDir, name);
    fs.writeFileSync(file, exported);
    const failed = await run(process.execPath, [verifier, file, '--json']).catch(
      (error: { code: number; stdout: string }) => error,
    );
    expect((failed as { code: number }).code).toBe(1);
    return JSON.parse((failed as { stdout: string }).stdout).findings;
  };
  const withPurpose = (url: string) =>
    `${url}${url.includes('?') ? '&' : '?'}purpose=${encodeURIComponent(purpose)}`;

  async function sealEverything(): Promise<void> {
    const { rows } = await sealerPool.query<{ n: string }>(
      'select count(distinct stream_id)::text as n from event_store.events',
    );
    const sealed = new Set<string>();
    await eventually(async () => {
      const seal = await sealNow(sealerPool, {
        directory: path.join(workDir, 'seals'),
        privateKey: sealKeys.privateKeyPem,
      });
      for (const head of seal?.streams ?? []) sealed.add(head.streamId);
      return sealed.size >= Number(rows[0].n) ? true : undefined;
    }, 'every stream sealed');
  }

  beforeAll(async () => {
    workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'audit-spec-'));
    fs.writeFileSync(path.join(workDir, 'sealer.pem'), sealKeys.publicKeyPem);
    deployment = await ServiceDeployment.create({
      name: auditServiceName,
      module: AuditModule,
      configSchema: auditConfigSchema,
      platform: auditPlatformFeatures(),
      env: {
        EVENT_STORE_SEAL_DIR: path.join(workDir, 'seals'),
        EVENT_STORE_SEAL_PUBLIC_KEY: path.join(workDir, 'sealer.pem'),
      },
    });
    instance = await deployment.start();
    owners = new OwningServices(deployment.database);
    sealerPool = new Pool({ connectionString: deployment.database.urlAs('dinsos_sealer'), max: 2 });
    tokens.auditor = await deployment.tokenFor('auditor', '3603');
    tokens.province = await deployment.tokenFor('auditor', '36');
    tokens.otherRegency = await deployment.tokenFor('auditor', '3601');
    tokens.supervisor = await deployment.tokenFor('supervisor', '3603');
    tokens.socialWorker = await deployment.tokenFor('social-worker', '3603');

    beforeAppends = new Date().toISOString();
    await new Promise((resolve) => setTimeout(resolve, 20));
    stored.bekasi = await owners.append(bekasiPath());
    // Both paths number their events from 1: the province's get ids of their own.
    stored.banten = await owners.append(pathFor(bantenPath(), { namespace: 'banten' }));
    for (const [name, caseId] of Object.entries(tamper)) {
      await owners.append(
        pathFor(bekasiPath(), { namespace: name, caseId, caseStreamsOnly: true }),
      );
    }
    await sealEverything();
  }, 60_000);

  afterAll(async () => {
    await owners?.close();
    await sealerPool?.end();
    await deployment?.stop();
    if (workDir) fs.rmSync(workDir, { recursive: true, force: true });
  });

  describe('purpose', () => {
    it('is required on every route: 400 naming it, and nothing is read or recorded', async () => {
      for (const route of ['history', 'export', 'verification', 'documents', 'access-log']) {
        const response = await get(`/audit/cases/${bekasiCaseId}/${route}`, tokens.auditor);
        expect(response.status).toBe(400);
        expect(response.headers['content-type']).toMatch(/application\/problem\+json/);
        expect(JSON.stringify(response.body)).toMatch(/purpose/);
      }
      const log = await get(
        withPurpose(`/audit/cases/${bekasiCaseId}/access-log`),
        tokens.supervisor,
      );
      expect(log.body.records).toEqual([]);
    });

    it('is documented in OpenAPI as the purpose parameter or the X-Purpose header', async () => {
      const document = await instance.http.get('/docs/openapi.json');
      const history = document.body.paths['/audit/cases/{caseId}/history'].get;
      const names = history.parameters.map(
        (p: { name: string; in: string }) => `${p.in}:${p.name}`,
      );
      expect(names).toEqual(expect.arrayContaining(['query:purpose', 'header:X-Purpose']));
      const key = document.body.paths['/audit/export-key'].get;
      expect(key.parameters ?? []).toEqual([]);
    });

    it('may come as the X-Purpose header', async () => {
      const response = await get(`/audit/cases/${bekasiCaseId}/history?type=CaseOpened`).set(
        'X-Purpose',
        purpose,
      );
      expect(response.status).toBe(200);
    });
  });

  describe('history', () => {
    it("is every event naming the case, whatever its stream, in the store's order, as stored", async () => {
      const response = await get(withPurpose(`/audit/cases/${bekasiCaseId}/history`));
      expect(response.status).toBe(200);
      const events = response.body.events as HistoryEntry[];
      expect(events.map((event) => event.eventId)).toEqual(stored.bekasi.map((e) => e.eventId));
      const positions = events.map((event) => event.position as string);
      expect([...positions].sort()).toEqual(positions);
      expect(events.map((event) => event.context)).toContain('intake');
      expect(events.some((event) => event.streamId.startsWith('client-'))).toBe(true);
      expect(events[0]).toMatchObject({
        type: 'ReportReceived',
        actor: { role: 'intake-officer', officeCode: '3603' },
        serviceStandard: { code: 'bekasi-layanan-rujukan', version: 1 },
        prevHash: '0'.repeat(64),
      });
      expect(events[0].hash).toMatch(/^[0-9a-f]{64}$/);
      // Personal fields as the store holds them: ciphertext, never decrypted without asking.
      const registered = events.find((event) => event.type === 'ClientRegistered');
      expect((registered?.payload as Record<string, unknown>).calledName).toMatchObject({
        keyId: expect.any(String),
        ct: expect.any(String),
      });
      expect(response.body.personalData).toBe('asStored');
      expect(response.body.pinnedStandard).toEqual({ code: 'bekasi-layanan-rujukan', version: 1 });
    });

    it("includes a complaint's stream when its events name the case", async () => {
      const complained = '3603-2026-500001';
      const [report] = pathFor(bekasiPath().slice(0, 1), {
        namespace: 'complained',
        caseId: complained,
      });
      const complaintId = crypto.randomUUID();
      const complaint = {
        ...report,
        eventId: crypto.randomUUID(),
        type: 'ComplaintReceived',
        streamId: `complaint-${complaintId}`,
        occurredAt: '2026-03-03T09:00:00+07:00',
        actor: { id: 'complaints-officer-1', role: 'complaints-officer', officeCode: '3603' },
        payload: {
          complaintId,
          complaintNumber: 'ADU/3603/2026/0001',
          officeCode: '3603',
          serviceStandard: { code: 'bekasi-layanan-rujukan', version: 1 },
          channel: 'email',
          classification: 'complaint',
          text: { keyId: `key-${complaintId}`, iv: '-', ct: '-', tag: '-' },
          about: { caseId: complained },
          receivedAt: '2026-03-03T09:00:00+07:00',
          clocks: [],
        },
      };
      await owners.append([report, complaint]);
      const response = await get(withPurpose(`/audit/cases/${complained}/history`));
      expect(
        response.body.events.map((e: { context: string; type: string }) => [e.context, e.type]),
      ).toEqual([
        ['intake', 'ReportReceived'],
        ['complaints', 'ComplaintReceived'],
      ]);
    });

    it('still shows a history whose stored payload the case fold cannot take', async () => {
      const broken = '3603-2026-500002';
      const [report] = pathFor(bekasiPath().slice(0, 1), { namespace: 'broken', caseId: broken });
      const complaintId = crypto.randomUUID();
      await owners.append([
        report,
        {
          ...report,
          eventId: crypto.randomUUID(),
          type: 'ComplaintReceived',
          streamId: `complaint-${complaintId}`,
          payload: { complaintId },
        },
      ]);
      const history = await get(withPurpose(`/audit/cases/${broken}/history`));
      expect(history.status).toBe(200);
      expect(history.body.events).toHaveLength(2);
      const asOf = await get(
        withPurpose(
          `/audit/cases/${broken}/as-of?time=${encodeURIComponent(new Date().toISOString())}`,
        ),
      );
      expect(asOf.status).toBe(422);
      expect(asOf.body.detail).toMatch(/cannot be folded/);
    });

    it('filters by context, type and actor', async () => {
      const byContext = await get(
        withPurpose(`/audit/cases/${bekasiCaseId}/history?context=tracing`),
      );
      expect(byContext.body.events.length).toBe(7);
      expect(new Set(byContext.body.events.map((e: { context: string }) => e.context))).toEqual(
        new Set(['tracing']),
      );
      const byType = await get(
        withPurpose(`/audit/cases/${bekasiCaseId}/history?type=InquirySent`),
      );
      expect(byType.body.events.map((e: { type: string }) => e.type)).toEqual([
        'InquirySent',
        'InquirySent',
      ]);
      const actorId = stored.bekasi[0].actor.id;
      const byActor = await get(
        withPurpose(`/audit/cases/${bekasiCaseId}/history?actor=${encodeURIComponent(actorId)}`),
      );
      expect(byActor.body.events.length).toBeGreaterThan(0);
      expect(
        byActor.body.events.every((e: { actor: { id: string } }) => e.actor.id === actorId),
      ).toBe(true);
      const badContext = await get(
        withPurpose(`/audit/cases/${bekasiCaseId}/history?context=nope`),
      );
      expect(badContext.status).toBe(400);
    });
  });

  describe('office scope and roles', () => {
    it('lets the province see every office, a regency its own; others and unknown cases are 404 alike', async () => {
      expect(
        (await get(withPurpose(`/audit/cases/${bekasiCaseId}/history`), tokens.province)).status,
      ).toBe(200);
      expect(
        (await get(withPurpose(`/audit/cases/${bantenCaseId}/history`), tokens.province)).status,
      ).toBe(200);
      const other = await get(
        withPurpose(`/audit/cases/${bekasiCaseId}/history`),
        tokens.otherRegency,
      );
      const unknown = await get(
        withPurpose(`/audit/cases/3603-2026-999999/history`),
        tokens.auditor,
      );
      const province = await get(
        withPurpose(`/audit/cases/${bantenCaseId}/history`),
        tokens.auditor,
      );
      expect([other.status, unknown.status, province.status]).toEqual([404, 404, 404]);
      expect(other.body.detail).toBe(`No case ${bekasiCaseId} was found.`);
    });

    it('is for auditors (supervisors read only the access log); nothing here accepts a write', async () => {
      expect(
        (await get(withPurpose(`/audit/cases/${bekasiCaseId}/history`), tokens.socialWorker))
          .status,
      ).toBe(403);
      expect(
        (await get(withPurpose(`/audit/cases/${bekasiCaseId}/history`), tokens.supervisor)).status,
      ).toBe(403);
      const post = await instance.http
        .post(`/audit/cases/${bekasiCaseId}/history`)
        .set('Authorization', `Bearer ${tokens.auditor}`)
        .send({});
      expect(post.status).toBe(404);
    });

    it('is enforced by the database: the audit role appends to auditAccess only', async () => {
      const pool = new Pool({ connectionString: deployment.databaseUrl, max: 1 });
      const asAudit = new PostgresEventStore(pool);
      const event = (type: string) => ({
        eventId: crypto.randomUUID(),
        type,
        schemaVersion: 1,
        subjectIds: [],
        officeCode: '3603',
        occurredAt: new Date().toISOString(),
        actor: { id: 'auditor-3603', role: 'auditor', officeCode: '3603' },
        correlationId: 'spec',
        causationId: null,
        payload: {},
      });
      try {
        for (const streamId of [
          `intakeCase-${bekasiCaseId}`,
          `placement-${bekasiCaseId}`,
          'client-x',
        ]) {
          await expect(
            asAudit.appendToStream(streamId, [event('CaseOpened')], { expectedRevision: 'any' }),
          ).rejects.toBeInstanceOf(CategoryAccessDenied);
        }
        // The same refusal straight in SQL, past the adapter's own check.
        await expect(
          pool.query(
            `insert into event_store.events (stream_id) values ('intakeCase-${bekasiCaseId}')`,
          ),
        ).rejects.toThrow(/row-level security/);
      } finally {
        await pool.end();
      }
    });
  });

  describe('a case transferred away', () => {
    const transferred = '3602-2026-600001';
    let transferEventId: string;

    beforeAll(async () => {
      // Opened at Kabupaten Lebak (3602), transferred to Kabupaten Tangerang (3603), assessed there.
      const path = pathFor(bekasiPath(), {
        namespace: 'transferred',
        caseId: transferred,
        caseStreamsOnly: true,
      });
      const opening = path.slice(0, 4).map((event) => ({
        ...event,
        officeCode: '3602',
        actor: { ...event.actor, officeCode: '3602' },
      }));
      transferEventId = crypto.randomUUID();
      const transfer = {
        ...opening[3],
        eventId: transferEventId,
        type: 'CaseTransferred',
        schemaVersion: 1,
        occurredAt: '2026-03-02T11:00:00+07:00',
        actor: { id: 'supervisor-3602', role: 'supervisor', officeCode: '3602' },
        causationId: null,
        payload: {
          fromOfficeCode: '3602',
          toOfficeCode: '3603',
          serviceStandard: { code: 'bekasi-layanan-rujukan', version: 1 },
          reason: 'Keluarga berdomisili di Kabupaten Tangerang',
        },
      };
      await owners.append([...opening, transfer, ...path.slice(4, 9)]);
    });

    it('shows the sending office the history up to the transfer, the owner all of it', async () => {
      const sender = await deployment.tokenFor('auditor', '3602');
      const theirs = await get(withPurpose(`/audit/cases/${transferred}/history`), sender);
      expect(theirs.status).toBe(200);
      expect(theirs.body.access).toBe('transferredAway');
      expect(theirs.body.events.at(-1)).toMatchObject({
        eventId: transferEventId,
        type: 'CaseTransferred',
      });
      expect(theirs.body.events).toHaveLength(5);
      const owner = await get(withPurpose(`/audit/cases/${transferred}/history`));
      expect(owner.body).toMatchObject({ access: 'owner', owningOfficeCode: '3603' });
      expect(owner.body.events).toHaveLength(10);
      const asOf = await get(
        withPurpose(
          `/audit/cases/${transferred}/as-of?time=${encodeURIComponent(new Date().toISOString())}`,
        ),
        sender,
      );
      expect(asOf.body).toMatchObject({ eventsApplied: 5, access: 'transferredAway' });
      expect(
        (await get(withPurpose(`/audit/cases/${transferred}/history`), tokens.otherRegency)).status,
      ).toBe(404);
    });

    it("exports the sending office's part in full and the rest as hash-only links", async () => {
      const sender = await deployment.tokenFor('auditor', '3602');
      const response = await getText(withPurpose(`/audit/cases/${transferred}/export`), sender);
      const records = (response.body as string)
        .trimEnd()
        .split('\n')
        .map((line) => JSON.parse(line));
      expect(records.filter((r) => r.kind === 'event')).toHaveLength(5);
      expect(records.filter((r) => r.kind === 'hashOnly')).toHaveLength(5);
      const file = path.join(workDir, 'transferred.ndjson');
      fs.writeFileSync(file, response.body as string);
      const { stdout } = await run(process.execPath, [verifier, file]);
      expect(stdout).toContain('OK: chains, seals and signature hold');
    });
  });

  describe('recorded reads', () => {
    it('records every use in auditAccess (case id in the payload only) and lists them per case', async () => {
      const response = await get(
        withPurpose(`/audit/cases/${bekasiCaseId}/access-log`),
        tokens.supervisor,
      );
      expect(response.status).toBe(200);
      const records = response.body.records as Array<Record<string, unknown>>;
      expect(records).toEqual(
        expect.arrayContaining([
          expect.objectContaining({
            access: 'caseHistory',
            caseId: bekasiCaseId,
            purpose,
            outcome: 'answered',
            personalData: 'asStored',
            actor: { id: 'auditor-3603', role: 'auditor', officeCode: '3603' },
            query: { context: 'tracing', personalData: 'asStored' },
          }),
          expect.objectContaining({
            access: 'caseHistory',
            outcome: 'notFound',
            actor: expect.objectContaining({ officeCode: '3601' }),
          }),
        ]),
      );
      expect(records.every((record) => record.at && record.position)).toBe(true);
      // Looking never changes the case's history.
      const history = await get(withPurpose(`/audit/cases/${bekasiCaseId}/history`));
      expect(history.body.events).toHaveLength(stored.bekasi.length);
      expect(history.body.events.some((e: { type: string }) => e.type === 'AuditRecordRead')).toBe(
        false,
      );
    });

    it('publishes the records on dinsos.audit.access.v1', async () => {
      const published = await deployment.publishedEvents();
      const record = await eventually(
        async () =>
          published.received.find(
            (event) =>
              event.type === 'AuditRecordRead' &&
              (event.payload as { caseId?: string }).caseId === bekasiCaseId,
          ),
        'an AuditRecordRead on Kafka',
      );
      expect(record.caseId).toBeUndefined();
      expect(record.context).toBe('audit');
      expect(record.streamId).toBe(`auditAccess-${bekasiCaseId}`);
    });
  });

  describe('as of', () => {
    it('folds the events up to a position with the case-summary rules', async () => {
      const opened = stored.bekasi.find((event) => event.type === 'CaseOpened') as RecordedEvent;
      const response = await get(
        withPurpose(`/audit/cases/${bekasiCaseId}/as-of?position=${opened.position.toString()}`),
      );
      expect(response.status).toBe(200);
      expect(response.body).toMatchObject({
        caseId: bekasiCaseId,
        eventsApplied: stored.bekasi.indexOf(opened) + 1,
        lastEvent: { eventId: opened.eventId, type: 'CaseOpened' },
        summary: { stage: 'assessment', owningOfficeCode: '3603' },
      });
      expect(response.body.sla).toMatchObject({ caseId: bekasiCaseId });
      const now = await get(
        withPurpose(
          `/audit/cases/${bekasiCaseId}/as-of?time=${encodeURIComponent(new Date().toISOString())}`,
        ),
      );
      expect(now.body).toMatchObject({
        eventsApplied: stored.bekasi.length,
        summary: { stage: 'closed' },
      });
    });

    it('takes recordedAt ≤ time: before the first append, nothing', async () => {
      const response = await get(
        withPurpose(`/audit/cases/${bekasiCaseId}/as-of?time=${encodeURIComponent(beforeAppends)}`),
      );
      expect(response.status).toBe(200);
      expect(response.body).toMatchObject({ eventsApplied: 0, lastEvent: null, sla: null });
    });

    it('refuses an unparseable position or time, both, or neither (400)', async () => {
      for (const query of [
        'position=abc',
        'time=yesterday',
        'time=2026-03-02T10:00:00',
        'position=0000000000000001-0000000000000000&time=2026-03-02T10:00:00Z',
        '',
      ]) {
        const response = await get(withPurpose(`/audit/cases/${bekasiCaseId}/as-of?${query}`));
        expect({ query, status: response.status }).toEqual({ query, status: 400 });
      }
    });
  });

  describe('verification', () => {
    it('holds for an intact case, against the seals', async () => {
      const response = await get(withPurpose(`/audit/cases/${bekasiCaseId}/verification`));
      expect(response.status).toBe(200);
      expect(response.body).toMatchObject({
        ok: true,
        streamsChecked: 5,
        broken: [],
        seals: { used: true },
      });
      // The client's stream goes whole: the province case's event in it is checked too.
      expect(response.body.eventsChecked).toBe(stored.bekasi.length + 1);
    });

    it("checks the whole store for the province; a regency's auditor is refused", async () => {
      expect((await get(withPurpose('/audit/verification'), tokens.auditor)).status).toBe(403);
      const response = await get(withPurpose('/audit/verification'), tokens.province);
      expect(response.status).toBe(200);
      expect(response.body).toMatchObject({ ok: true, broken: [] });
    });

    it("lists the whole store's records for the province only", async () => {
      expect((await get(withPurpose('/audit/access-log'), tokens.auditor)).status).toBe(403);
      const response = await get(withPurpose('/audit/access-log'), tokens.province);
      expect(response.status).toBe(200);
      expect(response.body.records).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ access: 'storeVerification', outcome: 'answered', purpose }),
        ]),
      );
      expect(response.body.records.every((r: { caseId?: string }) => r.caseId === undefined)).toBe(
        true,
      );
    });
  });

  describe('seals that do not verify', () => {
    it('fail the verification and hold back exports', async () => {
      fs.writeFileSync(path.join(workDir, 'other.pem'), generateSealingKeyPair().publicKeyPem);
      const other = await deployment.start({
        env: { EVENT_STORE_SEAL_PUBLIC_KEY: path.join(workDir, 'other.pem') },
        waitForBackground: false,
      });
      try {
        const verification = await other.http
          .get(withPurpose(`/audit/cases/${bekasiCaseId}/verification`))
          .set('Authorization', `Bearer ${tokens.auditor}`);
        expect(verification.body).toMatchObject({
          ok: false,
          broken: [],
          seals: { used: false, error: expect.stringMatching(/signature is not valid/) },
        });
        const exported = await other.http
          .get(withPurpose(`/audit/cases/${bekasiCaseId}/export`))
          .set('Authorization', `Bearer ${tokens.auditor}`);
        expect(exported.status).toBe(503);
      } finally {
        await other.stop();
      }
    });
  });

  describe('issued documents', () => {
    it('lists each issued document; personal fields under keys the vault never had fail the check', async () => {
      const response = await get(withPurpose(`/audit/cases/${bekasiCaseId}/documents`));
      expect(response.status).toBe(200);
      // The paths' personal fields are stand-in ciphertext under key ids no vault ever made:
      // not an erasure, a finding.
      expect(response.body.ok).toBe(false);
      expect(response.body.documents).toEqual([
        expect.objectContaining({
          issuedBy: 'ClientHandedOverToShelter',
          number: 'BAST/3603/2026/001',
          regenerated: 'unreadable',
          problem: expect.stringMatching(/no data key/),
        }),
        expect.objectContaining({ issuedBy: 'ClientReturnedHome', regenerated: 'unreadable' }),
      ]);
    });
  });

  describe('issued documents, encrypted for real', () => {
    const docs = {
      matches: '3603-2026-800001',
      mismatch: '3603-2026-800002',
      erased: '3603-2026-800003',
      factMissing: '3603-2026-800004',
    };
    const bastCheck = (caseId: string) => get(withPurpose(`/audit/cases/${caseId}/documents`));

    beforeAll(async () => {
      const fields = instance.app.get(PersonalFields);
      const directory = documentDirectory(serviceStandards);
      const actor = { id: 'spec', role: 'auditor', officeCode: '3603' };
      // The opening of a Bekasi case up to its BAST, about people of its own, really encrypted.
      const opening = bekasiPath().slice(0, 4);
      for (const [name, caseId] of Object.entries(docs)) {
        const copy = withPeopleOfItsOwn(
          pathFor(opening, { namespace: `docs-${name}`, caseId }),
          ids,
        );
        // The BAST names who received the child at the shelter (the path leaves it out).
        const receiver = crypto.randomUUID();
        if (name !== 'factMissing')
          copy[3] = {
            ...copy[3],
            payload: {
              ...(copy[3].payload as object),
              receivedBy: {
                personId: receiver,
                name: { keyId: `key-${receiver}`, iv: '-', ct: '-', tag: '-' },
                position: 'Pekerja Sosial',
              },
            },
          };
        const events = await encryptedForReal(copy, (subject, value) =>
          fields.encrypt(subject, value),
        );
        const issuing = events[3];
        const bast = (issuing.payload as { bast: Record<string, unknown> }).bast;
        bast.templateCode = 'bast-rumah-singgah';
        const facts = await documentFactsOf(events as never, fields, { actor, purpose: 'audit' });
        bast.sha256 =
          name === 'mismatch' || name === 'factMissing'
            ? 'b'.repeat(64)
            : regenerateIssuedDocument(facts, issuing.eventId, directory).regenerated?.sha256;
        await owners.append(events);
        if (name === 'erased') {
          const clientId = (events[1].payload as { clientId: string }).clientId;
          await instance.app
            .get(PersonalDataVault)
            .eraseSubjectKey(clientId, { actor, reason: 'permintaan penghapusan (spec)' });
        }
      }
    });

    it('matches when the events render the document recorded', async () => {
      const response = await bastCheck(docs.matches);
      expect(response.body).toMatchObject({
        ok: true,
        documents: [
          {
            issuedBy: 'ClientHandedOverToShelter',
            template: 'bast-rumah-singgah v1',
            regenerated: 'matches',
          },
        ],
      });
    });

    it('is a mismatch, and a failed check, when they do not', async () => {
      const response = await bastCheck(docs.mismatch);
      expect(response.body).toMatchObject({
        ok: false,
        documents: [{ regenerated: 'mismatch', sha256: 'b'.repeat(64) }],
      });
    });

    it('is erased, not a failure, once the client’s key is gone', async () => {
      const response = await bastCheck(docs.erased);
      expect(response.body).toMatchObject({ ok: true, documents: [{ regenerated: 'erased' }] });
    });

    it('says which fact is missing when the events cannot render it again', async () => {
      const response = await bastCheck(docs.factMissing);
      expect(response.body).toMatchObject({
        ok: false,
        documents: [
          {
            issuedBy: 'ClientHandedOverToShelter',
            regenerated: 'unreadable',
            problem: expect.stringMatching(/needs receivedBy/),
          },
        ],
      });
    });

    it('shows personal fields decrypted only when asked, erased ones as erased', async () => {
      const registered = async (caseId: string, query = '') => {
        const response = await get(
          withPurpose(`/audit/cases/${caseId}/history?type=ClientRegistered${query}`),
        );
        return response.body.events[0].payload as Record<string, unknown>;
      };
      expect((await registered(docs.matches)).calledName).toMatchObject({ ct: expect.any(String) });
      const decrypted = await registered(docs.matches, '&personalData=decrypted');
      expect(decrypted.calledName).toEqual(expect.stringMatching(/^calledName /));
      expect(decrypted.estimatedAgeYears).toBe(9);
      const erased = await registered(docs.erased, '&personalData=decrypted');
      expect(erased.calledName).toMatchObject({ erased: true });
      const log = await get(withPurpose(`/audit/cases/${docs.matches}/access-log`));
      expect(log.body.records.map((r: { personalData: string }) => r.personalData)).toEqual(
        expect.arrayContaining(['decrypted', 'asStored']),
      );
    });
  });

  describe('export', () => {
    let exported: string;
    let file: string;

    beforeAll(async () => {
      const response = await getText(withPurpose(`/audit/cases/${bekasiCaseId}/export`));
      expect(response.status).toBe(200);
      expect(response.headers['content-type']).toMatch(/application\/x-ndjson/);
      exported = response.body as string;
      file = path.join(workDir, 'export.ndjson');
      fs.writeFileSync(file, exported);
    });

    it('carries the case whole and other cases as hashes only, nothing of them leaking', () => {
      const records = exported
        .trimEnd()
        .split('\n')
        .map((line) => JSON.parse(line));
      expect(records[0]).toMatchObject({ kind: 'header', caseId: bekasiCaseId, purpose });
      expect(records.filter((r) => r.kind === 'event')).toHaveLength(stored.bekasi.length);
      const hashOnly = records.filter((r) => r.kind === 'hashOnly');
      expect(hashOnly).toHaveLength(1);
      expect(Object.keys(hashOnly[0]).sort()).toEqual(
        ['hash', 'kind', 'position', 'prevHash', 'streamId', 'streamRevision'].sort(),
      );
      // Only a seal (signed whole) may name another case's stream; no event of it travels.
      const notSeals = records.filter((r) => r.kind !== 'seal').map((r) => JSON.stringify(r));
      expect(notSeals.join('\n')).not.toContain(bantenCaseId);
      expect(records.filter((r) => r.kind === 'seal').length).toBeGreaterThan(0);
      expect(records.at(-1)).toMatchObject({ kind: 'signature', algorithm: 'Ed25519' });
    });

    it('is accepted by the offline verifier, with the keys given from outside', async () => {
      const key = await instance.http.get('/audit/export-key');
      expect(key.status).toBe(200);
      fs.writeFileSync(path.join(workDir, 'export-key.pem'), key.body.publicKey);
      const { stdout } = await run(process.execPath, [
        verifier,
        file,
        '--export-key',
        path.join(workDir, 'export-key.pem'),
        '--seal-key',
        path.join(workDir, 'sealer.pem'),
      ]);
      expect(stdout).toContain('OK: chains, seals and signature hold');
      expect(stdout).toContain(`case ${bekasiCaseId}`);
    });

    it('is rejected by the verifier once changed, even re-signed by someone else', async () => {
      const changed = exported.replace('"type\\":\\"CaseOpened', '"type\\":\\"CaseOpenex');
      expect(changed).not.toBe(exported);
      const findings = (await verifierFindings('changed.ndjson', changed)).join('\n');
      expect(findings).toMatch(/signature is not valid/);
      expect(findings).toMatch(/hash is not SHA-256/);
    });

    it('is recorded with its id and SHA-256', async () => {
      const log = await get(withPurpose(`/audit/cases/${bekasiCaseId}/access-log`));
      const record = log.body.records.find((r: { access: string }) => r.access === 'caseExport');
      const header = JSON.parse(exported.split('\n')[0]);
      expect(record.export).toMatchObject({ exportId: header.exportId });
      expect(record.export.sha256).toMatch(/^[0-9a-f]{64}$/);
    });
  });

  describe('tampering, as a superuser would', () => {
    let admin: Client;
    const streamOf = (caseId: string) => `intakeCase-${caseId}`;

    beforeAll(async () => {
      admin = new Client({ connectionString: deployment.database.adminUrl });
      await admin.connect();
      // A superuser skips the store's triggers in replica mode.
      await admin.query('set session_replication_role = replica');
      // One byte of one event.
      await admin.query(
        `update event_store.events set document = regexp_replace(document, '2026-03-02T', '2026-03-03T')
          where stream_id = $1 and stream_revision = 1`,
        [streamOf(tamper.byte)],
      );
      // A whole chain rewritten end to end: self-consistent, only the seal can tell.
      const { rows } = await admin.query<{
        stream_revision: string;
        document: string;
        prev_hash: string;
      }>(
        `select stream_revision::text, document, encode(prev_hash, 'hex') as prev_hash
           from event_store.events where stream_id = $1 order by stream_revision`,
        [streamOf(tamper.rewritten)],
      );
      let previous = rows[0].prev_hash;
      for (const row of rows) {
        const document = row.document.replace('2026-03-02T', '2026-03-03T');
        const hash = chainHash(previous, document);
        await admin.query(
          `update event_store.events set document = $1, prev_hash = decode($2, 'hex'), hash = decode($3, 'hex')
            where stream_id = $4 and stream_revision = $5`,
          [document, previous, hash, streamOf(tamper.rewritten), Number(row.stream_revision)],
        );
        previous = hash;
      }
      // A case's whole tracing stream deleted.
      await admin.query('delete from event_store.events where stream_id = $1', [
        `tracing-${tamper.gone}`,
      ]);
      // A tail cut off.
      await admin.query(
        `delete from event_store.events where stream_id = $1
          and stream_revision = (select max(stream_revision) from event_store.events where stream_id = $1)`,
        [streamOf(tamper.cut)],
      );
    });

    afterAll(() => admin?.end());

    it('names the event where one changed byte breaks the chain', async () => {
      const response = await get(withPurpose(`/audit/cases/${tamper.byte}/verification`));
      expect(response.body.ok).toBe(false);
      const changed = (await owners.storeOf('dinsos_intake').readStream(streamOf(tamper.byte)))[1];
      expect(response.body.broken).toEqual([
        expect.objectContaining({
          streamId: streamOf(tamper.byte),
          streamRevision: 1,
          eventId: changed.eventId,
          type: 'RequirementsChecked',
          reason: 'hash-mismatch',
        }),
      ]);
    });

    it('catches a chain rewritten end to end by its seal', async () => {
      const response = await get(withPurpose(`/audit/cases/${tamper.rewritten}/verification`));
      expect(response.body.ok).toBe(false);
      expect(response.body.broken).toEqual([
        expect.objectContaining({
          streamId: streamOf(tamper.rewritten),
          reason: 'sealed-hash-mismatch',
          type: 'CaseOpened',
        }),
      ]);
    });

    it('catches a tail cut off by its seal', async () => {
      const response = await get(withPurpose(`/audit/cases/${tamper.cut}/verification`));
      expect(response.body.ok).toBe(false);
      expect(response.body.broken).toEqual([
        expect.objectContaining({ streamId: streamOf(tamper.cut), reason: 'sealed-event-missing' }),
      ]);
    });

    it('catches a case stream deleted whole by its seal', async () => {
      const response = await get(withPurpose(`/audit/cases/${tamper.gone}/verification`));
      expect(response.body.ok).toBe(false);
      expect(response.body.broken).toEqual([
        expect.objectContaining({
          streamId: `tracing-${tamper.gone}`,
          streamRevision: null,
          reason: 'sealed-stream-missing',
        }),
      ]);
    });

    it('reports exactly the four broken streams in the whole store', async () => {
      const response = await get(withPurpose('/audit/verification'), tokens.province);
      expect(response.body.ok).toBe(false);
      expect(response.body.broken.map((b: { streamId: string }) => b.streamId).sort()).toEqual(
        [tamper.byte, tamper.rewritten, tamper.cut]
          .map(streamOf)
          .concat(`tracing-${tamper.gone}`)
          .sort(),
      );
    });

    it('makes an export lacking a sealed case stream fail offline', async () => {
      const response = await getText(withPurpose(`/audit/cases/${tamper.gone}/export`));
      expect(await verifierFindings('gone.ndjson', response.body as string)).toEqual([
        `tracing-${tamper.gone}: sealed, but not in the export: the stream was deleted or left out`,
      ]);
    });

    it('makes an export of a tampered case fail offline', async () => {
      const response = await getText(withPurpose(`/audit/cases/${tamper.rewritten}/export`));
      expect(
        (await verifierFindings('rewritten.ndjson', response.body as string)).join('\n'),
      ).toMatch(/rewritten/);
    });
  });
});
