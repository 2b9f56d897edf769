import { eventually } from '@dinsos/platform/testing';
import type request from 'supertest';
import {
  complaintBody,
  complaintEvents,
  createComplaintsDeployment,
  officer,
  type ComplaintsDeployment,
  type Officer,
} from '../testing/complaints-harness';
import { ComplaintReplies } from './complaint-replies';

/** Replies without SMTP: e-mail into the development sink, every other channel the officer's. */
describe('replies to the complainant', () => {
  let deployment: ComplaintsDeployment;
  let http: ReturnType<typeof request>;
  let replies: ComplaintReplies;
  let handler: Officer;

  beforeAll(async () => {
    deployment = await createComplaintsDeployment();
    const instance = await deployment.start();
    http = instance.http;
    replies = instance.app.get(ComplaintReplies);
    handler = await officer(deployment, http, 'complaints-officer', '36');
  });

  afterAll(async () => {
    await deployment?.stop();
  });

  const sink = async (messageId: string) =>
    (
      await deployment.reader.pool.query<{
        complaint_number: string;
        recipient: string;
        subject: string;
        body: string;
      }>(
        'select complaint_number, recipient, subject, body from complaint_mail_sink where message_id = $1',
        [messageId],
      )
    ).rows;

  it('writes an e-mail into the development sink, with a Message-ID of its own', async () => {
    const draft = replies.draft('receipt', {
      complaintNumber: 'ADU/36/2026/0001',
      officeCode: '36',
      receivedOn: '2026-03-02',
    });
    const sent = await replies.send({
      channel: 'email',
      to: 'pelapor@example.id',
      subject: draft.subject,
      text: draft.text,
      complaintNumber: 'ADU/36/2026/0001',
    });
    expect(sent).toEqual({
      sentBy: 'developmentSink',
      messageId: expect.stringMatching(/^<[0-9a-f-]{36}@complaints\.development-sink\.invalid>$/),
    });
    expect(await sink(sent.messageId!)).toEqual([
      {
        complaint_number: 'ADU/36/2026/0001',
        recipient: 'pelapor@example.id',
        subject: 'Tanda Terima Pengaduan Nomor ADU/36/2026/0001',
        body: expect.stringContaining('Email: dinsos@bantenprov.go.id'),
      },
    ]);
  });

  it('sends nothing on the other channels: the officer does', async () => {
    const before = await deployment.reader.pool.query(
      'select count(*)::int as n from complaint_mail_sink',
    );
    for (const channel of [
      'inPerson',
      'complaintBox',
      'smsWhatsapp',
      'phone',
      'sp4nLapor',
      'website',
      'socialMedia',
    ] as const) {
      await expect(
        replies.send({ channel, subject: 's', text: 't', complaintNumber: 'ADU/36/2026/0002' }),
      ).resolves.toEqual({ sentBy: 'officer' });
    }
    const after = await deployment.reader.pool.query(
      'select count(*)::int as n from complaint_mail_sink',
    );
    expect(after.rows[0].n).toBe(before.rows[0].n);
  });

  it('records a reply to an e-mailed complaint as sent through the sink, and one by phone as the officer’s', async () => {
    const byEmail = await handler.post(
      '/complaints',
      complaintBody({
        channel: 'email',
        channelReference: { kind: 'emailMessageId', value: '<q1@mail.example.id>' },
        complainant: { name: 'Dewi Lestari', email: 'dewi.lestari@example.id' },
      }),
    );
    const byPhone = await handler.post(
      '/complaints',
      complaintBody({
        channel: 'phone',
        channelReference: { kind: 'callReceivedAt', value: '2026-03-02T01:55:00.000Z' },
      }),
    );
    expect([byEmail.status, byPhone.status]).toEqual([201, 201]);
    for (const { body } of [byEmail, byPhone]) {
      for (const [path, step] of [
        ['verification', {}],
        ['assignment', { assignee: { kind: 'unit', unit: 'Bidang Rehabilitasi Sosial' } }],
        [
          'responses',
          { templateCode: 'response', text: 'Laporan Saudara sudah kami tindak lanjuti.' },
        ],
      ] as const) {
        const answer = await handler.post(`/complaints/${body.complaintId}/${path}`, step);
        expect({ path, status: answer.status, body: answer.body }).toMatchObject({ status: 200 });
      }
    }
    const respondedOf = async (complaintId: string) =>
      eventually(async () => {
        const events = await complaintEvents(deployment, complaintId);
        return events.find((event) => event.type === 'ComplaintResponded');
      }, `the reply to ${complaintId}`);
    const mailed = (await respondedOf(byEmail.body.complaintId)).payload as {
      sentBy: string;
      messageId?: string;
      channel: string;
      template: object;
    };
    expect(mailed).toMatchObject({
      channel: 'email',
      sentBy: 'developmentSink',
      template: { code: 'response', version: 1 },
    });
    const [letter] = await sink(mailed.messageId!);
    expect(letter.recipient).toBe('dewi.lestari@example.id');
    expect(letter.body).toContain('Laporan Saudara sudah kami tindak lanjuti.');
    expect(letter.body).toContain('Dinas Sosial Provinsi Banten');
    const phoned = (await respondedOf(byPhone.body.complaintId)).payload;
    expect(phoned).toMatchObject({ channel: 'phone', sentBy: 'officer' });
    expect(phoned).not.toHaveProperty('messageId');
  });
});
