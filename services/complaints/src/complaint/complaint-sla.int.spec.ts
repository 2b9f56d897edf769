import { reactionEventId } from '@dinsos/platform';
import { eventually } from '@dinsos/platform/testing';
import { serviceStandards, type Office } from '@dinsos/service-standards';
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

/** A city office in WITA (UTC+8) on the regency template: its days are not Banten's. */
const makassar: Office = {
  code: '7371',
  regionName: 'Kota Makassar',
  officeName: 'Dinas Sosial Kota Makassar',
  level: 'city',
  timeZone: 'Asia/Makassar',
};
const withWita = serviceStandards.with({
  offices: serviceStandards.offices.with([makassar]),
  assignments: [
    {
      officeCode: makassar.code,
      standardCode: 'bekasi-layanan-rujukan',
      basis: 'A test office in another time zone, on the regency template (seed 004).',
    },
  ],
});

type Clocks = { clock: string; dueDate: string; dueAt: string }[];

/** The SLA clocks in the office's calendar and zone, and the breach raised by the kit's timers. */
describe('the SLA clocks of complaints', () => {
  let deployment: ComplaintsDeployment;
  let http: ReturnType<typeof request>;
  let tangerang: Officer;

  beforeAll(async () => {
    deployment = await createComplaintsDeployment({ standards: withWita });
    http = (await deployment.start()).http;
    tangerang = await officer(deployment, http, 'complaints-officer', '3603');
  });

  afterAll(async () => {
    await deployment?.stop();
  });

  const receive = async (by: Officer = tangerang) => {
    const answer = await by.post('/complaints', complaintBody());
    expect(answer.status).toBe(201);
    const complaintId = answer.body.complaintId as string;
    const [received] = await complaintEvents(deployment, complaintId);
    return { complaintId, received, clocks: (received.payload as { clocks: Clocks }).clocks };
  };

  it('counts working days over a weekend', async () => {
    deployment.clock.set('2026-03-05T03:00:00Z'); // Thursday 10:00 WIB
    const { complaintId, clocks } = await receive();
    expect(clocks).toEqual([
      expect.objectContaining({ clock: 'verify', dueDate: '2026-03-10' }), // Fri, Mon, Tue
      expect.objectContaining({ clock: 'resolve', dueDate: '2026-05-04' }), // 60 calendar days
    ]);
    // Verified on Monday: follow-up's 5 working days end the next Monday.
    deployment.clock.set('2026-03-09T02:00:00Z');
    expect((await tangerang.post(`/complaints/${complaintId}/verification`)).status).toBe(200);
    const verified = (await complaintEvents(deployment, complaintId))[1];
    expect((verified.payload as { clocks: Clocks }).clocks).toEqual([
      expect.objectContaining({ clock: 'followUp', dueDate: '2026-03-16' }),
    ]);
  });

  it('counts working days over national holidays (Nyepi, Idul Fitri) and the weekend after', async () => {
    deployment.clock.set('2026-03-18T03:00:00Z'); // Wednesday 18 March, 10:00 WIB
    const { clocks } = await receive();
    // 19 Nyepi, 20–21 Idul Fitri, 22 Sunday: Mon 23, Tue 24, Wed 25.
    expect(clocks[0]).toEqual({
      clock: 'verify',
      code: 'complaint-verify',
      dueDate: '2026-03-25',
      dueAt: '2026-03-25T23:59:59.999+07:00',
    });
  });

  it('counts in the office’s own zone: WITA’s day starts an hour before WIB’s', async () => {
    // 00:30 on Tuesday 3 March in Makassar is still Monday 2 March in Banten.
    deployment.clock.set('2026-03-02T16:30:00Z');
    const makassarOfficer = await officer(deployment, http, 'complaints-officer', makassar.code);
    const inWita = await receive(makassarOfficer);
    const inWib = await receive();
    expect(inWita.received).toMatchObject({ officeCode: makassar.code });
    expect(inWita.clocks[0]).toEqual({
      clock: 'verify',
      code: 'complaint-verify',
      dueDate: '2026-03-06',
      dueAt: '2026-03-06T23:59:59.999+08:00',
    });
    expect(inWib.clocks[0]).toMatchObject({
      dueDate: '2026-03-05',
      dueAt: '2026-03-05T23:59:59.999+07:00',
    });
    const answer = await makassarOfficer.get(`/complaints/${inWita.complaintId}`);
    expect(answer.body.complaintNumber).toMatch(/^ADU\/7371\/2026\//);
  });

  it('raises a breach on time across the holidays and the weekend, once, with two instances running', async () => {
    deployment.clock.set('2026-03-18T03:00:00Z');
    const second = await deployment.start();
    const late = await receive();
    const inTime = await receive();
    const waiting = await receive();
    expect((await tangerang.post(`/complaints/${inTime.complaintId}/verification`)).status).toBe(
      200,
    );
    expect((await tangerang.post(`/complaints/${waiting.complaintId}/pause`)).status).toBe(200);
    const timerId = slaBreachTimerId(late.complaintId, 'verify', '2026-03-25T23:59:59.999+07:00');

    // A minute before the end of Wednesday 25 March (WIB): still in time, at risk.
    deployment.clock.set('2026-03-25T16:59:00Z');
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect((await complaintEvents(deployment, late.complaintId)).map((e) => e.type)).toEqual([
      'ComplaintReceived',
    ]);
    const atRisk = await tangerang.get(`/complaints/${late.complaintId}`);
    expect(atRisk.body.clocks).toContainEqual(
      expect.objectContaining({ clock: 'verify', sla: 'atRisk' }),
    );

    deployment.clock.set('2026-03-25T17:00:01Z');
    await eventually(async () => {
      const events = await complaintEvents(deployment, late.complaintId);
      return events.some((event) => event.type === 'ComplaintSlaBreached') ? true : undefined;
    }, 'the verification clock to be breached');
    // Fired rows are never taken again: give both instances a few more polls to prove it.
    await new Promise((resolve) => setTimeout(resolve, 1500));

    const events = await complaintEvents(deployment, late.complaintId);
    const breaches = events.filter((event) => event.type === 'ComplaintSlaBreached');
    expect(breaches).toHaveLength(1);
    expect(breaches[0]).toMatchObject({
      eventId: reactionEventId('complaints', `timer:${timerId}`, 'complaint-sla-breach', 0),
      causationId: late.received.eventId,
      correlationId: late.received.correlationId,
      officeCode: '3603',
      serviceStandard: { code: 'bekasi-layanan-rujukan', version: 1 },
      payload: {
        complaintId: late.complaintId,
        clock: 'verify',
        dueAt: '2026-03-25T23:59:59.999+07:00',
      },
    });
    expect(
      (await timersOf(deployment, late.complaintId)).find((t) => t.timer_id === timerId),
    ).toMatchObject({ fired_at: expect.any(Date), cancelled_at: null });
    const breached = await tangerang.get(`/complaints/${late.complaintId}`);
    expect(breached.body.clocks).toContainEqual(
      expect.objectContaining({ clock: 'verify', sla: 'breached', breached: true }),
    );
    for (const other of [inTime, waiting]) {
      const types = (await complaintEvents(deployment, other.complaintId)).map((e) => e.type);
      expect(types).not.toContain('ComplaintSlaBreached');
    }
    // Verified late, it is still verified: the clock stops, breached.
    expect((await tangerang.post(`/complaints/${late.complaintId}/verification`)).status).toBe(200);
    await second.stop();
  });
});
