import { generateDevKeyPair, signDevToken } from '@dinsos/auth';
import { randomUUID } from 'node:crypto';
import { startIntakeInstance } from './testing/intake-harness';
import { bekasiReport, intakeScenario, problemJson } from './testing/intake-scenario';

/** Errors, against real PostgreSQL and Kafka: a clear problem+json answer, and nothing changed. */
describe('intake service (real PostgreSQL and Kafka)', () => {
  const { deployment, intake, reader, as, command, read, uploadNew } = intakeScenario();

  describe('errors: a clear problem+json answer, and nothing changed', () => {
    let caseId: string;
    let eventsBefore: number;

    beforeAll(async () => {
      const received = await command('tangerang', '/cases', bekasiReport({ client: undefined }));
      caseId = received.body.caseId;
    });
    beforeEach(async () => {
      eventsBefore = (await reader.store.readAll({ maxCount: 10_000 })).length;
    });
    afterEach(async () => {
      expect((await reader.store.readAll({ maxCount: 10_000 })).length).toBe(eventsBefore);
    });

    it('400: every field problem at once; malformed JSON; no Idempotency-Key; a bad case id', async () => {
      const invalid = await command('tangerang', '/cases', {
        clientCategory: 'alien',
        source: { kind: 'rumour' },
        client: { nik: '12345', sex: 'male' },
        colour: 'red',
      });
      expect(invalid.status).toBe(400);
      expect(invalid.headers['content-type']).toMatch(problemJson);
      const paths = invalid.body.errors.map((error: { path: string }) => error.path);
      expect(paths).toEqual(
        expect.arrayContaining(['clientCategory', 'source.kind', 'client.nik', '']),
      );
      const malformed = await intake.http
        .post('/cases')
        .set('Authorization', as('tangerang'))
        .set('Idempotency-Key', randomUUID())
        .set('Content-Type', 'application/json')
        .send('{"clientCategory": ');
      expect(malformed.body.type).toBe('urn:dinsos:problem:malformed-json');
      const keyless = await intake.http
        .post('/cases')
        .set('Authorization', as('tangerang'))
        .send(bekasiReport());
      expect(keyless.status).toBe(400);
      expect(keyless.body.errors).toEqual([
        { in: 'header', path: 'Idempotency-Key', message: expect.stringContaining('required') },
      ]);
      const badId = await read('tangerang', '/cases/not%20a%20case');
      expect(badId.status).toBe(400);
      expect(badId.body.type).toBe('urn:dinsos:problem:invalid-identifier');
    });

    it('401 without a token or with an untrusted one', async () => {
      const none = await intake.http.get(`/cases/${caseId}`);
      expect(none.status).toBe(401);
      expect(none.headers['www-authenticate']).toBe('Bearer');
      const stranger = await signDevToken((await generateDevKeyPair()).privateKeyPem, {
        role: 'intake-officer',
        officeCode: '3603',
      });
      const untrusted = await intake.http
        .get(`/cases/${caseId}`)
        .set('Authorization', `Bearer ${stranger}`);
      expect(untrusted.status).toBe(401);
    });

    it('403 for a role that may never do it, and for another office', async () => {
      expect((await read('analyst', `/cases/${caseId}`)).status).toBe(403);
      const auditorCommand = await command('tangerangAuditor', '/cases', bekasiReport());
      expect(auditorCommand.status).toBe(403);
      expect((await read('tangerangAuditor', `/cases/${caseId}`)).body.access).toBe('read');
      const forAnotherOffice = await command(
        'tangerang',
        '/cases',
        bekasiReport({ officeCode: '3601' }),
      );
      expect(forAnotherOffice.status).toBe(403);
    });

    it('404 for an unknown case, the same as for a case of another office', async () => {
      const unknown = await read('tangerang', '/cases/3603-2026-999999');
      const foreign = await read('pandeglang', `/cases/${caseId}`);
      expect([unknown.status, foreign.status]).toEqual([404, 404]);
      expect(foreign.body.type).toBe(unknown.body.type);
    });

    it('409 when If-Match names an older revision', async () => {
      const stale = await command('tangerang', `/cases/${caseId}/requirements-checks`, {
        requirements: [
          { code: 'covering-letter', status: 'met' },
          { code: 'identity-document', status: 'met' },
        ],
      }).set('If-Match', '"7"');
      expect(stale.status).toBe(409);
      expect(stale.body).toMatchObject({
        type: 'urn:dinsos:problem:revision-conflict',
        currentRevision: 0,
      });
      expect(stale.headers.etag).toBe('"0"');
    });

    it('413 for a body over the JSON limit and an upload over its own limit; 415 for JSON as a file', async () => {
      const tooLarge = await command(
        'tangerang',
        '/cases',
        bekasiReport({ circumstances: 'x'.repeat(190_000) }),
      );
      expect(tooLarge.status).toBe(413);
      expect(tooLarge.body.type).toBe('urn:dinsos:problem:body-too-large');
      const bigUpload = await uploadNew('tangerang', Buffer.alloc(300_001, 1));
      expect(bigUpload.status).toBe(413);
      expect(bigUpload.body.type).toBe('urn:dinsos:problem:upload-too-large');
      const json = await intake.http
        .post('/uploads')
        .set('Authorization', as('tangerang'))
        .send({ not: 'a file' });
      expect(json.status).toBe(415);
    });

    it('422 for a broken rule, named for the officer', async () => {
      const response = await command('tangerang', `/cases/${caseId}/transfers`, {
        toOfficeCode: '36',
        reason: 'Belum dibuka',
      });
      expect(response.status).toBe(422);
      expect(response.body).toMatchObject({
        type: 'urn:dinsos:problem:domain-rule',
        rule: 'case-not-open',
        detail: 'The case is not open yet: finish its intake steps before it can be transferred.',
        instance: `/cases/${caseId}/transfers`,
      });
    });

    it('429 past the rate limit (an instance with a limit of 2 a minute)', async () => {
      const limited = await startIntakeInstance(deployment, {
        platform: { caseAccess: 'ownStreams' },
        env: { RATE_LIMIT_PER_MINUTE: '2' },
      });
      try {
        const statuses = [];
        for (let i = 0; i < 3; i++) {
          statuses.push(
            (await limited.http.get(`/cases/${caseId}`).set('Authorization', as('tangerang')))
              .status,
          );
        }
        expect(statuses).toEqual([200, 200, 429]);
        expect((await limited.http.get('/health')).status).toBe(200);
      } finally {
        await limited.app.close();
      }
    });
  });
});
