import { roles } from '@dinsos/auth';
import { createPersonalDataVault, PostgresSubjectKeyStore } from '@dinsos/personal-data';
import { serviceRoles } from '@dinsos/testing';
import { Pool } from 'pg';
import type request from 'supertest';
import {
  complaintBody,
  complaintEvents,
  createComplaintsDeployment,
  officer,
  timersOf,
  type ComplaintsDeployment,
  type Officer,
} from '../testing/complaints-harness';
import { slaBreachTimerId } from './sla-breach.timer';

const banten = { code: 'banten-rehsos-anak-terlantar', version: 1 };
const bekasi = { code: 'bekasi-layanan-rujukan', version: 1 };

/** Each channel of the Banten standard (seed 000), with its own reference. */
const bantenChannels = [
  ['inPerson', { kind: 'counterLogNumber', value: 'BUKU-PENGADUAN-017' }],
  ['complaintBox', { kind: 'boxCollectionDate', value: '2026-03-02' }],
  ['smsWhatsapp', { kind: 'messageReceivedAt', value: '2026-03-02T01:40:00.000Z' }],
  ['phone', { kind: 'callReceivedAt', value: '2026-03-02T01:55:00.000Z' }],
  ['email', { kind: 'emailMessageId', value: '<CAF3x9@mail.example.id>' }],
  ['sp4nLapor', { kind: 'laporTrackingNumber', value: 'LAPOR-2026-88213' }],
  ['website', { kind: 'webFormId', value: 'WEB-000421' }],
  ['socialMedia', { kind: 'postLink', value: 'https://www.instagram.com/p/C4xyz123/' }],
] as const;

/** Receiving complaints on every channel, and the whistle-blower's rules (PostgreSQL, Kafka). */
describe('receiving complaints', () => {
  let deployment: ComplaintsDeployment;
  let http: ReturnType<typeof request>;
  let province: Officer;
  let regency: Officer;

  beforeAll(async () => {
    deployment = await createComplaintsDeployment();
    http = (await deployment.start()).http;
    province = await officer(deployment, http, 'complaints-officer', '36');
    regency = await officer(deployment, http, 'complaints-officer', '3603');
  });

  afterAll(async () => {
    await deployment?.stop();
  });

  const secretsOf = async (complaintId: string) =>
    (
      await deployment.reader.pool.query<{ complaint_number: string; secret_hash: string }>(
        'select complaint_number, secret_hash from complaint_status_secrets where complaint_id = $1',
        [complaintId],
      )
    ).rows;

  it.each(bantenChannels)(
    "receives a complaint by %s at the province office with that channel's reference",
    async (channel, channelReference) => {
      const answer = await province.post(
        '/complaints',
        complaintBody({ channel, channelReference }),
      );
      expect(answer.status).toBe(201);
      const { complaintId, complaintNumber, secret } = answer.body;
      expect(complaintNumber).toMatch(/^ADU\/36\/2026\/\d{4}$/);
      expect(secret).toMatch(/^[A-Za-z0-9_-]{32}$/);
      expect(answer.headers.location).toBe(`/complaints/${complaintId}`);
      const [received] = await complaintEvents(deployment, complaintId);
      expect(received).toMatchObject({
        type: 'ComplaintReceived',
        officeCode: '36',
        serviceStandard: banten,
        payload: {
          complaintId,
          complaintNumber,
          channel,
          channelReference,
          classification: 'complaint',
          text: { keyId: expect.any(String) },
          receivedAt: '2026-03-02T02:15:00.000Z',
          // Monday 2 March 09:15 WIB: 3 working days → Thursday 5 March; 60 days → 1 May.
          clocks: [
            {
              clock: 'verify',
              code: 'complaint-verify',
              dueDate: '2026-03-05',
              dueAt: '2026-03-05T23:59:59.999+07:00',
            },
            {
              clock: 'resolve',
              code: 'complaint-resolve',
              dueDate: '2026-05-01',
              dueAt: '2026-05-01T23:59:59.999+07:00',
            },
          ],
        },
      });
      expect(received.caseId ?? null).toBeNull();
      // The secret only as a keyed hash; never in the idempotency record.
      const [stored] = await secretsOf(complaintId);
      expect(stored.complaint_number).toBe(complaintNumber);
      expect(stored.secret_hash).not.toContain(secret);
      const { rows } = await deployment.reader.pool.query(
        'select 1 from platform_idempotency where response::text like $1',
        [`%${secret}%`],
      );
      expect(rows).toHaveLength(0);
      expect((await timersOf(deployment, complaintId)).map((t) => t.timer_id)).toEqual(
        expect.arrayContaining([
          slaBreachTimerId(complaintId, 'verify', '2026-03-05T23:59:59.999+07:00'),
          slaBreachTimerId(complaintId, 'resolve', '2026-05-01T23:59:59.999+07:00'),
        ]),
      );
    },
  );

  it.each([
    ['inPerson', undefined],
    ['sp4nLapor', { kind: 'laporTrackingNumber', value: 'LAPOR-3603-1' }],
    ['socialMedia', { kind: 'postLink', value: 'https://www.facebook.com/dinsos/posts/1' }],
  ] as const)(
    "receives a complaint by %s at a regency office on Bekasi's template",
    async (channel, channelReference) => {
      const answer = await regency.post(
        '/complaints',
        complaintBody({ channel, channelReference }),
      );
      expect(answer.status).toBe(201);
      expect(answer.body.complaintNumber).toMatch(/^ADU\/3603\/2026\/\d{4}$/);
      const [received] = await complaintEvents(deployment, answer.body.complaintId);
      expect(received).toMatchObject({
        officeCode: '3603',
        serviceStandard: bekasi,
        payload: { channel },
      });
    },
  );

  it("refuses a channel the office's standard does not name (422), and stores nothing", async () => {
    for (const channel of ['email', 'complaintBox', 'website'] as const) {
      const reference = bantenChannels.find(([name]) => name === channel)![1];
      const answer = await regency.post(
        '/complaints',
        complaintBody({ channel, channelReference: reference }),
      );
      expect(answer.status).toBe(422);
      expect(answer.body.detail).toContain('does not name');
    }
    const { rows } = await deployment.reader.pool.query(
      "select count(*)::int as n from complaint_status_secrets where office_code = '3603'",
    );
    expect(rows[0].n).toBe(3);
  });

  it('answers a replay with the same complaint, number and secret, and numbers each office on', async () => {
    const key = '7c1d3f0e-5b4a-4d8e-9f21-3a6b5c7d8e90';
    const body = complaintBody();
    const first = await province.post('/complaints', body, key);
    const again = await province.post('/complaints', body, key);
    expect(again.status).toBe(201);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.body).toEqual(first.body);
    expect(await complaintEvents(deployment, first.body.complaintId)).toHaveLength(1);
    // A province officer receives for a regency it covers; not the other way round.
    const forRegency = await province.post('/complaints', complaintBody({ officeCode: '3603' }));
    expect(forRegency.status).toBe(201);
    expect(forRegency.body.complaintNumber).toMatch(/^ADU\/3603\//);
    const forProvince = await regency.post('/complaints', complaintBody({ officeCode: '36' }));
    expect(forProvince.status).toBe(403);
  });

  it('links the complaint to the case and the exact event it contests', async () => {
    const about = { caseId: '3603-2026-0007', eventId: '0b9f2c1e-8d7a-4c3b-9e5f-1a2b3c4d5e6f' };
    const answer = await regency.post('/complaints', complaintBody({ about }));
    expect(answer.status).toBe(201);
    const [received] = await complaintEvents(deployment, answer.body.complaintId);
    expect(received).toMatchObject({ caseId: about.caseId, payload: { about } });
    const view = await regency.get(`/complaints/${answer.body.complaintId}`);
    expect(view.body).toMatchObject({ about, status: 'received', anonymous: true });
  });

  it('refuses bad bodies (400) and stores nothing', async () => {
    const before = await deployment.reader.pool.query(
      'select count(*)::int as n from complaint_status_secrets',
    );
    const bad = [
      complaintBody({ channel: 'carrierPigeon' }),
      complaintBody({ classification: 'gossip' }),
      complaintBody({ text: '' }),
      complaintBody({ channelReference: undefined }),
      complaintBody({ channelReference: { kind: 'postLink', value: 'https://x.example/1' } }),
      complaintBody({
        channel: 'complaintBox',
        channelReference: { kind: 'boxCollectionDate', value: 'Monday' },
      }),
      complaintBody({ complainant: { name: 'Budi', nik: '123' } }),
      complaintBody({ complainant: { email: 'not-an-address' } }),
      complaintBody({ about: { eventId: '0b9f2c1e-8d7a-4c3b-9e5f-1a2b3c4d5e6f' } }),
      complaintBody({ surprise: true }),
    ];
    for (const body of bad) {
      const answer = await province.post('/complaints', body);
      expect({ body, status: answer.status }).toEqual({ body, status: 400 });
    }
    const after = await deployment.reader.pool.query(
      'select count(*)::int as n from complaint_status_secrets',
    );
    expect(after.rows[0].n).toBe(before.rows[0].n);
  });

  describe('a whistle-blower', () => {
    const identity = {
      name: 'Rahmat Hidayat',
      nik: '3603120101800007',
      phone: '081299887766',
      email: 'rahmat.h@mail.example.id',
    };
    let complaintId: string;
    let personId: string;
    let keyId: string;

    beforeAll(async () => {
      const answer = await province.post(
        '/complaints',
        complaintBody({
          classification: 'whistleblowing',
          channel: 'email',
          channelReference: { kind: 'emailMessageId', value: '<wb-1@mail.example.id>' },
          complainant: identity,
        }),
      );
      expect(answer.status).toBe(201);
      complaintId = answer.body.complaintId;
      const [received] = await complaintEvents(deployment, complaintId);
      const complainant = (received.payload as { complainant: Record<string, { keyId: string }> })
        .complainant;
      personId = complainant.personId as unknown as string;
      keyId = complainant.name.keyId;
      expect(JSON.stringify(received)).not.toContain('Rahmat');
    });

    it("keeps the identity under a key no other service's role can see or use", async () => {
      const { rows } = await deployment.reader.pool.query<{ usable_by: string[] }>(
        'select usable_by::text[] as usable_by from personal_data.subject_keys where subject_id = $1',
        [personId],
      );
      expect(rows).toEqual([{ usable_by: ['dinsos_complaints'] }]);
      const [received] = await complaintEvents(deployment, complaintId);
      const name = (received.payload as { complainant: { name: unknown } }).complainant.name;
      for (const role of serviceRoles.map((r) => r.app).filter((r) => r !== 'dinsos_complaints')) {
        const pool = new Pool({ connectionString: deployment.database.urlAs(role), max: 1 });
        pool.on('error', () => undefined);
        try {
          const seen = await pool.query(
            'select 1 from personal_data.subject_keys where subject_id = $1',
            [personId],
          );
          expect({ role, rows: seen.rowCount }).toEqual({ role, rows: 0 });
          expect({ role, key: await new PostgresSubjectKeyStore(pool).keyById(keyId) }).toEqual({
            role,
            key: undefined,
          });
          const vault = createPersonalDataVault({ pool, masterKey: null });
          await expect(
            vault.decryptField(name, {
              actor: { id: 'x', role: 'intake-officer', officeCode: '36' },
              purpose: 'caseHandling',
            }),
          ).rejects.toThrow(/no data key/);
        } finally {
          await pool.end();
        }
      }
    });

    it('shows the identity to complaints officers alone: 403 for every other role', async () => {
      for (const role of roles.filter((r) => r !== 'complaints-officer')) {
        const reader = await officer(deployment, http, role, '36');
        const answer = await reader.get(`/complaints/${complaintId}/complainant`);
        expect({ role, status: answer.status }).toEqual({ role, status: 403 });
      }
      const answer = await province.get(`/complaints/${complaintId}/complainant`);
      expect(answer.status).toBe(200);
      expect(answer.body).toMatchObject({
        whistleblower: true,
        complainant: { personId, name: identity.name, nik: identity.nik, phone: identity.phone },
      });
      expect(JSON.stringify(answer.body)).toContain(identity.email);
    });

    it('never shows the identity in the complaint, whatever the purpose', async () => {
      for (const reader of [province, await officer(deployment, http, 'supervisor', '36')]) {
        const view = await reader.get(`/complaints/${complaintId}?purpose=complaintHandling`);
        expect(view.status).toBe(200);
        expect(view.body.complainant).toEqual({ withheld: true, whistleblower: true });
        for (const value of Object.values(identity)) {
          expect(JSON.stringify(view.body)).not.toContain(value);
        }
      }
    });
  });

  it('shows a named complainant and the text with a purpose, withheld without one', async () => {
    const answer = await province.post(
      '/complaints',
      complaintBody({ complainant: { name: 'Sri Wahyuni', phone: '081311122233' } }),
    );
    const id = answer.body.complaintId;
    const withheld = await province.get(`/complaints/${id}`);
    expect(withheld.body).toMatchObject({
      anonymous: false,
      complainant: { name: { withheld: true } },
      text: { withheld: true },
    });
    const read = await province.get(`/complaints/${id}?purpose=complaintHandling`);
    expect(read.body).toMatchObject({
      complainant: { name: 'Sri Wahyuni' },
      text: expect.stringContaining('Rangkasbitung'),
    });
    const refused = await (
      await officer(deployment, http, 'auditor', '36')
    ).get(`/complaints/${id}?purpose=complaintHandling`);
    expect(refused.status).toBe(403);
    // Another regency's officers do not see it at all.
    expect(
      (
        await (
          await officer(deployment, http, 'complaints-officer', '3601')
        ).get(`/complaints/${id}`)
      ).status,
    ).toBe(404);
  });
});
