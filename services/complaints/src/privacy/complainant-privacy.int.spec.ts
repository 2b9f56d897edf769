import { contexts } from '@dinsos/contracts';
import { createKafkaClient } from '@dinsos/messaging';
import { eventually } from '@dinsos/platform/testing';
import type { Consumer } from 'kafkajs';
import type request from 'supertest';
import {
  complaintBody,
  complaintEvents,
  createComplaintsDeployment,
  officer,
  type ComplaintsDeployment,
  type Officer,
} from '../testing/complaints-harness';

const named = {
  name: 'Yohanes Prasetyo Wibisono',
  nik: '3603121505160003',
  phone: '081299887766',
  email: 'yohanes.wibisono@example.id',
};
const whistleblower = {
  name: 'Maria Anggraini Siregar',
  nik: '3603120101800007',
  phone: '085711223344',
  email: 'maria.siregar@example.id',
};
const needles = [...Object.values(named), ...Object.values(whistleblower)];

/** Tables that keep what was sent as sent, by design (ADR 16): not read models. */
const mailboxes = new Set(['complaint_mail_sink']);

/**
 * The scan the issue asks for: after a named complaint and a whistle-blowing went through their
 * lifecycle, no complainant's name, NIK, phone or e-mail is in the service's log lines, the raw
 * Kafka messages on dinsos.complaints.events.v1 (key, value, headers), or any table of the
 * service's schema (the read models, status secrets, rate-limit windows, checkpoints, timers).
 */
describe('no complainant identity in logs, Kafka messages or read models', () => {
  let deployment: ComplaintsDeployment;
  let http: ReturnType<typeof request>;
  let handler: Officer;
  let consumer: Consumer;
  const raw: string[] = [];
  const complaints: { complaintId: string; complaintNumber: string; secret: string }[] = [];

  beforeAll(async () => {
    deployment = await createComplaintsDeployment();
    http = (await deployment.start({ env: { TRUST_PROXY: 'loopback' } })).http;
    handler = await officer(deployment, http, 'complaints-officer', '36');
    const kafka = createKafkaClient({
      brokers: deployment.kafkaBrokers,
      clientId: 'complaints-privacy-scan',
    });
    consumer = kafka.consumer({ groupId: `${deployment.topicPrefix}privacy-scan` });
    await consumer.connect();
    await consumer.subscribe({
      topic: `${deployment.topicPrefix}${contexts.complaints.topic}`,
      fromBeginning: true,
    });
    await consumer.run({
      eachMessage: async ({ message }) => {
        const headers = Object.entries(message.headers ?? {}).map(
          ([name, value]) =>
            `${name}=${Buffer.isBuffer(value) ? value.toString('utf8') : String(value)}`,
        );
        raw.push(
          [
            message.key?.toString('utf8') ?? '',
            message.value?.toString('utf8') ?? '',
            ...headers,
          ].join('\n'),
        );
      },
    });

    const lifecycle = [
      ['verification', {}],
      ['assignment', { assignee: { kind: 'unit', unit: 'Bidang Rehabilitasi Sosial' } }],
      ['responses', { templateCode: 'response', text: 'Pengaduan sudah kami tindak lanjuti.' }],
      ['resolution', { outcome: 'upheld', complainantAccepted: true, summary: 'Ditangani.' }],
    ] as const;
    for (const body of [
      complaintBody({
        channel: 'email',
        channelReference: { kind: 'emailMessageId', value: '<p1@mail.example.id>' },
        complainant: named,
        about: { caseId: '36-2026-000007' },
      }),
      complaintBody({
        channel: 'phone',
        channelReference: { kind: 'callReceivedAt', value: '2026-03-02T01:55:00.000Z' },
        classification: 'whistleblowing',
        complainant: whistleblower,
      }),
    ]) {
      const received = await handler.post('/complaints', body);
      expect(received.status).toBe(201);
      complaints.push(received.body);
      for (const [path, step] of lifecycle) {
        const answer = await handler.post(`/complaints/${received.body.complaintId}/${path}`, step);
        expect({ path, status: answer.status, body: answer.body }).toMatchObject({ status: 200 });
      }
    }
    // What else touches them: the views, the board, the public check, a refused identity.
    const supervisor = await officer(deployment, http, 'supervisor', '36');
    for (const { complaintId, complaintNumber, secret } of complaints) {
      await handler.get(`/complaints/${complaintId}?purpose=complaintHandling`);
      await supervisor.get(`/complaints/${complaintId}/complainant`);
      await http
        .post('/public/complaint-status')
        .set('X-Forwarded-For', '198.51.100.9')
        .send({ complaintNumber, secret });
    }
    await eventually(async () => {
      const board = await handler.get('/complaints?status=resolved');
      return board.body.items?.length === 2 ? true : undefined;
    }, 'both complaints resolved on the board');
    let appended = 0;
    for (const { complaintId } of complaints) {
      appended += (await complaintEvents(deployment, complaintId)).length;
    }
    await eventually(
      async () => (raw.length >= appended ? true : undefined),
      `${appended} messages on Kafka`,
    );
  });

  afterAll(async () => {
    await consumer?.disconnect();
    await deployment?.stop();
  });

  const found = (texts: string[]) =>
    needles.filter((needle) => texts.some((text) => text.includes(needle)));

  it('went through: the named complaint was mailed, both resolved', async () => {
    const [mailed] = (
      await deployment.reader.pool.query<{ recipient: string }>(
        'select recipient from complaint_mail_sink',
      )
    ).rows;
    expect(mailed.recipient).toBe(named.email);
    expect(complaints).toHaveLength(2);
  });

  it('has none in the log lines', () => {
    expect(deployment.logs.raw.length).toBeGreaterThan(0);
    expect(found(deployment.logs.raw)).toEqual([]);
  });

  it('has none in the raw Kafka messages', () => {
    expect(raw.length).toBeGreaterThanOrEqual(10);
    expect(found(raw)).toEqual([]);
  });

  it("has none in any table of the service's schema but the mail sink", async () => {
    const { pool } = deployment.reader;
    const { rows: tables } = await pool.query<{ table_name: string }>(
      `select table_name from information_schema.tables
        where table_schema = current_schema() and table_type = 'BASE TABLE'
        order by table_name`,
    );
    const names = tables.map((table) => table.table_name);
    expect(names).toEqual(
      expect.arrayContaining([
        'complaint_sla_board',
        'complaint_status_secrets',
        'complaint_status_check_windows',
      ]),
    );
    const scanned: string[] = [];
    for (const name of names.filter((table) => !mailboxes.has(table))) {
      const { rows } = await pool.query<{ row: string }>(`select t::text as row from "${name}" t`);
      scanned.push(...rows.map((row) => `${name}: ${row.row}`));
    }
    expect(scanned.some((row) => row.startsWith('complaint_sla_board:'))).toBe(true);
    expect(found(scanned)).toEqual([]);
    // The scan finds what is there: the mail sink holds the mail as sent, address included.
    const { rows: mail } = await pool.query<{ row: string }>(
      'select t::text as row from complaint_mail_sink t',
    );
    expect(found(mail.map((row) => row.row))).toContain(named.email);
  });
});
