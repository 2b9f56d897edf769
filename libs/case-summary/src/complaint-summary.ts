import type { EventPayload } from '@dinsos/contracts';
import { slaStateOf, type SlaState } from '@dinsos/service-standards';
import { isWithin, positionText, type AsOf, type CaseEventInput } from './case-event';

/**
 * A complaint (stream `complaint-<complaintId>`) folded from its events: status, office, the
 * contested case if it names one, and its clocks as the complaints service computed them (each
 * event carries due dates in the office's calendar and zone, so nothing is recomputed here).
 * No personal data: never the complainant, the text or the reply.
 */

export type ComplaintClockCode = 'verify' | 'followUp' | 'resolve';
export const complaintClockCodes: readonly ComplaintClockCode[] = ['verify', 'followUp', 'resolve'];

/** Where a complaint stands. Escalation is kept apart: it does not end the complaint's work. */
export type ComplaintStatus =
  'received' | 'verified' | 'assigned' | 'responded' | 'resolved' | 'declined';

export interface ComplaintClock {
  /** The time limit's code (SP4N-LAPOR!'s or the standard's). */
  code: string;
  /** When it (last) started: receipt, verification or reopening. */
  startedAt: string;
  dueDate: string;
  dueAt: string;
  stoppedAt: string | null;
  /** The kit's timer raised its breach (ComplaintSlaBreached). */
  breachRecorded: boolean;
}

export interface ComplaintSummary {
  complaintId: string;
  complaintNumber: string | null;
  officeCode: string | null;
  /** The case the complaint contests, and the exact event, when it names them. */
  caseId: string | null;
  aboutEventId: string | null;
  serviceStandard: { code: string; version: number } | null;
  channel: EventPayload<'ComplaintReceived'>['channel'] | null;
  classification: EventPayload<'ComplaintReceived'>['classification'] | null;
  /** Null until ComplaintReceived is applied. */
  status: ComplaintStatus | null;
  assignee: EventPayload<'ComplaintAssigned'>['assignee'] | null;
  escalatedTo: EventPayload<'ComplaintEscalated'>['to'] | null;
  receivedAt: string | null;
  verifiedAt: string | null;
  declinedAt: string | null;
  declineReason: EventPayload<'ComplaintDeclined'>['reason'] | null;
  respondedAt: string | null;
  resolvedAt: string | null;
  outcome: EventPayload<'ComplaintResolved'>['outcome'] | null;
  clocks: Record<ComplaintClockCode, ComplaintClock | null>;
  /** Set while the clocks wait for the complainant. */
  pausedSince: string | null;
  eventCount: number;
  lastPosition: string | null;
  lastOccurredAt: string | null;
}

export function initialComplaintSummary(complaintId: string): ComplaintSummary {
  return {
    complaintId,
    complaintNumber: null,
    officeCode: null,
    caseId: null,
    aboutEventId: null,
    serviceStandard: null,
    channel: null,
    classification: null,
    status: null,
    assignee: null,
    escalatedTo: null,
    receivedAt: null,
    verifiedAt: null,
    declinedAt: null,
    declineReason: null,
    respondedAt: null,
    resolvedAt: null,
    outcome: null,
    clocks: { verify: null, followUp: null, resolve: null },
    pausedSince: null,
    eventCount: 0,
    lastPosition: null,
    lastOccurredAt: null,
  };
}

const complaintEventTypes = new Set<string>([
  'ComplaintReceived',
  'ComplaintVerified',
  'ComplaintDeclined',
  'ComplaintAssigned',
  'ComplaintResponded',
  'ComplaintResolved',
  'ComplaintEscalated',
  'ComplaintReopened',
  'ComplaintClockPaused',
  'ComplaintClockResumed',
  'ComplaintSlaBreached',
]);

export function isComplaintEventType(type: string): boolean {
  return complaintEventTypes.has(type);
}

/** The complaint an event is about: its payload names it, its stream id too. */
export function complaintIdOf(event: Pick<CaseEventInput, 'streamId' | 'payload'>): string {
  const fromPayload = (event.payload as { complaintId?: unknown } | null)?.complaintId;
  return typeof fromPayload === 'string'
    ? fromPayload
    : event.streamId.slice(event.streamId.indexOf('-') + 1);
}

type ClockDue = EventPayload<'ComplaintReceived'>['clocks'][number];

function started(
  clocks: ComplaintSummary['clocks'],
  given: readonly ClockDue[],
  at: string,
): ComplaintSummary['clocks'] {
  const next = { ...clocks };
  for (const due of given) {
    next[due.clock] = {
      code: due.code,
      startedAt: at,
      dueDate: due.dueDate,
      dueAt: due.dueAt,
      stoppedAt: null,
      breachRecorded: false,
    };
  }
  return next;
}

function stopped(
  clocks: ComplaintSummary['clocks'],
  which: readonly ComplaintClockCode[],
  at: string,
): ComplaintSummary['clocks'] {
  const next = { ...clocks };
  for (const code of which) {
    const clock = next[code];
    if (clock && clock.stoppedAt === null) next[code] = { ...clock, stoppedAt: at };
  }
  return next;
}

/**
 * The complaint after one event. Requires the store's position order: an event at or before the
 * last applied position is a replay and changes nothing, as do events of other complaints and
 * of other types (the same object is returned).
 */
export function evolveComplaintSummary(
  summary: ComplaintSummary,
  event: CaseEventInput,
): ComplaintSummary {
  if (!isComplaintEventType(event.type) || complaintIdOf(event) !== summary.complaintId) {
    return summary;
  }
  const position = positionText(event.position);
  if (summary.lastPosition !== null && position <= summary.lastPosition) return summary;
  const next: ComplaintSummary = {
    ...summary,
    eventCount: summary.eventCount + 1,
    lastPosition: position,
    lastOccurredAt: event.occurredAt,
  };
  return applyComplaintEvent(next, event);
}

function applyComplaintEvent(c: ComplaintSummary, event: CaseEventInput): ComplaintSummary {
  switch (event.type) {
    case 'ComplaintReceived': {
      const p = event.payload as EventPayload<'ComplaintReceived'>;
      return {
        ...c,
        complaintNumber: p.complaintNumber,
        officeCode: p.officeCode,
        caseId: p.about?.caseId ?? event.caseId ?? null,
        aboutEventId: p.about?.eventId ?? null,
        serviceStandard: { code: p.serviceStandard.code, version: p.serviceStandard.version },
        channel: p.channel,
        classification: p.classification,
        status: 'received',
        receivedAt: p.receivedAt,
        clocks: started(c.clocks, p.clocks, p.receivedAt),
      };
    }
    case 'ComplaintVerified': {
      const p = event.payload as EventPayload<'ComplaintVerified'>;
      return {
        ...c,
        status: 'verified',
        verifiedAt: p.verifiedAt,
        clocks: started(stopped(c.clocks, ['verify'], p.verifiedAt), p.clocks, p.verifiedAt),
      };
    }
    case 'ComplaintDeclined': {
      const p = event.payload as EventPayload<'ComplaintDeclined'>;
      return {
        ...c,
        status: 'declined',
        declinedAt: p.declinedAt,
        declineReason: p.reason,
        clocks: stopped(c.clocks, complaintClockCodes, p.declinedAt),
      };
    }
    case 'ComplaintAssigned': {
      const p = event.payload as EventPayload<'ComplaintAssigned'>;
      return {
        ...c,
        assignee: p.assignee,
        status: c.status === 'verified' ? 'assigned' : c.status,
      };
    }
    case 'ComplaintResponded': {
      const p = event.payload as EventPayload<'ComplaintResponded'>;
      return {
        ...c,
        status: 'responded',
        respondedAt: p.respondedAt,
        clocks: stopped(c.clocks, ['followUp'], p.respondedAt),
      };
    }
    case 'ComplaintResolved': {
      const p = event.payload as EventPayload<'ComplaintResolved'>;
      return {
        ...c,
        status: 'resolved',
        resolvedAt: p.resolvedAt,
        outcome: p.outcome,
        clocks: stopped(c.clocks, ['resolve'], p.resolvedAt),
      };
    }
    case 'ComplaintEscalated': {
      const p = event.payload as EventPayload<'ComplaintEscalated'>;
      return { ...c, escalatedTo: p.to };
    }
    case 'ComplaintReopened': {
      const p = event.payload as EventPayload<'ComplaintReopened'>;
      // Work resumes from verification: the complaint was verified (or declined) before.
      return {
        ...c,
        status: 'verified',
        resolvedAt: null,
        declinedAt: null,
        declineReason: null,
        outcome: null,
        clocks: started(c.clocks, p.clocks, p.reopenedAt),
      };
    }
    case 'ComplaintClockPaused': {
      const p = event.payload as EventPayload<'ComplaintClockPaused'>;
      return { ...c, pausedSince: c.pausedSince ?? p.pausedAt };
    }
    case 'ComplaintClockResumed': {
      const p = event.payload as EventPayload<'ComplaintClockResumed'>;
      const clocks = { ...c.clocks };
      for (const due of p.clocks) {
        const clock = clocks[due.clock];
        if (clock && clock.stoppedAt === null) {
          clocks[due.clock] = { ...clock, code: due.code, dueDate: due.dueDate, dueAt: due.dueAt };
        }
      }
      return { ...c, pausedSince: null, clocks };
    }
    case 'ComplaintSlaBreached': {
      const p = event.payload as EventPayload<'ComplaintSlaBreached'>;
      const clock = c.clocks[p.clock];
      if (!clock) return c;
      return { ...c, clocks: { ...c.clocks, [p.clock]: { ...clock, breachRecorded: true } } };
    }
    default:
      return c;
  }
}

/** A complaint's events folded from nothing, optionally only as far as `asOf`. */
export function foldComplaintSummary(
  complaintId: string,
  events: Iterable<CaseEventInput>,
  options: { asOf?: AsOf } = {},
): ComplaintSummary {
  let summary = initialComplaintSummary(complaintId);
  for (const event of events) {
    if (isWithin(event, options.asOf)) summary = evolveComplaintSummary(summary, event);
  }
  return summary;
}

export interface ComplaintClockSla {
  clock: ComplaintClockCode;
  code: string;
  dueDate: string;
  dueAt: string;
  running: boolean;
  state: SlaState;
}

/** A complaint's clocks judged at an instant; nothing in the summary changes. */
export interface ComplaintSla {
  complaintId: string;
  complaintNumber: string | null;
  officeCode: string | null;
  status: ComplaintStatus | null;
  /** The instant the clocks were judged at: `now`, or the start of a pause before it. */
  judgedAt: string;
  /** The worst of its clocks (`met` when none runs and none was breached); null before receipt. */
  state: SlaState | null;
  clocks: ComplaintClockSla[];
  /** A running clock is in its last fifth (and always its last day), not yet past due. */
  nearBreach: boolean;
  /** A clock is past due (running), was stopped late, or its breach was raised. */
  breached: boolean;
  paused: boolean;
}

const severity: Record<SlaState, number> = { met: 0, onTrack: 1, atRisk: 2, breached: 3 };

export function worstSlaState(states: readonly SlaState[]): SlaState | null {
  if (states.length === 0) return null;
  return states.reduce((worst, state) => (severity[state] > severity[worst] ? state : worst));
}

/**
 * The complaint's SLA at `now` (SP4N-LAPOR!'s clocks unless its standard overrides them, as the
 * complaints service stated them). While paused for the complainant the clocks are judged at the
 * pause's start, as the complaints service's board does.
 */
export function complaintSlaAt(summary: ComplaintSummary, now: Date | string): ComplaintSla {
  const nowText = typeof now === 'string' ? now : now.toISOString();
  const judgedAt =
    summary.pausedSince !== null && Date.parse(summary.pausedSince) < Date.parse(nowText)
      ? summary.pausedSince
      : nowText;
  const clocks = complaintClockCodes.flatMap((code): ComplaintClockSla[] => {
    const clock = summary.clocks[code];
    if (!clock) return [];
    const state: SlaState = clock.breachRecorded
      ? 'breached'
      : slaStateOf(
          {
            startedAt: clock.startedAt,
            dueAt: clock.dueAt,
            ...(clock.stoppedAt !== null ? { stoppedAt: clock.stoppedAt } : {}),
          },
          judgedAt,
        );
    return [
      {
        clock: code,
        code: clock.code,
        dueDate: clock.dueDate,
        dueAt: clock.dueAt,
        running: clock.stoppedAt === null,
        state,
      },
    ];
  });
  return {
    complaintId: summary.complaintId,
    complaintNumber: summary.complaintNumber,
    officeCode: summary.officeCode,
    status: summary.status,
    judgedAt,
    state: worstSlaState(clocks.map((clock) => clock.state)),
    clocks,
    nearBreach: clocks.some((clock) => clock.running && clock.state === 'atRisk'),
    breached: clocks.some((clock) => clock.state === 'breached'),
    paused: summary.pausedSince !== null,
  };
}
