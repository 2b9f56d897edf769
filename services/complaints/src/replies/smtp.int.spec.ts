import type { AddressInfo } from 'node:net';
import { eventually } from '@dinsos/platform/testing';
import { SMTPServer } from 'smtp-server';
import type request from 'supertest';
import {
  complaintBody,
  complaintEvents,
  createComplaintsDeployment,
  officer,
  type ComplaintsDeployment,
  type Officer,
} from '../testing/complaints-harness';

/** What the SMTP server took: the envelope, the headers (lower-cased names) and the text. */
interface ReceivedMail {
  mailFrom: string | false;
  rcptTo: string[];
  headers: Record<string, string>;
  text: string;
}

/** A quoted-printable body (ASCII on the wire) as the UTF-8 text it encodes. */
function quotedPrintable(body: string): string {
  const wire = body.replace(/=\r\n/g, '');
  const bytes: number[] = [];
  for (let i = 0; i < wire.length; i += 1) {
    const hex = wire.slice(i + 1, i + 3);
    if (wire[i] === '=' && /^[0-9A-F]{2}$/i.test(hex)) {
      bytes.push(parseInt(hex, 16));
      i += 2;
    } else bytes.push(wire.charCodeAt(i));
  }
  return Buffer.from(bytes).toString('utf8');
}

/** A message's headers and its single text part, decoded (nodemailer's plain `text` mail). */
function parseMail(raw: string): { headers: Record<string, string>; text: string } {
  const split = raw.indexOf('\r\n\r\n');
  const head = raw.slice(0, split).replace(/\r\n[ \t]+/g, ' ');
  const headers: Record<string, string> = {};
  for (const line of head.split('\r\n')) {
    const colon = line.indexOf(':');
    headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  const body = raw.slice(split + 4);
  const encoding = (headers['content-transfer-encoding'] ?? '7bit').toLowerCase();
  const text =
    encoding === 'base64'
      ? Buffer.from(body, 'base64').toString('utf8')
      : encoding === 'quoted-printable'
        ? quotedPrintable(body)
        : body;
  return { headers, text: text.replace(/\r\n/g, '\n') };
}

/** Replies by e-mail over real SMTP (SMTP_URL set): a plain SMTP server on 127.0.0.1. */
describe('replies by e-mail over SMTP', () => {
  const mailFrom = 'Pengaduan Dinas Sosial (uji) <pengaduan@dinsos-uji.example.id>';
  const received: ReceivedMail[] = [];
  let smtp: SMTPServer;
  let smtpStopped = false;
  let deployment: ComplaintsDeployment;
  let http: ReturnType<typeof request>;
  let handler: Officer;

  beforeAll(async () => {
    smtp = new SMTPServer({
      secure: false,
      authOptional: true,
      disabledCommands: ['AUTH', 'STARTTLS'],
      logger: false,
      onData(stream, session, callback) {
        const chunks: Buffer[] = [];
        stream.on('data', (chunk: Buffer) => chunks.push(chunk));
        stream.on('error', callback);
        stream.on('end', () => {
          received.push({
            mailFrom: session.envelope.mailFrom && session.envelope.mailFrom.address,
            rcptTo: session.envelope.rcptTo.map((recipient) => recipient.address),
            ...parseMail(Buffer.concat(chunks).toString('utf8')),
          });
          callback();
        });
      },
    });
    await new Promise<void>((resolve, reject) => {
      smtp.server.once('error', reject);
      smtp.listen(0, '127.0.0.1', () => resolve());
    });
    const { port } = smtp.server.address() as AddressInfo;
    deployment = await createComplaintsDeployment();
    http = (
      await deployment.start({
        env: { SMTP_URL: `smtp://127.0.0.1:${port}`, MAIL_FROM: mailFrom },
      })
    ).http;
    handler = await officer(deployment, http, 'complaints-officer', '36');
  });

  afterAll(async () => {
    await deployment?.stop();
    if (smtp && !smtpStopped) await new Promise<void>((resolve) => smtp.close(() => resolve()));
  });

  const sinkCount = async () =>
    (
      await deployment.reader.pool.query<{ n: number }>(
        'select count(*)::int as n from complaint_mail_sink',
      )
    ).rows[0]!.n;

  /** An e-mailed complaint with the complainant's address, verified and assigned. */
  const readyForReply = async (email: string) => {
    const answer = await handler.post(
      '/complaints',
      complaintBody({
        channel: 'email',
        channelReference: { kind: 'emailMessageId', value: `<${email}.q@mail.example.id>` },
        complainant: { name: 'Dewi Lestari', email },
      }),
    );
    expect(answer.status).toBe(201);
    const { complaintId, complaintNumber } = answer.body as {
      complaintId: string;
      complaintNumber: string;
    };
    for (const [path, body] of [
      ['verification', {}],
      ['assignment', { assignee: { kind: 'unit', unit: 'Bidang Rehabilitasi Sosial' } }],
    ] as const) {
      const step = await handler.post(`/complaints/${complaintId}/${path}`, body);
      expect({ path, status: step.status, body: step.body }).toMatchObject({ status: 200 });
    }
    return { complaintId, complaintNumber };
  };

  it('mails the reply to the complainant from MAIL_FROM, and records the Message-ID the server got', async () => {
    const words = 'Laporan Saudara sudah kami tindak lanjuti bersama petugas lapangan.';
    const { complaintId, complaintNumber } = await readyForReply('dewi.smtp@example.id');
    const answer = await handler.post(`/complaints/${complaintId}/responses`, {
      templateCode: 'response',
      text: words,
    });
    expect({ status: answer.status, body: answer.body }).toMatchObject({ status: 200 });

    expect(received).toHaveLength(1);
    const [mail] = received;
    expect(mail!.mailFrom).toBe('pengaduan@dinsos-uji.example.id');
    expect(mail!.rcptTo).toEqual(['dewi.smtp@example.id']);
    expect(mail!.headers['from']).toContain('<pengaduan@dinsos-uji.example.id>');
    expect(mail!.headers['to']).toBe('dewi.smtp@example.id');
    expect(mail!.headers['subject']).toBe(`Tanggapan atas Pengaduan Nomor ${complaintNumber}`);
    expect(mail!.headers['x-complaint-number']).toBe(complaintNumber);
    expect(mail!.text).toContain(words);
    expect(mail!.text).toContain('Dinas Sosial Provinsi Banten');

    const responded = await eventually(async () => {
      const events = await complaintEvents(deployment, complaintId);
      return events.find((event) => event.type === 'ComplaintResponded');
    }, 'the reply recorded');
    expect(responded.payload).toMatchObject({
      channel: 'email',
      sentBy: 'smtp',
      template: { code: 'response', version: 1 },
      messageId: mail!.headers['message-id'],
    });
    expect(mail!.headers['message-id']).toMatch(/^<[^<>@\s]+@[^<>\s]+>$/);
    expect(await sinkCount()).toBe(0);
  });

  it('answers 503 and records nothing when the mail server is down', async () => {
    const { complaintId } = await readyForReply('budi.smtp@example.id');
    await new Promise<void>((resolve) => smtp.close(() => resolve()));
    smtpStopped = true;
    const before = await complaintEvents(deployment, complaintId);

    const answer = await handler.post(`/complaints/${complaintId}/responses`, {
      templateCode: 'response',
      text: 'Laporan Saudara sudah kami tindak lanjuti.',
    });
    expect(answer.status).toBe(503);
    expect(answer.body).toMatchObject({
      status: 503,
      type: 'urn:dinsos:problem:unavailable',
      detail: expect.stringMatching(/^The mail server did not take the reply.*Try again/),
    });
    expect(JSON.stringify(answer.body)).not.toContain('budi.smtp@example.id');

    const after = await complaintEvents(deployment, complaintId);
    expect(after.map((event) => event.eventId)).toEqual(before.map((event) => event.eventId));
    expect(after.some((event) => event.type === 'ComplaintResponded')).toBe(false);
    expect(received).toHaveLength(1);
    expect(await sinkCount()).toBe(0);
  });
});
