import type { EventPayload } from '@dinsos/contracts';
import {
  DomainRuleViolation,
  checkedAgainstCatalogue,
  recordedEvent,
  type CataloguedEvent,
} from '@dinsos/platform/domain';

/**
 * A complaint about the service (stream `complaint-<complaintId>`), from receipt through
 * verification (or a declining with its reason), assignment, the reply and the resolution, with
 * escalation and reopening, and its SLA clocks (SP4N-LAPOR!: verify within 3 working days, follow
 * up within 5, finish within 60 days, unless the pinned standard says otherwise). Due dates come
 * in the commands (computed in the office's calendar and time zone); a breach is raised by the
 * kit's timer, once. Pure: no Nest, no I/O, no clock.
 */

export type ComplaintClock = EventPayload<'ComplaintSlaBreached'>['clock'];
export type ClockDue = EventPayload<'ComplaintReceived'>['clocks'][number];

export type ComplaintEvent =
  | CataloguedEvent<'ComplaintReceived'>
  | CataloguedEvent<'ComplaintVerified'>
  | CataloguedEvent<'ComplaintDeclined'>
  | CataloguedEvent<'ComplaintAssigned'>
  | CataloguedEvent<'ComplaintResponded'>
  | CataloguedEvent<'ComplaintResolved'>
  | CataloguedEvent<'ComplaintEscalated'>
  | CataloguedEvent<'ComplaintReopened'>
  | CataloguedEvent<'ComplaintClockPaused'>
  | CataloguedEvent<'ComplaintClockResumed'>
  | CataloguedEvent<'ComplaintSlaBreached'>;

type Fields<T extends ComplaintEvent['type']> = Omit<EventPayload<T>, 'complaintId'>;

export type ComplaintCommand =
  | ({ type: 'ReceiveComplaint' } & EventPayload<'ComplaintReceived'>)
  | ({ type: 'VerifyComplaint' } & Fields<'ComplaintVerified'>)
  | ({ type: 'DeclineComplaint' } & Fields<'ComplaintDeclined'>)
  | ({ type: 'AssignComplaint' } & Omit<Fields<'ComplaintAssigned'>, 'previousAssignee'>)
  /** `channel` is the complaint's own (the decider fills it). */
  | ({ type: 'RecordResponse' } & Omit<Fields<'ComplaintResponded'>, 'channel'>)
  | ({ type: 'ResolveComplaint' } & Fields<'ComplaintResolved'>)
  | ({ type: 'EscalateComplaint' } & Fields<'ComplaintEscalated'>)
  | ({ type: 'ReopenComplaint' } & Fields<'ComplaintReopened'>)
  | ({ type: 'PauseClocks' } & Fields<'ComplaintClockPaused'>)
  | ({ type: 'ResumeClocks' } & Fields<'ComplaintClockResumed'>)
  /** From the kit's timer at a clock's due time: it may fire late, twice, or after a pause. */
  | ({ type: 'MarkBreached' } & Fields<'ComplaintSlaBreached'>);

export type ComplaintStatus =
  'notReceived' | 'received' | 'verified' | 'declined' | 'assigned' | 'responded' | 'resolved';

export interface ClockState {
  code: string;
  dueDate: string;
  dueAt: string;
  /** False once stopped (its stopping event) or while never started. */
  running: boolean;
  breached: boolean;
}

export interface ComplaintState {
  status: ComplaintStatus;
  complaintId?: string;
  complaintNumber?: string;
  officeCode?: string;
  serviceStandard?: EventPayload<'ComplaintReceived'>['serviceStandard'];
  channel?: EventPayload<'ComplaintReceived'>['channel'];
  classification?: EventPayload<'ComplaintReceived'>['classification'];
  /** Whether a complainant was named (false: anonymous). */
  complainantNamed: boolean;
  complainantPersonId?: string;
  about?: EventPayload<'ComplaintReceived'>['about'];
  receivedAt?: string;
  assignee?: EventPayload<'ComplaintAssigned'>['assignee'];
  clocks: Partial<Record<ComplaintClock, ClockState>>;
  /** Set while the clocks wait for the complainant. */
  pausedSince?: string;
  escalations: EventPayload<'ComplaintEscalated'>['to'][];
  reopenedTimes: number;
}

export function complaintStreamId(complaintId: string): string {
  return `complaint-${complaintId}`;
}

/** The clocks that run now (started, not stopped), with their due times. */
export function runningClocks(state: ComplaintState): [ComplaintClock, ClockState][] {
  return (Object.entries(state.clocks) as [ComplaintClock, ClockState][]).filter(
    ([, clock]) => clock.running,
  );
}

export const initialComplaintState = (): ComplaintState => ({
  status: 'notReceived',
  complainantNamed: false,
  clocks: {},
  escalations: [],
  reopenedTimes: 0,
});

/** The statuses in words, for the messages. */
const statusInWords: Record<ComplaintStatus, string> = {
  notReceived: 'not received',
  received: 'received and not yet verified',
  verified: 'verified and not yet assigned',
  declined: 'declined',
  assigned: 'assigned and not yet answered',
  responded: 'answered and not yet resolved',
  resolved: 'resolved',
};

/** What may come next in each status, for the messages. */
const nextInWords: Record<ComplaintStatus, string> = {
  notReceived: 'receive it first',
  received: 'verify it or decline it',
  verified: 'assign it to a unit or an officer',
  declined: 'reopen it if it must be handled after all',
  assigned: 'record the reply to the complainant, or reassign it',
  responded: 'resolve it, reply again, or reassign it',
  resolved: 'reopen it if it must be handled again',
};

/** The lifecycle commands in words, for the messages. */
const doingInWords: Record<ComplaintCommand['type'], string> = {
  ReceiveComplaint: 'received',
  VerifyComplaint: 'verified',
  DeclineComplaint: 'declined',
  AssignComplaint: 'assigned',
  RecordResponse: 'answered',
  ResolveComplaint: 'resolved',
  EscalateComplaint: 'escalated',
  ReopenComplaint: 'reopened',
  PauseClocks: 'paused',
  ResumeClocks: 'resumed',
  MarkBreached: 'marked breached',
};

/**
 * The statuses each lifecycle command is decided in; in any other status it is refused
 * 'out-of-order' (before receipt: 'complaint-not-found'). Pausing, resuming and the timer's
 * breach do not depend on the status.
 */
export const complaintCommandAllowedIn: Partial<
  Record<ComplaintCommand['type'], readonly ComplaintStatus[]>
> = {
  VerifyComplaint: ['received'],
  DeclineComplaint: ['received'],
  AssignComplaint: ['verified', 'assigned', 'responded'],
  RecordResponse: ['assigned', 'responded'],
  ResolveComplaint: ['responded'],
  EscalateComplaint: ['received', 'verified', 'assigned', 'responded'],
  ReopenComplaint: ['resolved', 'declined'],
};

function refuse(rule: string, message: string, details?: Record<string, unknown>): never {
  throw new DomainRuleViolation(rule, message, details);
}

/** The complaint's id and channel, or the refusal when nothing was received on this stream. */
function requireReceived(state: ComplaintState): {
  complaintId: string;
  channel: NonNullable<ComplaintState['channel']>;
} {
  const { complaintId, channel } = state;
  if (state.status === 'notReceived' || complaintId === undefined || channel === undefined) {
    refuse(
      'complaint-not-found',
      'No complaint was received under this id: check the complaint number, or receive the complaint first.',
    );
  }
  return { complaintId, channel };
}

/** The refusal of a lifecycle command the complaint's status does not allow now. */
function requireStatus(state: ComplaintState, command: ComplaintCommand['type']): void {
  const allowed = complaintCommandAllowedIn[command];
  if (!allowed || allowed.includes(state.status)) return;
  refuse(
    'out-of-order',
    `This complaint is ${statusInWords[state.status]}: it cannot be ${doingInWords[command]} now. Next, ${nextInWords[state.status]}.`,
    { status: state.status, allowedIn: allowed },
  );
}

/** An assignee in words (ComplaintAssigned's previousAssignee): the officer's id or the unit. */
export function assigneeInWords(assignee: NonNullable<ComplaintState['assignee']>): string {
  return assignee.kind === 'officer' ? assignee.officerId : assignee.unit;
}

function sameAssignee(
  left: NonNullable<ComplaintState['assignee']>,
  right: NonNullable<ComplaintState['assignee']>,
): boolean {
  return assigneeInWords(left) === assigneeInWords(right) && left.kind === right.kind;
}

function decide(command: ComplaintCommand, state: ComplaintState): ComplaintEvent[] {
  if (command.type === 'ReceiveComplaint') {
    if (state.status !== 'notReceived') {
      refuse(
        'complaint-exists',
        `A complaint was already received under this id (number ${state.complaintNumber ?? 'unknown'}): receive a new complaint under a new id.`,
      );
    }
    // Anonymous complaints, whistle-blowing included, name no complainant: nothing to check.
    const { type: _type, ...received } = command;
    return [recordedEvent('ComplaintReceived', received)];
  }

  if (command.type === 'MarkBreached') {
    // The timer's: never refused. It may fire late, twice, after the clock stopped, while the
    // clocks are paused, or with the due date a resume has since moved on: then nothing.
    const clock = state.clocks[command.clock];
    if (
      state.complaintId === undefined ||
      !clock ||
      !clock.running ||
      clock.breached ||
      state.pausedSince !== undefined ||
      Date.parse(clock.dueAt) !== Date.parse(command.dueAt)
    ) {
      return [];
    }
    return [
      recordedEvent('ComplaintSlaBreached', {
        complaintId: state.complaintId,
        clock: command.clock,
        dueAt: clock.dueAt,
      }),
    ];
  }

  const { complaintId, channel } = requireReceived(state);
  requireStatus(state, command.type);

  switch (command.type) {
    case 'VerifyComplaint':
      return [
        recordedEvent('ComplaintVerified', {
          complaintId,
          verifiedAt: command.verifiedAt,
          clocks: command.clocks,
        }),
      ];

    case 'DeclineComplaint': {
      if (command.reason === 'notOurAuthority' && !command.forwardedTo) {
        refuse(
          'forwarded-to-missing',
          'A complaint outside our authority is declined by forwarding it: name the body it was forwarded to.',
        );
      }
      if (command.reason === 'duplicate') {
        if (!command.duplicateOf) {
          refuse(
            'duplicate-of-missing',
            'A complaint declined as a duplicate names the complaint it repeats: give that complaint.',
          );
        }
        if (command.duplicateOf === complaintId) {
          refuse(
            'duplicate-of-itself',
            'A complaint cannot be a duplicate of itself: give the earlier complaint it repeats.',
          );
        }
      }
      return [
        recordedEvent('ComplaintDeclined', {
          complaintId,
          declinedAt: command.declinedAt,
          reason: command.reason,
          forwardedTo: command.forwardedTo,
          duplicateOf: command.duplicateOf,
          explanation: command.explanation,
        }),
      ];
    }

    case 'AssignComplaint': {
      const previous = state.assignee;
      // A reassignment to whoever holds it already records nothing; from 'verified' (also after
      // a reopening, when the earlier assignee is still known) the assignment is always recorded.
      if (previous && state.status !== 'verified' && sameAssignee(previous, command.assignee)) {
        return [];
      }
      return [
        recordedEvent('ComplaintAssigned', {
          complaintId,
          assignee: command.assignee,
          previousAssignee: previous && assigneeInWords(previous),
        }),
      ];
    }

    case 'RecordResponse':
      return [
        recordedEvent('ComplaintResponded', {
          complaintId,
          channel,
          template: command.template,
          response: command.response,
          sentBy: command.sentBy,
          messageId: command.messageId,
          respondedAt: command.respondedAt,
        }),
      ];

    case 'ResolveComplaint':
      return [
        recordedEvent('ComplaintResolved', {
          complaintId,
          resolvedAt: command.resolvedAt,
          outcome: command.outcome,
          complainantAccepted: command.complainantAccepted,
          summary: command.summary,
        }),
      ];

    case 'EscalateComplaint': {
      if (state.escalations.includes(command.to)) {
        refuse(
          'already-escalated',
          `This complaint was already escalated to the ${command.to === 'supervisor' ? 'supervisor' : 'provincial office'}: follow it up there, or escalate it further.`,
          { escalations: state.escalations },
        );
      }
      return [
        recordedEvent('ComplaintEscalated', {
          complaintId,
          to: command.to,
          reason: command.reason,
        }),
      ];
    }

    case 'ReopenComplaint':
      return [
        recordedEvent('ComplaintReopened', {
          complaintId,
          reopenedAt: command.reopenedAt,
          reason: command.reason,
          clocks: command.clocks,
        }),
      ];

    case 'PauseClocks':
      if (state.pausedSince !== undefined) {
        refuse(
          'already-paused',
          `The clocks of this complaint are already paused (since ${state.pausedSince}): resume them when the complainant answers.`,
          { pausedSince: state.pausedSince },
        );
      }
      if (runningClocks(state).length === 0) {
        refuse(
          'no-clock-running',
          'No clock of this complaint is running, so there is nothing to pause: a clock runs from receipt, verification or reopening until its step is done.',
        );
      }
      return [
        recordedEvent('ComplaintClockPaused', {
          complaintId,
          pausedAt: command.pausedAt,
          reason: command.reason,
          note: command.note,
        }),
      ];

    case 'ResumeClocks':
      if (state.pausedSince === undefined) {
        refuse(
          'not-paused',
          'The clocks of this complaint are not paused, so there is nothing to resume: pause them first while waiting for the complainant.',
        );
      }
      return [
        recordedEvent('ComplaintClockResumed', {
          complaintId,
          resumedAt: command.resumedAt,
          clocks: command.clocks,
        }),
      ];
  }
}

/** The clocks after starting the given ones: each runs afresh, due when given, not breached. */
function started(
  clocks: ComplaintState['clocks'],
  given: readonly ClockDue[],
): ComplaintState['clocks'] {
  const next = { ...clocks };
  for (const due of given) {
    next[due.clock] = {
      code: due.code,
      dueDate: due.dueDate,
      dueAt: due.dueAt,
      running: true,
      breached: false,
    };
  }
  return next;
}

/** The clocks after stopping the given ones (those not running stay as they are). */
function stopped(
  clocks: ComplaintState['clocks'],
  which: readonly ComplaintClock[],
): ComplaintState['clocks'] {
  const next = { ...clocks };
  for (const code of which) {
    const clock = next[code];
    if (clock?.running) next[code] = { ...clock, running: false };
  }
  return next;
}

/**
 * The state after an event. The pause is one flag over the whole complaint: a step that stops or
 * starts clocks while paused (a verification, a reply, a reopening) does so and resumes nothing,
 * so `pausedSince` stays until ComplaintClockResumed, whose due dates replace those of the
 * clocks running then (clocks it names that are not running are left as they are).
 */
function evolve(state: ComplaintState, event: ComplaintEvent): ComplaintState {
  switch (event.type) {
    case 'ComplaintReceived': {
      const p = event.payload;
      return {
        ...state,
        status: 'received',
        complaintId: p.complaintId,
        complaintNumber: p.complaintNumber,
        officeCode: p.officeCode,
        serviceStandard: p.serviceStandard,
        channel: p.channel,
        classification: p.classification,
        complainantNamed: p.complainant !== undefined,
        ...(p.complainant ? { complainantPersonId: p.complainant.personId } : {}),
        ...(p.about ? { about: p.about } : {}),
        receivedAt: p.receivedAt,
        clocks: started(state.clocks, p.clocks),
      };
    }
    case 'ComplaintVerified':
      return {
        ...state,
        status: 'verified',
        clocks: started(stopped(state.clocks, ['verify']), event.payload.clocks),
      };
    case 'ComplaintDeclined':
      // Declined, it has nothing left to do: every clock stops (verify and resolve in practice).
      return {
        ...state,
        status: 'declined',
        clocks: stopped(state.clocks, ['verify', 'followUp', 'resolve']),
      };
    case 'ComplaintAssigned':
      return {
        ...state,
        status: state.status === 'verified' ? 'assigned' : state.status,
        assignee: event.payload.assignee,
      };
    case 'ComplaintResponded':
      return { ...state, status: 'responded', clocks: stopped(state.clocks, ['followUp']) };
    case 'ComplaintResolved':
      return { ...state, status: 'resolved', clocks: stopped(state.clocks, ['resolve']) };
    case 'ComplaintEscalated':
      return { ...state, escalations: [...state.escalations, event.payload.to] };
    case 'ComplaintReopened':
      return {
        ...state,
        status: 'verified',
        clocks: started(state.clocks, event.payload.clocks),
        reopenedTimes: state.reopenedTimes + 1,
      };
    case 'ComplaintClockPaused':
      return { ...state, pausedSince: event.payload.pausedAt };
    case 'ComplaintClockResumed': {
      const { pausedSince: _pausedSince, ...rest } = state;
      const clocks = { ...state.clocks };
      for (const due of event.payload.clocks) {
        const clock = clocks[due.clock];
        if (clock?.running) {
          clocks[due.clock] = { ...clock, code: due.code, dueDate: due.dueDate, dueAt: due.dueAt };
        }
      }
      return { ...rest, clocks };
    }
    case 'ComplaintSlaBreached': {
      const clock = state.clocks[event.payload.clock];
      if (!clock) return state;
      return {
        ...state,
        clocks: { ...state.clocks, [event.payload.clock]: { ...clock, breached: true } },
      };
    }
  }
}

/** Every event it decides is checked against the contracts before it can be appended. */
export const complaintDecider = checkedAgainstCatalogue<
  ComplaintCommand,
  ComplaintState,
  ComplaintEvent
>({
  initialState: initialComplaintState,
  decide,
  evolve,
});
