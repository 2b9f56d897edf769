import { slaStateOf, type SlaState } from '@dinsos/service-standards';
import {
  breachedForGood,
  type BoardClock,
  type ComplaintClockCode,
  type SlaBoardRow,
} from './sla-board.projection';

export interface BoardClockView {
  clock: ComplaintClockCode;
  code: string;
  /** The office-local due date. */
  dueDate: string;
  dueAt: string;
  startedAt: string;
  stoppedAt: string | null;
  /** slaStateOf at the board's instant (while paused: at the pause). */
  state: SlaState;
  breached: boolean;
}

/** One complaint on the board: no personal data, never the complainant. */
export interface SlaBoardItem {
  complaintId: string;
  complaintNumber: string | null;
  officeCode: string;
  classification: string | null;
  channel: string | null;
  status: SlaBoardRow['status'];
  /** The worst of its clocks: breached, atRisk, onTrack, or met (nothing runs, none breached). */
  sla: SlaState;
  clocks: BoardClockView[];
  paused: boolean;
  /** Set while the clocks wait for the complainant ("paused: waiting for the complainant"). */
  pausedSince: string | null;
  breached: boolean;
  caseId: string | null;
  receivedAt: string | null;
}

const clockOrder: ComplaintClockCode[] = ['verify', 'followUp', 'resolve'];
const severity: Record<SlaState, number> = { met: 0, onTrack: 1, atRisk: 2, breached: 3 };

/** The instant clocks are judged at: now, or the pause's start while they wait. */
export function judgedAt(row: Pick<SlaBoardRow, 'pausedSince'>, now: Date): string {
  if (row.pausedSince && Date.parse(row.pausedSince) < now.getTime()) return row.pausedSince;
  return now.toISOString();
}

/** A clock's state: slaStateOf, and breached once the timer raised it. */
export function clockStateOf(clock: BoardClock, at: string): SlaState {
  if (breachedForGood(clock)) return 'breached';
  return slaStateOf(
    {
      startedAt: clock.startedAt,
      dueAt: clock.dueAt,
      ...(clock.stoppedAt !== undefined ? { stoppedAt: clock.stoppedAt } : {}),
    },
    at,
  );
}

export function boardClocksOf(row: SlaBoardRow, now: Date): BoardClockView[] {
  const at = judgedAt(row, now);
  return clockOrder.flatMap((code) => {
    const clock = row.clocks[code];
    if (!clock) return [];
    const state = clockStateOf(clock, at);
    return [
      {
        clock: code,
        code: clock.code,
        dueDate: clock.dueDate,
        dueAt: clock.dueAt,
        startedAt: clock.startedAt,
        stoppedAt: clock.stoppedAt ?? null,
        state,
        breached: state === 'breached',
      },
    ];
  });
}

export function worstOf(states: SlaState[]): SlaState {
  return states.reduce<SlaState>(
    (worst, state) => (severity[state] > severity[worst] ? state : worst),
    'met',
  );
}

export function slaBoardItemOf(row: SlaBoardRow, now: Date): SlaBoardItem {
  const clocks = boardClocksOf(row, now);
  const sla = worstOf(clocks.map((clock) => clock.state));
  return {
    complaintId: row.complaintId,
    complaintNumber: row.complaintNumber,
    officeCode: row.officeCode,
    classification: row.classification,
    channel: row.channel,
    status: row.status,
    sla,
    clocks,
    paused: row.pausedSince !== null,
    pausedSince: row.pausedSince,
    breached: sla === 'breached',
    caseId: row.caseId,
    receivedAt: row.receivedAt,
  };
}
