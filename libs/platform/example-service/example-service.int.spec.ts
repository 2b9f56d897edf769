import type { EventForWire, ReceivedEvent } from '@dinsos/contracts';
import { createHash } from 'node:crypto';
import type request from 'supertest';
import { commandEventId, jsonBodyLimitBytes, reactionEventId } from '../src';
import { eventually } from '../src/testing';
import {
  createExampleDeployment,
  openCase,
  transferCase,
  type ExampleDeployment,
} from './testing/example-harness';

const problemJson = /^application\/problem\+json/;

describe('the example service on the platform (real PostgreSQL and Kafka)', () => {
  let harness: ExampleDeployment;
  let http: ReturnType<typeof request>;
  const prepared: ReceivedEvent[] = [];
  const opened: Record<string, EventForWire> = {};
  const run = Date.now().toString(36);
  const caseA = `3603-${run}-a`;
  const caseB = `3601-${run}-b`;
  const caseC = `3603-${run}-c`;
  const caseD = `3603-${run}-d`;
  const caseE = `3603-${run}-e`;
  let worker3603: string;
  let worker3601: string;

  function visitsOf(caseId: string, token: string) {
    return http.get(`/cases/${caseId}/visits`).set('Authorization', `Bearer ${token}`);
  }

  beforeAll(async () => {
    harness = await createExampleDeployment({ onPrepare: (event) => prepared.push(event) });
    http = (await harness.start()).http;
    worker3603 = await harness.tokenFor('social-worker', '3603', 'siti');
    worker3601 = await harness.tokenFor('social-worker', '3601', 'budi');
    for (const [caseId, office] of [
      [caseA, '3603'],
      [caseB, '3601'],
      [caseC, '3603'],
      [caseD, '3603'],
      [caseE, '3603'],
    ]) {
      opened[caseId] = await openCase(harness, caseId, office);
    }
    // The ownership consumer and the reaction both work from intake's topic.
    for (const [caseId, token] of [
      [caseA, worker3603],
      [caseB, worker3601],
      [caseC, worker3603],
      [caseD, worker3603],
      [caseE, worker3603],
    ]) {
      await eventually(async () => {
        const response = await visitsOf(caseId, token);
        return response.status === 200 && response.body.visits['first-contact']
          ? response
          : undefined;
      }, `case ${caseId} to be owned and its first contact planned`);
    }
  });

  afterAll(async () => {
    await harness?.stop();
  });

  describe('reactions', () => {
    it('plans the first contact from CaseOpened, with ids derived from (causation event, handler)', async () => {
      const [first] = await harness.reader.store.readStream(`visit-${caseA}`);
      expect(first).toMatchObject({
        eventId: reactionEventId('example', opened[caseA].eventId, 'schedule-first-contact', 0),
        type: 'VisitScheduled',
        caseId: caseA,
        officeCode: '3603',
        causationId: opened[caseA].eventId,
        correlationId: opened[caseA].correlationId,
        actor: { id: 'service:example', role: 'service', officeCode: '3603' },
        payload: { visitId: 'first-contact', plannedOn: '2026-11-23', purpose: 'firstContact' },
      });
      // The slow part ran in prepare(), once per case, with the decoded CloudEvent.
      expect(prepared.filter((event) => event.caseId === caseA)).toHaveLength(1);
      // Its log lines carry the causing event's correlation id and the service actor.
      expect(
        harness.logs.lines.find(
          (line) => line.msg === 'reaction appended' && line.streamId === `visit-${caseA}`,
        ),
      ).toMatchObject({
        correlationId: opened[caseA].correlationId,
        causationId: opened[caseA].eventId,
        actor: { id: 'service:example', role: 'service', officeCode: '3603' },
        reaction: 'schedule-first-contact',
      });
    });
  });

  describe('office scope', () => {
    it('answers another office 404, exactly like a case that does not exist, and logs the attempt', async () => {
      const foreign = await visitsOf(caseA, worker3601);
      const unknown = await visitsOf(`3601-${run}-nothing`, worker3601);
      expect(foreign.status).toBe(404);
      expect(unknown.status).toBe(404);
      expect(foreign.headers['content-type']).toMatch(problemJson);
      // The same words for both, saying a just-opened case may not have arrived yet.
      expect(foreign.body.detail).toBe(
        `No case ${caseA} was found. This service learns of a case from intake's CaseOpened on Kafka: a case opened moments ago may not have arrived yet, so try again shortly.`,
      );
      expect({ ...foreign.body, detail: 'x', instance: 'x', correlationId: 'x' }).toEqual({
        ...unknown.body,
        detail: 'x',
        instance: 'x',
        correlationId: 'x',
      });
      const refusal = harness.logs.lines.find(
        (line) =>
          line.msg === 'case access refused' &&
          line.correlationId === foreign.headers['x-correlation-id'],
      );
      expect(refusal).toMatchObject({
        level: 'warn',
        refusal: 'outside the office scope of the actor',
        owningOfficeCode: '3603',
        actor: { id: 'budi', role: 'social-worker', officeCode: '3601' },
        correlationId: foreign.headers['x-correlation-id'],
      });
    });

    it('lets the province see its regencies, auditors only read, and analysts not at all', async () => {
      expect((await visitsOf(caseA, await harness.tokenFor('supervisor', '36'))).status).toBe(200);
      const auditor = await harness.tokenFor('auditor', '36');
      expect((await visitsOf(caseA, auditor)).status).toBe(200);
      const auditorCommand = await http
        .post(`/cases/${caseA}/visits/first-contact/cancel`)
        .set('Authorization', `Bearer ${auditor}`)
        .set('Idempotency-Key', 'auditor-key-0001')
        .send({ reason: 'audit' });
      expect(auditorCommand.status).toBe(403);
      expect((await visitsOf(caseA, await harness.tokenFor('analyst', '36'))).status).toBe(403);
    });

    it('after CaseTransferred the receiving office acts and the sending office only reads', async () => {
      await transferCase(harness, caseD, '3603', '36');
      const province = await harness.tokenFor('social-worker', '36');
      const schedule = (token: string, key: string) =>
        http
          .post(`/cases/${caseD}/visits`)
          .set('Authorization', `Bearer ${token}`)
          .set('Idempotency-Key', key)
          .send({
            visitId: 'd1',
            plannedOn: '2026-12-10',
            purpose: 'assessment',
            clientId: 'client-d',
          });
      // Until the transfer arrives this is refused by a rule (422, nothing stored); then by scope.
      const cancelUnknownVisit = () =>
        http
          .post(`/cases/${caseD}/visits/none/cancel`)
          .set('Authorization', `Bearer ${worker3603}`)
          .set('Idempotency-Key', 'transfer-probe-key')
          .send({ reason: 'probe' });
      const refused = await eventually(async () => {
        const response = await cancelUnknownVisit();
        return response.status === 403 ? response : undefined;
      }, 'the transfer to reach the ownership table');
      expect((await schedule(worker3603, 'transfer-key-sender')).status).toBe(403);
      expect(refused.body.detail).toBe('Your office may read this case but not change it.');
      expect((await visitsOf(caseD, worker3603)).status).toBe(200);
      expect((await schedule(province, 'transfer-key-province-1')).status).toBe(201);
    });
  });

  describe('commands', () => {
    const scheduleV1 = {
      visitId: 'v1',
      plannedOn: '2026-12-01',
      purpose: 'assessment',
      clientId: 'client-a',
    };

    it('answers revision, position and ETag; the same key and body returns the same result without running twice', async () => {
      const send = (body: object) =>
        http
          .post(`/cases/${caseA}/visits`)
          .set('Authorization', `Bearer ${worker3603}`)
          .set('Idempotency-Key', 'key-v1-000001')
          .send(body);
      const first = await send(scheduleV1);
      expect(first.status).toBe(201);
      const eventId = commandEventId(
        { service: 'example', officeCode: '3603', actorId: 'siti', key: 'key-v1-000001' },
        0,
      );
      expect(first.body).toEqual({
        streamId: `visit-${caseA}`,
        revision: 1,
        position: expect.stringMatching(/^[0-9a-f]{16}-[0-9a-f]{16}$/),
        eventIds: [eventId],
      });
      expect(first.headers.etag).toBe('"1"');
      expect(first.headers.location).toBe(`/cases/${caseA}/visits/v1`);
      expect(first.headers['idempotent-replayed']).toBeUndefined();

      const again = await send({ ...scheduleV1 });
      expect(again.status).toBe(201);
      expect(again.body).toEqual(first.body);
      expect(again.headers['idempotent-replayed']).toBe('true');
      expect(again.headers.location).toBe(first.headers.location);
      expect(await harness.reader.store.readStream(`visit-${caseA}`)).toHaveLength(2);

      const otherBody = await send({ ...scheduleV1, plannedOn: '2026-12-02' });
      expect(otherBody.status).toBe(422);
      expect(otherBody.body.type).toBe('urn:dinsos:problem:idempotency-key-reused');
      expect(await harness.reader.store.readStream(`visit-${caseA}`)).toHaveLength(2);
    });

    it("scopes keys by office and actor: another office's identical key is another command", async () => {
      const response = await http
        .post(`/cases/${caseB}/visits`)
        .set('Authorization', `Bearer ${worker3601}`)
        .set('Idempotency-Key', 'key-v1-000001')
        .send({ ...scheduleV1, clientId: 'client-b' });
      expect(response.status).toBe(201);
      expect(response.body.streamId).toBe(`visit-${caseB}`);
      expect(response.body.eventIds[0]).toBe(
        commandEventId(
          { service: 'example', officeCode: '3601', actorId: 'budi', key: 'key-v1-000001' },
          0,
        ),
      );
    });

    it('runs two concurrent requests with the same key once', async () => {
      const send = () =>
        http
          .post(`/cases/${caseA}/visits`)
          .set('Authorization', `Bearer ${worker3603}`)
          .set('Idempotency-Key', 'key-v2-concurrent')
          .send({
            visitId: 'v2',
            plannedOn: '2026-12-03',
            purpose: 'followUp',
            clientId: 'client-a',
          });
      const [one, two] = await Promise.all([send(), send()]);
      expect([one.status, two.status]).toEqual([201, 201]);
      expect(one.body).toEqual(two.body);
      expect(
        [one.headers['idempotent-replayed'], two.headers['idempotent-replayed']].filter(Boolean),
      ).toEqual(['true']);
      const events = await harness.reader.store.readStream(`visit-${caseA}`);
      expect(events.filter((event) => event.payload.visitId === 'v2')).toHaveLength(1);
    });

    it('retries a conflict nobody asked about: concurrent commands on one stream both land', async () => {
      const send = (visitId: string) =>
        http
          .post(`/cases/${caseE}/visits`)
          .set('Authorization', `Bearer ${worker3603}`)
          .set('Idempotency-Key', `key-${visitId}-concurrent`)
          .send({ visitId, plannedOn: '2026-12-05', purpose: 'followUp', clientId: 'client-e' });
      const responses = await Promise.all([send('e1'), send('e2')]);
      expect(responses.map((r) => r.status)).toEqual([201, 201]);
      expect(responses.map((r) => r.body.revision).sort()).toEqual([1, 2]);
    });

    it('checks If-Match: 409 with the current revision when stale, accepted when current', async () => {
      const stale = await http
        .post(`/cases/${caseA}/visits/v1/outcome`)
        .set('Authorization', `Bearer ${worker3603}`)
        .set('Idempotency-Key', 'key-outcome-stale')
        .set('If-Match', '"1"')
        .send({ outcome: 'met' });
      expect(stale.status).toBe(409);
      expect(stale.headers['content-type']).toMatch(problemJson);
      expect(stale.body).toMatchObject({
        type: 'urn:dinsos:problem:revision-conflict',
        currentRevision: 2,
      });
      expect(stale.headers.etag).toBe('"2"');

      const current = await http
        .post(`/cases/${caseA}/visits/v1/outcome`)
        .set('Authorization', `Bearer ${worker3603}`)
        .set('Idempotency-Key', 'key-outcome-current')
        .set('If-Match', stale.headers.etag)
        .send({ outcome: 'met' });
      expect(current.status).toBe(200);
      expect(current.body.revision).toBe(3);
      expect(current.headers.etag).toBe('"3"');

      const malformed = await http
        .post(`/cases/${caseA}/visits/v1/outcome`)
        .set('Authorization', `Bearer ${worker3603}`)
        .set('Idempotency-Key', 'key-outcome-malformed')
        .set('If-Match', 'W/"3"')
        .send({ outcome: 'met' });
      expect(malformed.status).toBe(400);
      expect(malformed.body.errors).toEqual([
        { in: 'header', path: 'If-Match', message: expect.any(String) },
      ]);
    });

    it('answers 422 naming the broken rule in words an officer understands, and stores nothing', async () => {
      const cancel = await http
        .post(`/cases/${caseA}/visits/v2/cancel`)
        .set('Authorization', `Bearer ${worker3603}`)
        .set('Idempotency-Key', 'key-cancel-v2')
        .send({ reason: 'Keluarga pindah' });
      expect(cancel.status).toBe(200);
      const before = (await harness.reader.store.readStream(`visit-${caseA}`)).length;
      const outcome = await http
        .post(`/cases/${caseA}/visits/v2/outcome`)
        .set('Authorization', `Bearer ${worker3603}`)
        .set('Idempotency-Key', 'key-outcome-v2')
        .send({ outcome: 'met' });
      expect(outcome.status).toBe(422);
      expect(outcome.headers['content-type']).toMatch(problemJson);
      expect(outcome.body).toMatchObject({
        type: 'urn:dinsos:problem:domain-rule',
        rule: 'visit-cancelled',
        detail: 'This visit was cancelled, so nothing more can be recorded for it.',
        instance: `/cases/${caseA}/visits/v2/outcome`,
      });
      expect(await harness.reader.store.readStream(`visit-${caseA}`)).toHaveLength(before);
    });
  });

  describe('bad input', () => {
    it('400 with every field problem', async () => {
      const response = await http
        .post(`/cases/${caseA}/visits`)
        .set('Authorization', `Bearer ${worker3603}`)
        .set('Idempotency-Key', 'key-invalid-0001')
        .send({
          visitId: 'V 1',
          plannedOn: 'tomorrow',
          purpose: 'assessment',
          clientId: 'c',
          colour: 'red',
        });
      expect(response.status).toBe(400);
      expect(response.headers['content-type']).toMatch(problemJson);
      expect(response.body.errors).toEqual(
        expect.arrayContaining([
          { in: 'body', path: 'visitId', message: 'use lower-case letters, digits and hyphens' },
          { in: 'body', path: 'plannedOn', message: expect.any(String) },
          { in: 'body', path: '', message: expect.stringContaining('colour') },
        ]),
      );
    });

    it('400 for malformed JSON and for a command without Idempotency-Key', async () => {
      const malformed = await http
        .post(`/cases/${caseA}/visits`)
        .set('Authorization', `Bearer ${worker3603}`)
        .set('Idempotency-Key', 'key-malformed-01')
        .set('Content-Type', 'application/json')
        .send('{"visitId": "v9",');
      expect(malformed.status).toBe(400);
      expect(malformed.body.type).toBe('urn:dinsos:problem:malformed-json');
      expect(malformed.body.correlationId).toBe(malformed.headers['x-correlation-id']);
      const keyless = await http
        .post(`/cases/${caseA}/visits`)
        .set('Authorization', `Bearer ${worker3603}`)
        .send({ visitId: 'v9', plannedOn: '2026-12-01', purpose: 'assessment', clientId: 'c' });
      expect(keyless.status).toBe(400);
      expect(keyless.body.errors).toEqual([
        { in: 'header', path: 'Idempotency-Key', message: expect.stringContaining('required') },
      ]);
    });

    it('401 without a token or with one the service does not trust', async () => {
      const missing = await http.get(`/cases/${caseA}/visits`);
      expect(missing.status).toBe(401);
      expect(missing.headers['www-authenticate']).toBe('Bearer');
      expect(missing.headers['content-type']).toMatch(problemJson);
      const foreign = await visitsOf(caseA, await harness.foreignToken('social-worker', '3603'));
      expect(foreign.status).toBe(401);
      expect(foreign.body.detail).toBe('Sign in again: the token signature is not valid.');
    });
  });

  describe('limits', () => {
    it('accepts a body exactly at the JSON limit, and its event (notes encrypted) still fits the store', async () => {
      const limit = jsonBodyLimitBytes(262_144);
      const body = {
        visitId: 'big',
        plannedOn: '2026-12-01',
        purpose: 'assessment',
        clientId: 'client-c',
        notes: '',
      };
      // Spaces pad it: base64 has none, so plain text left in the stored event would show.
      body.notes =
        'Catatan kunjungan: ' + ' '.repeat(limit - Buffer.byteLength(JSON.stringify(body)) - 19);
      const text = JSON.stringify(body);
      expect(Buffer.byteLength(text)).toBe(limit);
      const accepted = await http
        .post(`/cases/${caseC}/visits`)
        .set('Authorization', `Bearer ${worker3603}`)
        .set('Idempotency-Key', 'key-big-at-limit')
        .set('Content-Type', 'application/json')
        .send(text);
      expect(accepted.status).toBe(201);
      const [stored] = (await harness.reader.store.readStream(`visit-${caseC}`)).filter(
        (event) => event.payload.visitId === 'big',
      );
      const notes = stored.payload.notes as { ct: string };
      expect(Buffer.from(notes.ct, 'base64').length).toBe(
        Buffer.byteLength(JSON.stringify(body.notes)),
      );
      expect(JSON.stringify(stored.payload)).not.toContain('Catatan kunjungan');

      const over = await http
        .post(`/cases/${caseC}/visits`)
        .set('Authorization', `Bearer ${worker3603}`)
        .set('Idempotency-Key', 'key-big-over-limit')
        .set('Content-Type', 'application/json')
        .send(text.replace('"big"', '"big2"'));
      expect(Buffer.byteLength(text.replace('"big"', '"big2"'))).toBe(limit + 1);
      expect(over.status).toBe(413);
      expect(over.body).toMatchObject({
        type: 'urn:dinsos:problem:body-too-large',
        limitBytes: limit,
      });
    });

    it('streams uploads through their own endpoint and limit, larger than the JSON limit', async () => {
      const file = Buffer.alloc(250_000, 7);
      const accepted = await http
        .post(`/cases/${caseC}/attachments`)
        .set('Authorization', `Bearer ${worker3603}`)
        .set('Content-Type', 'application/octet-stream')
        .send(file);
      expect(accepted.status).toBe(201);
      expect(accepted.body).toEqual({
        bytes: 250_000,
        sha256: createHash('sha256').update(file).digest('hex'),
        mediaType: 'application/octet-stream',
      });
      const tooLarge = await http
        .post(`/cases/${caseC}/attachments`)
        .set('Authorization', `Bearer ${worker3603}`)
        .set('Content-Type', 'application/octet-stream')
        .send(Buffer.alloc(300_001, 7));
      expect(tooLarge.status).toBe(413);
      expect(tooLarge.body).toMatchObject({
        type: 'urn:dinsos:problem:upload-too-large',
        limitBytes: 300_000,
      });
    });
  });

  describe('logs', () => {
    it('carry correlationId and actor on every line of a request, and never personal data or tokens', async () => {
      const secret = 'Anak bernama Rahmat, NIK 3603123456780001, tinggal di Jl. Kenanga 5';
      const response = await http
        .post(`/cases/${caseC}/visits`)
        .set('Authorization', `Bearer ${worker3603}`)
        .set('Idempotency-Key', 'key-log-test-0001')
        .set('X-Correlation-Id', 'corr-log-test-1')
        .send({
          visitId: 'e3',
          plannedOn: '2026-12-07',
          purpose: 'followUp',
          clientId: 'client-c',
          notes: secret,
        });
      expect(response.status).toBe(201);
      expect(response.headers['x-correlation-id']).toBe('corr-log-test-1');
      await eventually(
        async () =>
          harness.logs.lines.some(
            (l) => l.correlationId === 'corr-log-test-1' && l.msg === 'request completed',
          )
            ? true
            : undefined,
        'the request log line',
      );
      const lines = harness.logs.lines.filter((line) => line.correlationId === 'corr-log-test-1');
      expect(lines.map((line) => line.msg)).toEqual(
        expect.arrayContaining(['scheduling a visit', 'request completed']),
      );
      for (const line of lines) {
        expect(line).toMatchObject({
          service: 'example',
          actor: { id: 'siti', role: 'social-worker', officeCode: '3603' },
        });
      }
      const handlerLine = lines.find((line) => line.msg === 'scheduling a visit');
      expect(handlerLine?.command).toMatchObject({ visitId: 'e3', notes: '[REDACTED]' });
      const everything = harness.logs.raw.join('\n');
      expect(everything).not.toContain('Rahmat');
      expect(everything).not.toContain('3603123456780001');
      expect(everything).not.toContain(worker3603);
      expect(everything).not.toContain(worker3603.split('.')[2]);
    });
  });

  describe('operations endpoints', () => {
    it('/health is ready with PostgreSQL; /health/live answers without dependencies', async () => {
      const ready = await http.get('/health');
      expect(ready.status).toBe(200);
      expect(ready.body).toMatchObject({ status: 'ok', info: { postgres: { status: 'up' } } });
      expect((await http.get('/health/live')).body).toEqual({ status: 'ok' });
    });

    it('/metrics has HTTP latency by route, appended events, consumer lag and dead letters', async () => {
      const response = await http.get('/metrics');
      expect(response.status).toBe(200);
      const text = response.text;
      const latency = text
        .split('\n')
        .find(
          (line) =>
            line.startsWith('http_request_duration_seconds_count{') &&
            line.includes('method="POST"') &&
            line.includes('route="/cases/:caseId/visits"') &&
            line.includes('status="201"'),
        );
      expect(latency).toMatch(/ [1-9]\d*$/);
      expect(text).toMatch(
        /dinsos_events_appended_total\{category="visit",source="command",service="example"\} \d+/,
      );
      expect(text).toMatch(
        /dinsos_events_appended_total\{category="visit",source="reaction",service="example"\} [1-9]/,
      );
      expect(text).toMatch(
        new RegExp(
          `dinsos_consumer_lag_messages\\{group="${harness.topicPrefix}example.ownership",topic="${harness.topicPrefix}dinsos.intake.events.v1",partition="\\d+",service="example"\\} \\d+`,
        ),
      );
      expect(text).toMatch(
        new RegExp(
          `dinsos_dead_letters_total\\{group="${harness.topicPrefix}example.follows",service="example"\\} 0`,
        ),
      );
    });

    it('/docs serves OpenAPI built from the routes and their zod schemas', async () => {
      const document = (await http.get('/docs/openapi.json')).body;
      const schedule = document.paths['/cases/{caseId}/visits'].post;
      expect(schedule.parameters).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ name: 'Idempotency-Key', in: 'header', required: true }),
        ]),
      );
      expect(schedule.requestBody.content['application/json'].schema).toMatchObject({
        type: 'object',
        required: expect.arrayContaining(['visitId', 'plannedOn', 'purpose', 'clientId']),
        properties: { plannedOn: { type: 'string', format: 'date' } },
      });
      expect(document.components.securitySchemes.bearer).toMatchObject({
        type: 'http',
        scheme: 'bearer',
      });
      expect(document.paths['/health']).toBeUndefined();
      const ui = await http.get('/docs');
      expect(ui.status).toBe(200);
      expect(ui.headers['content-type']).toMatch(/text\/html/);
    });

    it('allows the console origin by CORS and exposes ETag and Location to it', async () => {
      const preflight = await http
        .options(`/cases/${caseA}/visits`)
        .set('Origin', 'https://console.dinsos.test')
        .set('Access-Control-Request-Method', 'POST')
        .set(
          'Access-Control-Request-Headers',
          'authorization,content-type,idempotency-key,if-match',
        );
      expect(preflight.status).toBe(204);
      expect(preflight.headers['access-control-allow-origin']).toBe('https://console.dinsos.test');
      expect(preflight.headers['access-control-allow-headers']).toMatch(/Idempotency-Key/);
      const actual = await visitsOf(caseA, worker3603).set('Origin', 'https://console.dinsos.test');
      expect(actual.headers['access-control-expose-headers']).toEqual(
        expect.stringContaining('ETag'),
      );
      expect(actual.headers['access-control-expose-headers']).toEqual(
        expect.stringContaining('Location'),
      );
      const elsewhere = await visitsOf(caseA, worker3603).set('Origin', 'https://evil.example');
      expect(elsewhere.headers['access-control-allow-origin']).toBeUndefined();
    });
  });
});
