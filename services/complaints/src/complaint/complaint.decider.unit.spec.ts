import { examples } from '@dinsos/contracts';
import { UncataloguedEventError, cataloguedEvent, given } from '@dinsos/platform/domain';
import {
  complaintDecider,
  complaintStreamId,
  runningClocks,
  type ClockDue,
  type ComplaintCommand,
  type ComplaintEvent,
  type ComplaintStatus,
} from './complaint.decider';

// ---- builders ---------------------------------------------------------------------------------

type Command<T extends ComplaintCommand['type']> = Extract<ComplaintCommand, { type: T }>;

const complaintId = 'cmp-3216-2026-000007';
const complainantId = '6a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d';
const sealed = (label: string, subjectId: string = complainantId) =>
  examples.exampleEncryptedField(`key-${subjectId}`, label);
const complainant = { personId: complainantId, name: sealed('complainant name') };
const bekasi = { code: 'bekasi-pengaduan', version: 1 };
const siti = { kind: 'officer' as const, officerId: 'officer-siti' };
const budi = { kind: 'officer' as const, officerId: 'officer-budi' };
const rehsos = { kind: 'unit' as const, unit: 'Bidang Rehabilitasi Sosial' };

const due = (clock: ClockDue['clock'], dueDate: string, code = `sp4n-${clock}`): ClockDue => ({
  clock,
  code,
  dueDate,
  dueAt: `${dueDate}T23:59:59+07:00`,
});
const verifyDue = due('verify', '2026-03-05');
const resolveDue = due('resolve', '2026-05-01');
const followUpDue = due('followUp', '2026-03-11');
const reopenedResolveDue = due('resolve', '2026-07-15');

const receivedAt = '2026-03-02T09:15:00+07:00';
const receive: Command<'ReceiveComplaint'> = {
  type: 'ReceiveComplaint',
  complaintId,
  complaintNumber: 'ADU-3216-2026-0007',
  officeCode: '3216',
  serviceStandard: bekasi,
  channel: 'email',
  channelReference: { kind: 'emailMessageId', value: '<abc@mail.example>' },
  classification: 'complaint',
  complainant,
  text: sealed('complaint text'),
  about: { caseId: '3216-2026-000042' },
  receivedAt,
  clocks: [verifyDue, resolveDue],
};
const { type: _receive, ...receivedPayload } = receive;
const received = cataloguedEvent('ComplaintReceived', receivedPayload);

const verify: Command<'VerifyComplaint'> = {
  type: 'VerifyComplaint',
  verifiedAt: '2026-03-03T10:00:00+07:00',
  clocks: [followUpDue],
};
const verified = cataloguedEvent('ComplaintVerified', {
  complaintId,
  verifiedAt: verify.verifiedAt,
  clocks: [followUpDue],
});

const declineFields = {
  declinedAt: '2026-03-03T11:00:00+07:00',
  reason: 'insufficientInformation' as const,
  explanation: 'The complaint names no service, date or office.',
};
const decline = (
  fields: Partial<Command<'DeclineComplaint'>> = {},
): Command<'DeclineComplaint'> => ({
  type: 'DeclineComplaint',
  ...declineFields,
  ...fields,
});
const declined = cataloguedEvent('ComplaintDeclined', { complaintId, ...declineFields });

type Assignee = Command<'AssignComplaint'>['assignee'];
const assign = (assignee: Assignee): Command<'AssignComplaint'> => ({
  type: 'AssignComplaint',
  assignee,
});
const assigned = (assignee: Assignee, previousAssignee?: string) =>
  cataloguedEvent('ComplaintAssigned', {
    complaintId,
    assignee,
    ...(previousAssignee !== undefined ? { previousAssignee } : {}),
  });

const respondFields = (respondedAt = '2026-03-09T14:00:00+07:00', label = 'reply') => ({
  template: { code: 'complaint-reply', version: 1 },
  response: sealed(label),
  sentBy: 'smtp' as const,
  messageId: `<${label}@dinsos.example>`,
  respondedAt,
});
const respond = (respondedAt?: string, label?: string): Command<'RecordResponse'> => ({
  type: 'RecordResponse',
  ...respondFields(respondedAt, label),
});
const responded = (respondedAt?: string, label?: string) =>
  cataloguedEvent('ComplaintResponded', {
    complaintId,
    channel: 'email',
    ...respondFields(respondedAt, label),
  });

const resolveFields = {
  resolvedAt: '2026-03-20T09:00:00+07:00',
  outcome: 'partlyUpheld' as const,
  summary: 'The assistance was paid late; the payment schedule was corrected.',
};
const resolve: Command<'ResolveComplaint'> = { type: 'ResolveComplaint', ...resolveFields };
const resolved = cataloguedEvent('ComplaintResolved', { complaintId, ...resolveFields });

type Level = Command<'EscalateComplaint'>['to'];
const escalate = (to: Level = 'supervisor'): Command<'EscalateComplaint'> => ({
  type: 'EscalateComplaint',
  to,
  reason: 'No reply within the follow-up time.',
});
const escalated = (to: Level = 'supervisor') =>
  cataloguedEvent('ComplaintEscalated', {
    complaintId,
    to,
    reason: 'No reply within the follow-up time.',
  });

const reopenFields = {
  reopenedAt: '2026-04-02T08:00:00+07:00',
  reason: 'The corrected payment did not arrive.',
  clocks: [reopenedResolveDue],
};
const reopen: Command<'ReopenComplaint'> = { type: 'ReopenComplaint', ...reopenFields };
const reopened = cataloguedEvent('ComplaintReopened', { complaintId, ...reopenFields });

const pausedAt = '2026-03-04T08:00:00+07:00';
const pause: Command<'PauseClocks'> = {
  type: 'PauseClocks',
  pausedAt,
  reason: 'waitingForComplainant',
  note: 'Asked for the payment date.',
};
const paused = cataloguedEvent('ComplaintClockPaused', {
  complaintId,
  pausedAt,
  reason: 'waitingForComplainant',
  note: 'Asked for the payment date.',
});

const resumedAt = '2026-03-06T08:00:00+07:00';
const movedVerifyDue = due('verify', '2026-03-09');
const movedResolveDue = due('resolve', '2026-05-05');
const resume = (
  clocks: ClockDue[] = [movedVerifyDue, movedResolveDue],
): Command<'ResumeClocks'> => ({
  type: 'ResumeClocks',
  resumedAt,
  clocks,
});
const resumed = (clocks: ClockDue[] = [movedVerifyDue, movedResolveDue]) =>
  cataloguedEvent('ComplaintClockResumed', { complaintId, resumedAt, clocks });

const markBreached = (clock: ClockDue): Command<'MarkBreached'> => ({
  type: 'MarkBreached',
  clock: clock.clock,
  dueAt: clock.dueAt,
});
const breached = (clock: ClockDue) =>
  cataloguedEvent('ComplaintSlaBreached', { complaintId, clock: clock.clock, dueAt: clock.dueAt });

/** The complaint in each status, by the shortest way there. */
const inStatus: Record<Exclude<ComplaintStatus, 'notReceived'>, ComplaintEvent[]> = {
  received: [received],
  verified: [received, verified],
  declined: [received, declined],
  assigned: [received, verified, assigned(siti)],
  responded: [received, verified, assigned(siti), responded()],
  resolved: [received, verified, assigned(siti), responded(), resolved],
};

// ---- specs ------------------------------------------------------------------------------------

describe('receiving a complaint', () => {
  it('lives in the stream complaint-<complaintId>', () => {
    expect(complaintStreamId(complaintId)).toBe(`complaint-${complaintId}`);
  });

  it('records the complaint as received, its clocks as given, the complainant as a subject', () => {
    const [event] = given(complaintDecider).when(receive).then([received]);
    expect(event.subjectIds).toEqual([complainantId]);
  });

  it('accepts anonymous whistle-blowing: no complainant is needed', () => {
    const { complainant: _complainant, ...anonymous } = receive;
    const whistle: Command<'ReceiveComplaint'> = { ...anonymous, classification: 'whistleblowing' };
    const { type: _type, ...payload } = whistle;
    const [event] = given(complaintDecider)
      .when(whistle)
      .then([cataloguedEvent('ComplaintReceived', payload)]);
    expect(event.subjectIds).toEqual([]);
    expect(given(complaintDecider, [event]).state().complainantNamed).toBe(false);
  });

  it('leaves out optional fields given as undefined', () => {
    const { channelReference: _reference, about: _about, ...bare } = receivedPayload;
    const [event] = given(complaintDecider)
      .when({ ...receive, channelReference: undefined, about: undefined })
      .then([cataloguedEvent('ComplaintReceived', bare)]);
    expect(event.payload).not.toHaveProperty('channelReference');
    expect(given(complaintDecider, [event]).state()).not.toHaveProperty('about');
  });

  it('receives a complaint once: a second on the same stream is refused', () => {
    const refusal = given(complaintDecider, [received])
      .when(receive)
      .thenRefuses('complaint-exists');
    expect(refusal.message).toMatch(/already received.*ADU-3216-2026-0007.*new id/);
  });

  it('remembers the documented state, its clocks running', () => {
    expect(given(complaintDecider, [received]).state()).toEqual({
      status: 'received',
      complaintId,
      complaintNumber: 'ADU-3216-2026-0007',
      officeCode: '3216',
      serviceStandard: bekasi,
      channel: 'email',
      classification: 'complaint',
      complainantNamed: true,
      complainantPersonId: complainantId,
      about: { caseId: '3216-2026-000042' },
      receivedAt,
      clocks: {
        verify: {
          code: 'sp4n-verify',
          dueDate: '2026-03-05',
          dueAt: '2026-03-05T23:59:59+07:00',
          running: true,
          breached: false,
        },
        resolve: {
          code: 'sp4n-resolve',
          dueDate: '2026-05-01',
          dueAt: '2026-05-01T23:59:59+07:00',
          running: true,
          breached: false,
        },
      },
      escalations: [],
      reopenedTimes: 0,
    });
  });

  it('decides only what the contracts accept', () => {
    expect(() =>
      given(complaintDecider)
        .when({ ...receive, complaintNumber: '' })
        .then([]),
    ).toThrow(UncataloguedEventError);
  });
});

describe('nothing happens to a complaint never received', () => {
  const lifecycle: ComplaintCommand[] = [
    verify,
    decline(),
    assign(siti),
    respond(),
    resolve,
    escalate(),
    reopen,
    pause,
    resume(),
  ];
  it.each(lifecycle.map((command) => [command.type, command] as const))(
    '%s is refused: complaint-not-found',
    (_type, command) => {
      const refusal = given(complaintDecider).when(command).thenRefuses('complaint-not-found');
      expect(refusal.message).toMatch(/No complaint was received under this id/);
    },
  );

  it("ignores the timer's breach (never refused)", () => {
    given(complaintDecider).when(markBreached(verifyDue)).thenNothingHappens();
  });
});

describe('the order of the steps', () => {
  /** Commands that would be decided in each status (a reassignment to someone new). */
  const commands: Record<string, ComplaintCommand> = {
    VerifyComplaint: verify,
    DeclineComplaint: decline(),
    AssignComplaint: assign(budi),
    RecordResponse: respond('2026-03-19T10:00:00+07:00', 'further reply'),
    ResolveComplaint: resolve,
    EscalateComplaint: escalate(),
    ReopenComplaint: reopen,
  };
  const allowed: Record<keyof typeof inStatus, string[]> = {
    received: ['VerifyComplaint', 'DeclineComplaint', 'EscalateComplaint'],
    verified: ['AssignComplaint', 'EscalateComplaint'],
    assigned: ['AssignComplaint', 'RecordResponse', 'EscalateComplaint'],
    responded: ['AssignComplaint', 'RecordResponse', 'ResolveComplaint', 'EscalateComplaint'],
    resolved: ['ReopenComplaint'],
    declined: ['ReopenComplaint'],
  };
  const table = (Object.keys(inStatus) as (keyof typeof inStatus)[]).flatMap((status) =>
    Object.keys(commands).map((type) => [status, type, allowed[status].includes(type)] as const),
  );

  it.each(table)('when %s, %s is allowed: %s', (status, type, isAllowed) => {
    const past = given(complaintDecider, inStatus[status]);
    if (isAllowed) {
      expect(complaintDecider.decide(commands[type], past.state())).toHaveLength(1);
    } else {
      const refusal = past.when(commands[type]).thenRefuses('out-of-order');
      expect(refusal.message).toMatch(/^This complaint is .*: it cannot be .* now\. Next, .*\.$/);
    }
  });

  it('names the current status and what may come next', () => {
    expect(
      given(complaintDecider, inStatus.received).when(resolve).thenRefuses('out-of-order').message,
    ).toBe(
      'This complaint is received and not yet verified: it cannot be resolved now. Next, verify it or decline it.',
    );
    expect(
      given(complaintDecider, inStatus.resolved).when(verify).thenRefuses('out-of-order').message,
    ).toBe(
      'This complaint is resolved: it cannot be verified now. Next, reopen it if it must be handled again.',
    );
  });
});

describe('verifying or declining', () => {
  it('verifies a received complaint: verify stops, follow-up starts', () => {
    given(complaintDecider, [received]).when(verify).then([verified]);
    const state = given(complaintDecider, [received, verified]).state();
    expect(state.status).toBe('verified');
    expect(state.clocks.verify?.running).toBe(false);
    expect(runningClocks(state).map(([clock]) => clock)).toEqual(['resolve', 'followUp']);
  });

  it('declines for insufficient information, stopping verify and resolve', () => {
    given(complaintDecider, [received]).when(decline()).then([declined]);
    const state = given(complaintDecider, [received, declined]).state();
    expect(state.status).toBe('declined');
    expect(runningClocks(state)).toEqual([]);
  });

  it('declines as not our authority only when forwarded to a named body', () => {
    const refusal = given(complaintDecider, [received])
      .when(decline({ reason: 'notOurAuthority' }))
      .thenRefuses('forwarded-to-missing');
    expect(refusal.message).toMatch(/name the body it was forwarded to/);
    given(complaintDecider, [received])
      .when(decline({ reason: 'notOurAuthority', forwardedTo: 'BPJS Kesehatan Cabang Bekasi' }))
      .then([
        cataloguedEvent('ComplaintDeclined', {
          complaintId,
          ...declineFields,
          reason: 'notOurAuthority',
          forwardedTo: 'BPJS Kesehatan Cabang Bekasi',
        }),
      ]);
  });

  it('declines as a duplicate only of another named complaint', () => {
    given(complaintDecider, [received])
      .when(decline({ reason: 'duplicate' }))
      .thenRefuses('duplicate-of-missing');
    const itself = given(complaintDecider, [received])
      .when(decline({ reason: 'duplicate', duplicateOf: complaintId }))
      .thenRefuses('duplicate-of-itself');
    expect(itself.message).toMatch(/cannot be a duplicate of itself/);
    given(complaintDecider, [received])
      .when(decline({ reason: 'duplicate', duplicateOf: 'cmp-3216-2026-000003' }))
      .then([
        cataloguedEvent('ComplaintDeclined', {
          complaintId,
          ...declineFields,
          reason: 'duplicate',
          duplicateOf: 'cmp-3216-2026-000003',
        }),
      ]);
  });
});

describe('assignment', () => {
  it('assigns a verified complaint to an officer', () => {
    given(complaintDecider, inStatus.verified)
      .when(assign(siti))
      .then([assigned(siti)]);
    const state = given(complaintDecider, inStatus.assigned).state();
    expect(state.status).toBe('assigned');
    expect(state.assignee).toEqual(siti);
  });

  it('reassigns to a unit, naming the previous officer, and keeps the status', () => {
    given(complaintDecider, inStatus.assigned)
      .when(assign(rehsos))
      .then([assigned(rehsos, 'officer-siti')]);
    const state = given(complaintDecider, [
      ...inStatus.responded,
      assigned(rehsos, 'officer-siti'),
    ]).state();
    expect(state.status).toBe('responded');
    expect(state.assignee).toEqual(rehsos);
  });

  it('names the previous unit by its name', () => {
    given(complaintDecider, [...inStatus.verified, assigned(rehsos)])
      .when(assign(budi))
      .then([assigned(budi, 'Bidang Rehabilitasi Sosial')]);
  });

  it('records nothing when the complaint is assigned again to whoever holds it', () => {
    given(complaintDecider, inStatus.assigned).when(assign(siti)).thenNothingHappens();
    given(complaintDecider, inStatus.responded).when(assign(siti)).thenNothingHappens();
  });
});

describe('the reply and the resolution', () => {
  it("answers on the complaint's own channel and stops the follow-up clock", () => {
    given(complaintDecider, inStatus.assigned).when(respond()).then([responded()]);
    const state = given(complaintDecider, inStatus.responded).state();
    expect(state.status).toBe('responded');
    expect(state.clocks.followUp).toMatchObject({ running: false, breached: false });
    expect(state.clocks.resolve?.running).toBe(true);
  });

  it('fills the channel whatever it was (a complaint box)', () => {
    const boxed = cataloguedEvent('ComplaintReceived', {
      ...receivedPayload,
      channel: 'complaintBox',
    });
    given(complaintDecider, [boxed, verified, assigned(siti)])
      .when(respond())
      .then([
        cataloguedEvent('ComplaintResponded', {
          complaintId,
          channel: 'complaintBox',
          ...respondFields(),
        }),
      ]);
  });

  it('allows a further reply', () => {
    given(complaintDecider, inStatus.responded)
      .when(respond('2026-03-12T09:00:00+07:00', 'second reply'))
      .then([responded('2026-03-12T09:00:00+07:00', 'second reply')]);
  });

  it('resolves an answered complaint and stops the resolution clock', () => {
    given(complaintDecider, inStatus.responded).when(resolve).then([resolved]);
    const state = given(complaintDecider, inStatus.resolved).state();
    expect(state.status).toBe('resolved');
    expect(runningClocks(state)).toEqual([]);
  });

  it("records the complainant's acceptance when given", () => {
    given(complaintDecider, inStatus.responded)
      .when({ ...resolve, complainantAccepted: true })
      .then([
        cataloguedEvent('ComplaintResolved', {
          complaintId,
          ...resolveFields,
          complainantAccepted: true,
        }),
      ]);
  });
});

describe('escalation', () => {
  it('escalates an open complaint to the supervisor, then to the provincial office', () => {
    given(complaintDecider, inStatus.received).when(escalate()).then([escalated()]);
    given(complaintDecider, [...inStatus.assigned, escalated()])
      .when(escalate('provincialOffice'))
      .then([escalated('provincialOffice')]);
    expect(
      given(complaintDecider, [
        ...inStatus.assigned,
        escalated(),
        escalated('provincialOffice'),
      ]).state().escalations,
    ).toEqual(['supervisor', 'provincialOffice']);
  });

  it('refuses escalating twice to the same level', () => {
    const refusal = given(complaintDecider, [...inStatus.verified, escalated()])
      .when(escalate())
      .thenRefuses('already-escalated');
    expect(refusal.message).toMatch(/already escalated to the supervisor/);
  });

  it('escalation keeps the status', () => {
    expect(given(complaintDecider, [...inStatus.assigned, escalated()]).state().status).toBe(
      'assigned',
    );
  });
});

describe('reopening', () => {
  it('reopens a resolved complaint: verified again, the resolution clock running anew', () => {
    given(complaintDecider, inStatus.resolved).when(reopen).then([reopened]);
    const state = given(complaintDecider, [...inStatus.resolved, reopened]).state();
    expect(state.status).toBe('verified');
    expect(state.reopenedTimes).toBe(1);
    expect(state.clocks.resolve).toEqual({
      code: reopenedResolveDue.code,
      dueDate: reopenedResolveDue.dueDate,
      dueAt: reopenedResolveDue.dueAt,
      running: true,
      breached: false,
    });
  });

  it('reopens a declined complaint', () => {
    given(complaintDecider, inStatus.declined).when(reopen).then([reopened]);
  });

  it('goes round again after reopening: assign (also to the same officer), reply, resolve', () => {
    const again = [...inStatus.resolved, reopened];
    given(complaintDecider, again)
      .when(assign(siti))
      .then([assigned(siti, 'officer-siti')]);
    const later = [...again, assigned(siti, 'officer-siti')];
    given(complaintDecider, later).when(respond()).then([responded()]);
    given(complaintDecider, [...later, responded()])
      .when(resolve)
      .then([resolved]);
    const twice = [...later, responded(), resolved, reopened];
    expect(given(complaintDecider, twice).state().reopenedTimes).toBe(2);
  });
});

describe('pausing and resuming the clocks', () => {
  it('pauses the running clocks while waiting for the complainant', () => {
    given(complaintDecider, [received]).when(pause).then([paused]);
    expect(given(complaintDecider, [received, paused]).state().pausedSince).toBe(pausedAt);
  });

  it('refuses a second pause', () => {
    const refusal = given(complaintDecider, [received, paused])
      .when(pause)
      .thenRefuses('already-paused');
    expect(refusal.message).toMatch(/already paused \(since 2026-03-04T08:00:00\+07:00\)/);
  });

  it('refuses a pause when no clock runs (resolved or declined)', () => {
    given(complaintDecider, inStatus.resolved).when(pause).thenRefuses('no-clock-running');
    given(complaintDecider, inStatus.declined).when(pause).thenRefuses('no-clock-running');
  });

  it('refuses a resume unless paused', () => {
    const refusal = given(complaintDecider, [received]).when(resume()).thenRefuses('not-paused');
    expect(refusal.message).toMatch(/not paused/);
  });

  it('resumes with the new due dates of the running clocks', () => {
    given(complaintDecider, [received, paused]).when(resume()).then([resumed()]);
    const state = given(complaintDecider, [received, paused, resumed()]).state();
    expect(state.pausedSince).toBeUndefined();
    expect(state.clocks.verify).toMatchObject({ dueAt: movedVerifyDue.dueAt, running: true });
    expect(state.clocks.resolve).toMatchObject({ dueDate: '2026-05-05', running: true });
  });

  it('moves no clock that is not running', () => {
    const past = [...inStatus.verified, paused, resumed([movedVerifyDue])];
    const state = given(complaintDecider, past).state();
    expect(state.clocks.verify).toMatchObject({ dueAt: verifyDue.dueAt, running: false });
  });

  it('keeps the pause through a verification: follow-up starts, paused, nothing resumes', () => {
    given(complaintDecider, [received, paused]).when(verify).then([verified]);
    const state = given(complaintDecider, [received, paused, verified]).state();
    expect(state.pausedSince).toBe(pausedAt);
    expect(state.clocks.followUp?.running).toBe(true);
    given(complaintDecider, [received, paused, verified])
      .when(markBreached(followUpDue))
      .thenNothingHappens();
  });

  it('still decides the other steps while paused', () => {
    given(complaintDecider, [...inStatus.assigned, paused])
      .when(respond())
      .then([responded()]);
    given(complaintDecider, [...inStatus.responded, paused])
      .when(resolve)
      .then([resolved]);
    given(complaintDecider, [received, paused]).when(decline()).then([declined]);
  });
});

describe("the timer's breach, raised once", () => {
  it('breaches a running clock at its due time', () => {
    given(complaintDecider, [received])
      .when(markBreached(verifyDue))
      .then([breached(verifyDue)]);
    expect(
      given(complaintDecider, [received, breached(verifyDue)]).state().clocks.verify,
    ).toMatchObject({ running: true, breached: true });
  });

  it('breaches when the due instant is the same, whatever its offset', () => {
    given(complaintDecider, [received])
      .when({ type: 'MarkBreached', clock: 'verify', dueAt: '2026-03-05T16:59:59Z' })
      .then([breached(verifyDue)]);
  });

  it('breaches once: the timer firing twice records nothing the second time', () => {
    given(complaintDecider, [received, breached(verifyDue)])
      .when(markBreached(verifyDue))
      .thenNothingHappens();
  });

  it('ignores a clock that was stopped', () => {
    given(complaintDecider, inStatus.verified).when(markBreached(verifyDue)).thenNothingHappens();
    given(complaintDecider, inStatus.responded)
      .when(markBreached(followUpDue))
      .thenNothingHappens();
    given(complaintDecider, inStatus.resolved).when(markBreached(resolveDue)).thenNothingHappens();
    given(complaintDecider, inStatus.declined).when(markBreached(resolveDue)).thenNothingHappens();
  });

  it('ignores a clock never started', () => {
    given(complaintDecider, [received]).when(markBreached(followUpDue)).thenNothingHappens();
  });

  it('ignores a due time other than the clock’s', () => {
    given(complaintDecider, [received]).when(markBreached(movedVerifyDue)).thenNothingHappens();
  });

  it('ignores the timer while the clocks are paused', () => {
    given(complaintDecider, [received, paused]).when(markBreached(verifyDue)).thenNothingHappens();
  });

  it('after a resume, ignores the old due and breaches at the new one', () => {
    const past = [received, paused, resumed()];
    given(complaintDecider, past).when(markBreached(verifyDue)).thenNothingHappens();
    given(complaintDecider, past)
      .when(markBreached(movedVerifyDue))
      .then([breached(movedVerifyDue)]);
  });

  it('a breached clock stays breached through a resume', () => {
    const past = [received, breached(verifyDue), paused, resumed()];
    expect(given(complaintDecider, past).state().clocks.verify).toMatchObject({
      breached: true,
      dueAt: movedVerifyDue.dueAt,
    });
    given(complaintDecider, past).when(markBreached(movedVerifyDue)).thenNothingHappens();
  });

  it('a reopening runs the resolution clock anew: it may breach again', () => {
    const past = [
      received,
      verified,
      assigned(siti),
      responded(),
      breached(resolveDue),
      resolved,
      reopened,
    ];
    given(complaintDecider, past).when(markBreached(resolveDue)).thenNothingHappens();
    given(complaintDecider, past)
      .when(markBreached(reopenedResolveDue))
      .then([breached(reopenedResolveDue)]);
  });
});
