import { dueDateOf, sp4nLaporComplaintSla, type TimeLimit } from '@dinsos/service-standards';
import { foldCaseSummary } from './case-summary';
import {
  complaintSlaAt,
  evolveComplaintSummary,
  foldComplaintSummary,
  initialComplaintSummary,
} from './complaint-summary';
import { bekasi, enc, eventLog, ids, positionOf } from './testing/case-events';
import { bekasiCaseId, bekasiOpening } from './testing/scenarios';

/** A clock as the complaints service states it: SP4N-LAPOR!'s limit in the office's zone. */
function clockDue(clock: 'verify' | 'followUp' | 'resolve', limit: TimeLimit, from: string) {
  const due = dueDateOf(limit, from, { timeZone: 'Asia/Jakarta' });
  return { clock, code: limit.code, dueDate: due.dueDate, dueAt: due.dueAt };
}

const receivedAt = '2026-03-02T09:00:00+07:00'; // a Monday
const verifiedAt = '2026-03-04T10:00:00+07:00';

function complaintEvents(caseId: string | null = null) {
  const event = eventLog({
    caseId,
    officeCode: '3603',
    serviceStandard: bekasi,
    firstPosition: 100,
  });
  const officer = { id: 'co-1', role: 'complaints-officer', officeCode: '3603' };
  const received = event(
    'ComplaintReceived',
    receivedAt,
    {
      complaintId: 'complaint-1',
      complaintNumber: 'ADU/3603/2026/0001',
      officeCode: '3603',
      serviceStandard: bekasi,
      channel: 'smsWhatsapp',
      channelReference: { kind: 'messageReceivedAt', value: receivedAt },
      classification: 'complaint',
      complainant: { personId: ids.complainantId, name: enc('name', ids.complainantId) },
      text: enc('text', ids.complainantId),
      ...(caseId ? { about: { caseId } } : {}),
      receivedAt,
      clocks: [
        clockDue('verify', sp4nLaporComplaintSla.verify, receivedAt),
        clockDue('resolve', sp4nLaporComplaintSla.resolve, receivedAt),
      ],
    },
    { actor: officer },
  );
  const verified = event(
    'ComplaintVerified',
    verifiedAt,
    {
      complaintId: 'complaint-1',
      verifiedAt,
      clocks: [clockDue('followUp', sp4nLaporComplaintSla.followUp, verifiedAt)],
    },
    { actor: officer },
  );
  const assigned = event(
    'ComplaintAssigned',
    '2026-03-04T11:00:00+07:00',
    { complaintId: 'complaint-1', assignee: { kind: 'officer', officerId: 'co-2' } },
    { actor: officer },
  );
  const responded = event(
    'ComplaintResponded',
    '2026-03-06T10:00:00+07:00',
    {
      complaintId: 'complaint-1',
      channel: 'smsWhatsapp',
      template: { code: 'reply', version: 1 },
      response: enc('reply', ids.complainantId),
      sentBy: 'officer',
      respondedAt: '2026-03-06T10:00:00+07:00',
    },
    { actor: officer },
  );
  const resolved = event(
    'ComplaintResolved',
    '2026-03-20T10:00:00+07:00',
    {
      complaintId: 'complaint-1',
      resolvedAt: '2026-03-20T10:00:00+07:00',
      outcome: 'partlyUpheld',
      complainantAccepted: true,
      summary: 'Shelter visiting hours were explained and extended.',
    },
    { actor: officer },
  );
  return { event, officer, received, verified, assigned, responded, resolved };
}

describe('a complaint without a case', () => {
  const { received, verified, assigned, responded, resolved } = complaintEvents();

  it('is received with its clocks as the complaints service stated them', () => {
    const summary = foldComplaintSummary('complaint-1', [received]);
    expect(summary).toMatchObject({
      complaintId: 'complaint-1',
      complaintNumber: 'ADU/3603/2026/0001',
      officeCode: '3603',
      caseId: null,
      serviceStandard: bekasi,
      channel: 'smsWhatsapp',
      classification: 'complaint',
      status: 'received',
      receivedAt,
    });
    // Three working days from Monday 2 March: Thursday 5 March.
    expect(summary.clocks.verify).toEqual({
      code: 'complaint-verify',
      startedAt: receivedAt,
      dueDate: '2026-03-05',
      dueAt: '2026-03-05T23:59:59.999+07:00',
      stoppedAt: null,
      breachRecorded: false,
    });
    expect(summary.clocks.followUp).toBeNull();
    expect(summary.clocks.resolve?.dueDate).toBe('2026-05-01');
  });

  it('verified, assigned, answered, resolved: each clock stopped by its step', () => {
    const summary = foldComplaintSummary('complaint-1', [
      received,
      verified,
      assigned,
      responded,
      resolved,
    ]);
    expect(summary).toMatchObject({
      status: 'resolved',
      assignee: { kind: 'officer', officerId: 'co-2' },
      verifiedAt,
      respondedAt: '2026-03-06T10:00:00+07:00',
      resolvedAt: '2026-03-20T10:00:00+07:00',
      outcome: 'partlyUpheld',
    });
    expect(summary.clocks.verify?.stoppedAt).toBe(verifiedAt);
    expect(summary.clocks.followUp?.stoppedAt).toBe('2026-03-06T10:00:00+07:00');
    expect(summary.clocks.resolve?.stoppedAt).toBe('2026-03-20T10:00:00+07:00');
    const sla = complaintSlaAt(summary, '2026-06-01T00:00:00+07:00');
    expect(sla.state).toBe('met');
    expect(sla.nearBreach).toBe(false);
    expect(sla.clocks.map((clock) => [clock.clock, clock.state])).toEqual([
      ['verify', 'met'],
      ['followUp', 'met'],
      ['resolve', 'met'],
    ]);
  });

  it('near breach in the last day of verification, breached after it', () => {
    const summary = foldComplaintSummary('complaint-1', [received]);
    expect(complaintSlaAt(summary, '2026-03-03T10:00:00+07:00')).toMatchObject({
      state: 'onTrack',
      nearBreach: false,
      breached: false,
    });
    expect(complaintSlaAt(summary, '2026-03-05T08:00:00+07:00')).toMatchObject({
      state: 'atRisk',
      nearBreach: true,
      breached: false,
    });
    expect(complaintSlaAt(summary, '2026-03-06T00:00:00+07:00')).toMatchObject({
      state: 'breached',
      nearBreach: false,
      breached: true,
    });
  });

  it('paused clocks are judged at the pause; resumed ones at their new due dates', () => {
    const { event } = complaintEvents();
    const paused = event('ComplaintClockPaused', '2026-03-03T10:00:00+07:00', {
      complaintId: 'complaint-1',
      pausedAt: '2026-03-03T10:00:00+07:00',
      reason: 'waitingForComplainant',
    });
    const resumed = event('ComplaintClockResumed', '2026-03-10T10:00:00+07:00', {
      complaintId: 'complaint-1',
      resumedAt: '2026-03-10T10:00:00+07:00',
      clocks: [
        {
          clock: 'verify',
          code: 'complaint-verify',
          dueDate: '2026-03-12',
          dueAt: '2026-03-12T23:59:59.999+07:00',
        },
      ],
    });
    const whilePaused = foldComplaintSummary('complaint-1', [received, paused]);
    const sla = complaintSlaAt(whilePaused, '2026-03-09T10:00:00+07:00');
    expect(sla).toMatchObject({ paused: true, judgedAt: '2026-03-03T10:00:00+07:00' });
    expect(sla.clocks[0].state).toBe('onTrack');
    const afterwards = foldComplaintSummary('complaint-1', [received, paused, resumed]);
    expect(afterwards.pausedSince).toBeNull();
    expect(afterwards.clocks.verify?.dueAt).toBe('2026-03-12T23:59:59.999+07:00');
    expect(complaintSlaAt(afterwards, '2026-03-10T11:00:00+07:00').clocks[0].state).toBe('onTrack');
  });

  it("the timer's breach is a breach for good", () => {
    const { event } = complaintEvents();
    const breach = event('ComplaintSlaBreached', '2026-03-06T00:00:00+07:00', {
      complaintId: 'complaint-1',
      clock: 'verify',
      dueAt: '2026-03-05T23:59:59.999+07:00',
    });
    const summary = foldComplaintSummary('complaint-1', [received, breach]);
    expect(summary.clocks.verify?.breachRecorded).toBe(true);
    expect(complaintSlaAt(summary, '2026-03-02T10:00:00+07:00').clocks[0].state).toBe('breached');
  });

  it('declined stops every clock; reopened runs the completion clock again', () => {
    const { event } = complaintEvents();
    const declined = event('ComplaintDeclined', '2026-03-03T10:00:00+07:00', {
      complaintId: 'complaint-1',
      declinedAt: '2026-03-03T10:00:00+07:00',
      reason: 'notOurAuthority',
      forwardedTo: 'Dinas Kesehatan Kabupaten Tangerang',
      explanation: 'About a hospital bill.',
    });
    const reopened = event('ComplaintReopened', '2026-03-09T10:00:00+07:00', {
      complaintId: 'complaint-1',
      reopenedAt: '2026-03-09T10:00:00+07:00',
      reason: 'New facts about the shelter',
      clocks: [clockDue('resolve', sp4nLaporComplaintSla.resolve, '2026-03-09T10:00:00+07:00')],
    });
    const escalated = event('ComplaintEscalated', '2026-03-09T11:00:00+07:00', {
      complaintId: 'complaint-1',
      to: 'provincialOffice',
      reason: 'The regency office is named in it',
    });
    const closed = foldComplaintSummary('complaint-1', [received, declined]);
    expect(closed).toMatchObject({ status: 'declined', declineReason: 'notOurAuthority' });
    expect(closed.clocks.verify?.stoppedAt).toBe('2026-03-03T10:00:00+07:00');
    expect(closed.clocks.resolve?.stoppedAt).toBe('2026-03-03T10:00:00+07:00');
    const again = foldComplaintSummary('complaint-1', [received, declined, reopened, escalated]);
    expect(again).toMatchObject({
      status: 'verified',
      declinedAt: null,
      escalatedTo: 'provincialOffice',
    });
    expect(again.clocks.resolve).toMatchObject({
      startedAt: '2026-03-09T10:00:00+07:00',
      stoppedAt: null,
    });
  });

  it('replays, other complaints and other types change nothing', () => {
    const summary = foldComplaintSummary('complaint-1', [received, verified]);
    expect(evolveComplaintSummary(summary, received)).toBe(summary);
    expect(evolveComplaintSummary(summary, verified)).toBe(summary);
    const other = {
      ...received,
      position: positionOf(900),
      payload: { ...(received.payload as object), complaintId: 'complaint-2' },
      streamId: 'complaint-complaint-2',
    };
    expect(evolveComplaintSummary(summary, other)).toBe(summary);
    const [report] = bekasiOpening().events;
    expect(evolveComplaintSummary(summary, { ...report, position: positionOf(901) })).toBe(summary);
    expect(initialComplaintSummary('complaint-1')).toStrictEqual(
      foldComplaintSummary('complaint-1', []),
    );
  });
});

describe('a complaint about a case', () => {
  it('is kept in the case summary beside the case, in the order received', () => {
    const { received, verified } = complaintEvents(bekasiCaseId);
    const summary = foldCaseSummary(bekasiCaseId, [...bekasiOpening().events, received, verified]);
    expect(summary.complaints).toHaveLength(1);
    expect(summary.complaints[0]).toMatchObject({
      complaintId: 'complaint-1',
      caseId: bekasiCaseId,
      status: 'verified',
    });
    // A complaint is no step of the case's path.
    expect(summary.stage).toBe('assessment');
  });
});
