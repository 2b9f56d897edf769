import { randomBytes } from 'node:crypto';
import { eventually } from '@dinsos/platform/testing';
import type request from 'supertest';
import {
  complaintBody,
  createComplaintsDeployment,
  officer,
  type ComplaintsDeployment,
  type Officer,
} from '../testing/complaints-harness';

const complainant = {
  name: 'Ratna Kusumawardani',
  nik: '3603120101800007',
  phone: '081377712345',
  email: 'ratna.kusuma@example.id',
};
const contestedCase = '3603-2026-000042';

/** The public status check: number and secret, no login, rate-limited per client address. */
describe('POST /public/complaint-status', () => {
  let deployment: ComplaintsDeployment;
  let first: ReturnType<typeof request>;
  let second: ReturnType<typeof request>;
  let handler: Officer;
  let complaint: { complaintId: string; complaintNumber: string; secret: string };

  const check = (
    http: ReturnType<typeof request>,
    address: string,
    body: { complaintNumber: string; secret: string },
  ) =>
    http
      .post('/public/complaint-status')
      .set('X-Forwarded-For', address)
      .send({ complaintNumber: body.complaintNumber, secret: body.secret });

  beforeAll(async () => {
    deployment = await createComplaintsDeployment();
    // Two instances behind one proxy: the limit is theirs together.
    const env = { TRUST_PROXY: 'loopback', STATUS_CHECK_LIMIT: '50' };
    first = (await deployment.start({ env })).http;
    second = (await deployment.start({ env })).http;
    handler = await officer(deployment, first, 'complaints-officer', '3603');
    const received = await handler.post(
      '/complaints',
      complaintBody({ complainant, about: { caseId: contestedCase } }),
    );
    expect(received.status).toBe(201);
    complaint = received.body as typeof complaint;
    await eventually(async () => {
      const board = await handler.get('/complaints');
      return board.body.items?.some(
        (item: { complaintId: string }) => item.complaintId === complaint.complaintId,
      )
        ? true
        : undefined;
    }, 'the complaint on the SLA board');
  });

  afterAll(async () => {
    await deployment?.stop();
  });

  it('answers the status and dates for the right secret: no personal data, never the case', async () => {
    const answer = await check(first, '198.51.100.1', complaint);
    expect(answer.status).toBe(200);
    expect(answer.headers['cache-control']).toBe('no-store');
    expect(answer.body).toEqual({
      complaintNumber: complaint.complaintNumber,
      status: 'received',
      receivedAt: expect.any(String),
      verifiedAt: null,
      declinedAt: null,
      respondedAt: null,
      resolvedAt: null,
      waitingForComplainant: false,
      clocks: expect.arrayContaining([
        expect.objectContaining({ clock: 'verify', dueDate: expect.any(String), state: 'onTrack' }),
        expect.objectContaining({ clock: 'resolve', dueDate: expect.any(String) }),
      ]),
      asOf: expect.any(String),
    });
    for (const secretOrPersonal of [
      complainant.name,
      complainant.nik,
      complainant.phone,
      complainant.email,
      contestedCase,
      complaint.complaintId,
      complaint.secret,
      'Rangkasbitung',
    ]) {
      expect(answer.text).not.toContain(secretOrPersonal);
    }
  });

  it('answers a wrong secret and an unknown number with the same 404, byte for byte', async () => {
    // One correlation id for both (the caller's, echoed in every problem): all else must match.
    const correlationId = '6f1c9a52-8f0e-4a58-9d55-1f3b2b9e0a11';
    const wrong = await check(first, '198.51.100.2', {
      ...complaint,
      secret: 'not-the-secret',
    }).set('X-Correlation-Id', correlationId);
    const unknown = await check(second, '198.51.100.2', {
      complaintNumber: 'ADU/3603/2026/9999',
      secret: complaint.secret,
    }).set('X-Correlation-Id', correlationId);
    expect(wrong.status).toBe(404);
    expect(unknown.status).toBe(404);
    expect(wrong.text).toBe(unknown.text);
    expect(wrong.headers['content-type']).toBe(unknown.headers['content-type']);
    expect(wrong.text).not.toContain(complaint.complaintNumber);
  });

  it('keeps the secret out of URLs: a bad body is a 400 that does not echo it', async () => {
    const answer = await check(first, '198.51.100.3', {
      complaintNumber: complaint.complaintNumber,
      secret: '',
    });
    expect(answer.status).toBe(400);
  });

  it('stops guessing: 50 random secrets over two instances all 404, then 429 even for the right one; another address is still served', async () => {
    const guesser = '203.0.113.7';
    for (let guess = 0; guess < 50; guess += 1) {
      const answer = await check(guess % 2 === 0 ? first : second, guesser, {
        complaintNumber: complaint.complaintNumber,
        secret: randomBytes(24).toString('base64url'),
      });
      expect(answer.status).toBe(404);
    }
    const limited = await check(second, guesser, complaint);
    expect(limited.status).toBe(429);
    const retryAfter = Number(limited.headers['retry-after']);
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(60);
    expect(limited.text).not.toContain('received');

    expect((await check(first, '203.0.113.8', complaint)).status).toBe(200);

    // The next window serves the guesser again.
    deployment.clock.set(new Date(deployment.clock.now().getTime() + 61_000).toISOString());
    expect((await check(first, guesser, complaint)).status).toBe(200);
  });
});
