import { randomUUID } from 'node:crypto';
import { examples } from '@dinsos/contracts';
import { eventually } from '@dinsos/platform/testing';
import type request from 'supertest';
import {
  createComplaintsDeployment,
  officer,
  type ComplaintsDeployment,
} from '../testing/complaints-harness';

// The deployment's clock: 2026-03-02T02:15:00Z (Monday, 09:15 WIB).
const hours = (n: number) => new Date(Date.parse('2026-03-02T02:15:00Z') + n * 3_600_000);
const due = (clock: 'verify' | 'followUp' | 'resolve', at: Date) => ({
  clock,
  code: `sp4n-lapor.${clock}`,
  dueDate: at.toISOString().slice(0, 10),
  dueAt: at.toISOString(),
});

/** The SLA board per office and its /metrics gauge, from complaint events in the store. */
describe('GET /complaints (the SLA board) and /metrics', () => {
  let deployment: ComplaintsDeployment;
  let http: ReturnType<typeof request>;
  const ids = {
    onTrack: randomUUID(),
    breached: randomUUID(),
    atRisk: randomUUID(),
    paused: randomUUID(),
  };

  const received = (
    id: string,
    officeCode: string,
    receivedAt: Date,
    verifyDue: Date,
    about?: string,
  ) => ({
    type: 'ComplaintReceived',
    officeCode,
    streamId: `complaint-${id}`,
    ...(about ? { caseId: about } : {}),
    payload: {
      complaintId: id,
      complaintNumber: `ADU/${officeCode}/2026/${id.slice(0, 4)}`,
      officeCode,
      serviceStandard: { code: 'bekasi-layanan-rujukan', version: 1 },
      channel: 'sp4nLapor',
      channelReference: { kind: 'laporTrackingNumber', value: `LAPOR-${id.slice(0, 6)}` },
      classification: 'complaint',
      text: examples.exampleEncryptedField(`key-${id}`, 'text'),
      ...(about ? { about: { caseId: about } } : {}),
      receivedAt: receivedAt.toISOString(),
      clocks: [due('verify', verifyDue), due('resolve', hours(60 * 24))],
    },
  });

  beforeAll(async () => {
    deployment = await createComplaintsDeployment();
    http = (await deployment.start()).http;
    await deployment.append(
      // Verification due in 3 working days: on track.
      received(ids.onTrack, '3603', hours(-1), hours(72), '3603-2026-000042'),
      // Verification was due yesterday, and the timer raised the breach.
      received(ids.breached, '3603', hours(-100), hours(-24)),
      {
        type: 'ComplaintSlaBreached',
        officeCode: '3603',
        streamId: `complaint-${ids.breached}`,
        payload: { complaintId: ids.breached, clock: 'verify', dueAt: hours(-24).toISOString() },
      },
      // Verification due in 12 hours: its last day, at risk.
      received(ids.atRisk, '3601', hours(-60), hours(12)),
      // Verified, then paused two days ago waiting for the complainant, follow-up due then.
      received(ids.paused, '36', hours(-200), hours(-150)),
      {
        type: 'ComplaintVerified',
        officeCode: '36',
        streamId: `complaint-${ids.paused}`,
        payload: {
          complaintId: ids.paused,
          verifiedAt: hours(-160).toISOString(),
          clocks: [due('followUp', hours(-10))],
        },
      },
      {
        type: 'ComplaintClockPaused',
        officeCode: '36',
        streamId: `complaint-${ids.paused}`,
        payload: {
          complaintId: ids.paused,
          pausedAt: hours(-48).toISOString(),
          reason: 'waitingForComplainant',
        },
      },
    );
    const province = await officer(deployment, http, 'supervisor', '36');
    await eventually(async () => {
      const board = await province.get('/complaints');
      return board.body.items?.length === 4 ? true : undefined;
    }, 'the four complaints on the board');
  });

  afterAll(async () => {
    await deployment?.stop();
  });

  const idsOf = (answer: request.Response) =>
    (answer.body.items as { complaintId: string }[]).map((item) => item.complaintId).sort();

  it("shows a regency officer its own office's complaints, and refuses another's", async () => {
    const regency = await officer(deployment, http, 'complaints-officer', '3603');
    const own = await regency.get('/complaints');
    expect(own.status).toBe(200);
    expect(idsOf(own)).toEqual([ids.onTrack, ids.breached].sort());
    expect((await regency.get('/complaints?officeCode=3601')).status).toBe(403);
    const onTrack = own.body.items.find(
      (item: { complaintId: string }) => item.complaintId === ids.onTrack,
    );
    expect(onTrack).toEqual(
      expect.objectContaining({
        complaintNumber: `ADU/3603/2026/${ids.onTrack.slice(0, 4)}`,
        officeCode: '3603',
        classification: 'complaint',
        channel: 'sp4nLapor',
        status: 'received',
        sla: 'onTrack',
        paused: false,
        breached: false,
        caseId: '3603-2026-000042',
      }),
    );
    expect(
      onTrack.clocks.map((clock: { clock: string; state: string }) => [clock.clock, clock.state]),
    ).toEqual([
      ['verify', 'onTrack'],
      ['resolve', 'onTrack'],
    ]);
    expect(onTrack).not.toHaveProperty('complainant');
  });

  it('filters the province by office, SLA state and status; the pause says so', async () => {
    const auditor = await officer(deployment, http, 'auditor', '36');
    expect(idsOf(await auditor.get('/complaints'))).toHaveLength(4);
    expect(idsOf(await auditor.get('/complaints?officeCode=3601'))).toEqual([ids.atRisk]);
    expect(idsOf(await auditor.get('/complaints?sla=breached'))).toEqual([ids.breached]);
    expect(idsOf(await auditor.get('/complaints?sla=atRisk'))).toEqual([ids.atRisk]);
    expect(idsOf(await auditor.get('/complaints?sla=onTrack'))).toEqual(
      [ids.onTrack, ids.paused].sort(),
    );
    expect(idsOf(await auditor.get('/complaints?status=verified'))).toEqual([ids.paused]);
    const [paused] = (await auditor.get('/complaints?officeCode=36')).body.items;
    // Judged at the pause: follow-up was due 38 hours after it, so on track, not breached.
    expect(paused).toEqual(
      expect.objectContaining({
        paused: true,
        pausedSince: hours(-48).toISOString(),
        sla: 'onTrack',
      }),
    );
    expect(paused.clocks.find((clock: { clock: string }) => clock.clock === 'verify').state).toBe(
      'met',
    );
    expect((await auditor.get('/complaints?sla=late')).status).toBe(400);
    const other = await officer(deployment, http, 'intake-officer', '36');
    expect((await other.get('/complaints')).status).toBe(403);
  });

  it('pages by the earliest running clock', async () => {
    const supervisor = await officer(deployment, http, 'supervisor', '36');
    const seen: string[] = [];
    let next: string | null = null;
    do {
      const page: request.Response = await supervisor.get(
        `/complaints?limit=1${next ? `&after=${next}` : ''}`,
      );
      expect(page.body.items).toHaveLength(1);
      seen.push(page.body.items[0].complaintId);
      next = page.body.next;
    } while (next);
    // Breached (due yesterday), paused (due 10 hours ago), at risk, on track (its resolve clock).
    expect(seen).toEqual([ids.breached, ids.paused, ids.atRisk, ids.onTrack]);
  });

  it('counts complaints per office, clock and SLA state in /metrics', async () => {
    const text = (await http.get('/metrics')).text;
    const line = (labels: string) =>
      text.split('\n').find((l) => l.startsWith('dinsos_complaints_sla{') && l.includes(labels));
    expect(line('office="3603",clock="verify",state="breached",paused="0"')).toMatch(/ 1$/);
    expect(line('office="3603",clock="verify",state="onTrack",paused="0"')).toMatch(/ 1$/);
    expect(line('office="3603",clock="resolve",state="onTrack",paused="0"')).toMatch(/ 2$/);
    expect(line('office="3601",clock="verify",state="atRisk",paused="0"')).toMatch(/ 1$/);
    expect(line('office="36",clock="followUp",state="onTrack",paused="1"')).toMatch(/ 1$/);
  });
});
