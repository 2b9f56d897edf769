import type request from 'supertest';
import { ComplaintReplies } from '../replies/complaint-replies';
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

type Step = [path: string, body: object];

const steps = {
  verify: ['verification', {}],
  declineInsufficient: [
    'declining',
    { reason: 'insufficientInformation', explanation: 'Tidak ada keterangan waktu dan tempat.' },
  ],
  assignUnit: ['assignment', { assignee: { kind: 'unit', unit: 'Bidang Rehabilitasi Sosial' } }],
  respond: ['responses', { templateCode: 'response', text: 'Laporan sudah ditindaklanjuti.' }],
  resolve: ['resolution', { outcome: 'upheld', complainantAccepted: true, summary: 'Ditangani.' }],
  reopen: ['reopening', { reason: 'Pelapor menyampaikan keberatan.' }],
  pause: ['pause', { note: 'Menunggu dokumen dari pelapor' }],
  resume: ['resume', {}],
  escalateSupervisor: [
    'escalations',
    { to: 'supervisor', reason: 'Butuh keputusan kepala bidang' },
  ],
} satisfies Record<string, Step>;
type StepName = keyof typeof steps;

/** Every transition of a complaint and the orders it refuses (real PostgreSQL and Kafka). */
describe('the lifecycle of a complaint', () => {
  let deployment: ComplaintsDeployment;
  let http: ReturnType<typeof request>;
  let handler: Officer;
  let send: jest.SpyInstance;

  beforeAll(async () => {
    deployment = await createComplaintsDeployment();
    http = (await deployment.start()).http;
    handler = await officer(deployment, http, 'complaints-officer', '3603');
  });

  beforeEach(() => {
    deployment.clock.set('2026-03-02T02:15:00Z');
    send = jest.spyOn(ComplaintReplies.prototype, 'send');
  });

  afterEach(() => send.mockRestore());

  afterAll(async () => {
    await deployment?.stop();
  });

  const receive = async (body: Record<string, unknown> = {}, by: Officer = handler) => {
    const answer = await by.post('/complaints', complaintBody(body));
    expect(answer.status).toBe(201);
    return answer.body.complaintId as string;
  };
  const take = (complaintId: string, name: StepName, by: Officer = handler) => {
    const [path, body]: Step = steps[name];
    return by.post(`/complaints/${complaintId}/${path}`, body);
  };
  const takeAll = async (complaintId: string, ...names: StepName[]) => {
    for (const name of names) {
      const answer = await take(complaintId, name);
      expect({ name, status: answer.status, body: answer.body }).toMatchObject({
        name,
        status: 200,
      });
    }
  };
  const typesOf = async (complaintId: string) =>
    (await complaintEvents(deployment, complaintId)).map((event) => event.type);
  const openTimers = async (complaintId: string) =>
    (await timersOf(deployment, complaintId))
      .filter((timer) => !timer.fired_at && !timer.cancelled_at)
      .map((timer) => timer.timer_id)
      .sort();

  it('runs from receipt to resolution, reopening and resolution again, the clocks and timers following', async () => {
    const complaintId = await receive();
    const verify = slaBreachTimerId(complaintId, 'verify', '2026-03-05T23:59:59.999+07:00');
    const resolve = slaBreachTimerId(complaintId, 'resolve', '2026-05-01T23:59:59.999+07:00');
    expect(await openTimers(complaintId)).toEqual([resolve, verify].sort());

    deployment.clock.set('2026-03-03T03:00:00Z'); // Tuesday 10:00 WIB
    await takeAll(complaintId, 'verify');
    const [, verified] = await complaintEvents(deployment, complaintId);
    // Follow-up: 5 working days from Tuesday 3 March → Tuesday 10 March.
    expect(verified.payload).toMatchObject({
      verifiedAt: '2026-03-03T03:00:00.000Z',
      clocks: [
        {
          clock: 'followUp',
          code: 'complaint-follow-up',
          dueDate: '2026-03-10',
          dueAt: '2026-03-10T23:59:59.999+07:00',
        },
      ],
    });
    const followUp = slaBreachTimerId(complaintId, 'followUp', '2026-03-10T23:59:59.999+07:00');
    expect(await openTimers(complaintId)).toEqual([followUp, resolve].sort());

    await takeAll(complaintId, 'assignUnit');
    const reassigned = await handler.post(`/complaints/${complaintId}/assignment`, {
      assignee: { kind: 'officer', officerId: 'petugas-3603-2' },
    });
    expect(reassigned.status).toBe(200);
    await takeAll(complaintId, 'respond');
    expect(send).toHaveBeenCalledTimes(1);
    expect(send.mock.calls[0][0]).toMatchObject({
      channel: 'sp4nLapor',
      complaintNumber: expect.stringMatching(/^ADU\/3603\//),
    });
    expect(await openTimers(complaintId)).toEqual([resolve]);

    await takeAll(complaintId, 'resolve');
    expect(await openTimers(complaintId)).toEqual([]);
    deployment.clock.set('2026-03-09T03:00:00Z');
    await takeAll(complaintId, 'reopen');
    // The completion clock runs again: 60 days from 9 March.
    expect(await openTimers(complaintId)).toEqual([
      slaBreachTimerId(complaintId, 'resolve', '2026-05-08T23:59:59.999+07:00'),
    ]);
    await takeAll(complaintId, 'assignUnit', 'respond', 'resolve');

    expect(await typesOf(complaintId)).toEqual([
      'ComplaintReceived',
      'ComplaintVerified',
      'ComplaintAssigned',
      'ComplaintAssigned',
      'ComplaintResponded',
      'ComplaintResolved',
      'ComplaintReopened',
      'ComplaintAssigned',
      'ComplaintResponded',
      'ComplaintResolved',
    ]);
    const events = await complaintEvents(deployment, complaintId);
    expect(events[3].payload).toMatchObject({
      assignee: { kind: 'officer', officerId: 'petugas-3603-2' },
      previousAssignee: 'Bidang Rehabilitasi Sosial',
    });
    expect(events[4].payload).toMatchObject({
      channel: 'sp4nLapor',
      template: { code: 'response', version: 1 },
      response: { keyId: expect.any(String) },
      sentBy: 'officer',
    });
    expect(events[5].payload).toMatchObject({ outcome: 'upheld', complainantAccepted: true });

    const view = await handler.get(`/complaints/${complaintId}?purpose=complaintHandling`);
    expect(view.status).toBe(200);
    expect(view.body).toMatchObject({
      status: 'resolved',
      reopenedTimes: 1,
      clocks: expect.arrayContaining([
        expect.objectContaining({ clock: 'verify', running: false, sla: 'met' }),
        expect.objectContaining({ clock: 'followUp', running: false, sla: 'met' }),
        expect.objectContaining({ clock: 'resolve', running: false, sla: 'met' }),
      ]),
    });
    expect(view.body.history).toContainEqual(
      expect.objectContaining({
        type: 'ComplaintResponded',
        response: expect.stringContaining(''),
      }),
    );
  });

  it('mails the reply to the complainant’s address on an e-mail complaint', async () => {
    const province = await officer(deployment, http, 'complaints-officer', '36');
    const complaintId = await receive(
      {
        channel: 'email',
        channelReference: { kind: 'emailMessageId', value: '<q-17@mail.example.id>' },
        complainant: { name: 'Dewi Lestari', email: 'dewi.l@mail.example.id' },
      },
      province,
    );
    for (const name of ['verify', 'assignUnit', 'respond'] as const) {
      expect((await take(complaintId, name, province)).status).toBe(200);
    }
    expect(send).toHaveBeenCalledTimes(1);
    expect(send.mock.calls[0][0]).toMatchObject({
      channel: 'email',
      to: 'dewi.l@mail.example.id',
    });
    const sent = (await send.mock.results[0].value) as { sentBy: string; messageId?: string };
    const responded = (await complaintEvents(deployment, complaintId)).find(
      (event) => event.type === 'ComplaintResponded',
    )!;
    expect(responded.payload).toMatchObject({ channel: 'email', sentBy: sent.sentBy });
    expect(JSON.stringify(responded)).not.toContain('dewi.l@');
    // A retry of the same request answers again and mails nothing more.
    const key = 'e3b0c442-98fc-4c14-9afb-f4c8996fb924';
    const first = await province.post(
      `/complaints/${complaintId}/responses`,
      steps.respond[1],
      key,
    );
    const again = await province.post(
      `/complaints/${complaintId}/responses`,
      steps.respond[1],
      key,
    );
    expect(again.body).toEqual(first.body);
    expect(send).toHaveBeenCalledTimes(2);
  });

  /** From each status, the orders that are refused (422), with nothing appended. */
  const forbidden: [string, StepName[], StepName[]][] = [
    ['received', [], ['assignUnit', 'respond', 'resolve', 'reopen', 'resume']],
    ['verified', ['verify'], ['verify', 'declineInsufficient', 'respond', 'resolve', 'reopen']],
    ['assigned', ['verify', 'assignUnit'], ['verify', 'declineInsufficient', 'resolve', 'reopen']],
    [
      'responded',
      ['verify', 'assignUnit', 'respond'],
      // The completion clock still runs: it may be paused, not resumed.
      ['verify', 'declineInsufficient', 'reopen', 'resume'],
    ],
    [
      'resolved',
      ['verify', 'assignUnit', 'respond', 'resolve'],
      [
        'verify',
        'declineInsufficient',
        'assignUnit',
        'respond',
        'resolve',
        'escalateSupervisor',
        'pause',
      ],
    ],
    [
      'declined',
      ['declineInsufficient'],
      ['verify', 'declineInsufficient', 'assignUnit', 'respond', 'resolve', 'pause', 'resume'],
    ],
  ];

  it.each(forbidden)(
    'refuses out-of-order steps of a %s complaint (422), appending nothing',
    async (_status, before, refused) => {
      const complaintId = await receive();
      await takeAll(complaintId, ...before);
      const types = await typesOf(complaintId);
      const timers = await openTimers(complaintId);
      send.mockClear();
      for (const name of refused) {
        const answer = await take(complaintId, name);
        expect({ name, status: answer.status }).toEqual({ name, status: 422 });
        expect(answer.body.detail).toEqual(expect.any(String));
      }
      expect(await typesOf(complaintId)).toEqual(types);
      expect(await openTimers(complaintId)).toEqual(timers);
      expect(send).not.toHaveBeenCalled();
    },
  );

  it('declines with each reason: forwarded to a named body, a duplicate of a named complaint, insufficient information', async () => {
    const earlier = await receive();
    const forwarded = await receive();
    const duplicate = await receive();
    const insufficient = await receive();
    const declined = await Promise.all([
      handler.post(`/complaints/${forwarded}/declining`, {
        reason: 'notOurAuthority',
        forwardedTo: 'Dinas Kesehatan Kabupaten Tangerang',
        explanation: 'Pelayanan puskesmas di luar kewenangan Dinas Sosial.',
      }),
      handler.post(`/complaints/${duplicate}/declining`, {
        reason: 'duplicate',
        duplicateOf: earlier,
        explanation: 'Sama dengan pengaduan sebelumnya.',
      }),
      take(insufficient, 'declineInsufficient'),
    ]);
    expect(declined.map((answer) => answer.status)).toEqual([200, 200, 200]);
    expect((await complaintEvents(deployment, forwarded))[1].payload).toMatchObject({
      reason: 'notOurAuthority',
      forwardedTo: 'Dinas Kesehatan Kabupaten Tangerang',
    });
    expect((await complaintEvents(deployment, duplicate))[1].payload).toMatchObject({
      reason: 'duplicate',
      duplicateOf: earlier,
    });
    for (const id of [forwarded, duplicate, insufficient]) {
      expect(await openTimers(id)).toEqual([]);
    }
    // A duplicate of no complaint, or of itself: 422; the reason without its name: 400.
    const another = await receive();
    const refused = [
      await handler.post(`/complaints/${another}/declining`, {
        reason: 'duplicate',
        duplicateOf: '11111111-2222-4333-8444-555555555555',
        explanation: 'Sama.',
      }),
      await handler.post(`/complaints/${another}/declining`, {
        reason: 'duplicate',
        duplicateOf: another,
        explanation: 'Sama.',
      }),
    ];
    expect(refused.map((answer) => answer.status)).toEqual([422, 422]);
    const bad = [
      { reason: 'notOurAuthority', explanation: 'Bukan kewenangan.' },
      { reason: 'duplicate', explanation: 'Sama.' },
      { reason: 'insufficientInformation', forwardedTo: 'Dinkes', explanation: 'Kurang.' },
      { reason: 'boredom', explanation: 'x' },
      { reason: 'insufficientInformation' },
    ];
    for (const body of bad) {
      const answer = await handler.post(`/complaints/${another}/declining`, body);
      expect({ body, status: answer.status }).toEqual({ body, status: 400 });
    }
    expect(await typesOf(another)).toEqual(['ComplaintReceived']);
  });

  it('escalates to a supervisor and to the province, once each; reopens a declined complaint', async () => {
    const complaintId = await receive();
    await takeAll(complaintId, 'escalateSupervisor');
    expect((await take(complaintId, 'escalateSupervisor')).status).toBe(422);
    const toProvince = await handler.post(`/complaints/${complaintId}/escalations`, {
      to: 'provincialOffice',
      reason: 'Melibatkan pejabat kabupaten',
    });
    expect(toProvince.status).toBe(200);
    // The province office sees and acts on it.
    const province = await officer(deployment, http, 'supervisor', '36');
    expect((await take(complaintId, 'declineInsufficient', province)).status).toBe(200);
    expect(await openTimers(complaintId)).toEqual([]);
    deployment.clock.set('2026-03-04T03:00:00Z');
    await takeAll(complaintId, 'reopen');
    expect(await openTimers(complaintId)).toEqual([
      slaBreachTimerId(complaintId, 'resolve', '2026-05-03T23:59:59.999+07:00'),
    ]);
    const view = await handler.get(`/complaints/${complaintId}`);
    expect(view.body).toMatchObject({
      status: 'verified',
      escalations: ['supervisor', 'provincialOffice'],
    });
  });

  it('pauses the clocks while waiting for the complainant and moves them on by the time paused', async () => {
    const complaintId = await receive();
    deployment.clock.set('2026-03-03T03:00:00Z');
    await takeAll(complaintId, 'pause');
    expect((await take(complaintId, 'pause')).status).toBe(422);
    expect(await openTimers(complaintId)).toEqual([]);
    const paused = await handler.get(`/complaints/${complaintId}`);
    expect(paused.body).toMatchObject({
      paused: {
        since: '2026-03-03T03:00:00.000Z',
        reason: 'waitingForComplainant',
        inWords: 'waiting for the complainant',
      },
      clocks: expect.arrayContaining([
        expect.objectContaining({
          clock: 'verify',
          paused: expect.objectContaining({ inWords: 'waiting for the complainant' }),
        }),
      ]),
    });

    // Paused 1 day 2 hours: each due time moves on by as much.
    deployment.clock.set('2026-03-04T05:00:00Z');
    await takeAll(complaintId, 'resume');
    expect((await take(complaintId, 'resume')).status).toBe(422);
    const resumed = (await complaintEvents(deployment, complaintId)).at(-1)!;
    expect(resumed).toMatchObject({
      type: 'ComplaintClockResumed',
      payload: {
        resumedAt: '2026-03-04T05:00:00.000Z',
        clocks: [
          {
            clock: 'verify',
            code: 'complaint-verify',
            dueDate: '2026-03-07',
            dueAt: '2026-03-07T01:59:59.999+07:00',
          },
          {
            clock: 'resolve',
            code: 'complaint-resolve',
            dueDate: '2026-05-03',
            dueAt: '2026-05-03T01:59:59.999+07:00',
          },
        ],
      },
    });
    expect(await openTimers(complaintId)).toEqual(
      [
        slaBreachTimerId(complaintId, 'verify', '2026-03-07T01:59:59.999+07:00'),
        slaBreachTimerId(complaintId, 'resolve', '2026-05-03T01:59:59.999+07:00'),
      ].sort(),
    );
    const timers = await timersOf(deployment, complaintId);
    expect(timers.filter((timer) => timer.cancelled_at)).toHaveLength(2);
    const view = await handler.get(`/complaints/${complaintId}`);
    expect(view.body.paused).toBeUndefined();
  });

  it('keeps complaints to the offices that serve them and to complaint handlers', async () => {
    const complaintId = await receive();
    const elsewhere = await officer(deployment, http, 'complaints-officer', '3601');
    expect((await take(complaintId, 'verify', elsewhere)).status).toBe(404);
    expect((await elsewhere.get(`/complaints/${complaintId}`)).status).toBe(404);
    const socialWorker = await officer(deployment, http, 'social-worker', '3603');
    expect((await take(complaintId, 'verify', socialWorker)).status).toBe(403);
    const unknown = '11111111-2222-4333-8444-555555555555';
    expect((await take(unknown, 'verify')).status).toBe(404);
    expect((await handler.get(`/complaints/${unknown}`)).status).toBe(404);
    expect(await typesOf(complaintId)).toEqual(['ComplaintReceived']);
  });

  it('refuses bad lifecycle bodies (400), changing nothing', async () => {
    const complaintId = await receive();
    const bad: Step[] = [
      ['verification', { verifiedAt: 'yesterday' }],
      ['assignment', { assignee: { kind: 'team', name: 'x' } }],
      ['assignment', {}],
      ['responses', { templateCode: 'response' }],
      ['resolution', { outcome: 'maybe', summary: 'x' }],
      ['escalations', { to: 'minister', reason: 'x' }],
      ['reopening', {}],
      ['pause', { reason: 'lunch' }],
    ];
    for (const [path, body] of bad) {
      const answer = await handler.post(`/complaints/${complaintId}/${path}`, body);
      expect({ path, status: answer.status }).toEqual({ path, status: 400 });
    }
    expect((await handler.post('/complaints/not-a-uuid/verification', {})).status).toBe(400);
    expect(await typesOf(complaintId)).toEqual(['ComplaintReceived']);
  });
});
