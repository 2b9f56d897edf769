import type { EventPayload } from '@dinsos/contracts';
import type { RecordedEvent } from '@dinsos/event-store';
import type { ServiceProjection } from '@dinsos/platform';
import { atRiskShare } from '@dinsos/service-standards';
import type { PoolClient } from 'pg';

/**
 * The SLA board: one row per complaint, kept from the service's own events (stream
 * `complaint-<complaintId>`) in the store's global order. Table `complaint_sla_board`
 * (complaints.migrations.ts). NO personal data: number, office, classification, channel,
 * status, the clocks with their due times, the pause, breaches and the contested case's id;
 * never the complainant, the complaint's text or the reply. The public status check reads it
 * too (without the case).
 */

export type ComplaintClockCode = EventPayload<'ComplaintSlaBreached'>['clock'];
export type BoardStatus =
  'received' | 'verified' | 'declined' | 'assigned' | 'responded' | 'resolved';

export interface BoardClock {
  code: string;
  dueDate: string;
  dueAt: string;
  /** When it (last) started: receipt, verification or reopening. */
  startedAt: string;
  /** When its step was done, if it was. */
  stoppedAt?: string;
  /** Whether the kit's timer raised its breach (ComplaintSlaBreached). */
  breachRecorded: boolean;
}

export interface SlaBoardRow {
  complaintId: string;
  complaintNumber: string | null;
  officeCode: string;
  classification: string | null;
  channel: string | null;
  status: BoardStatus;
  clocks: Partial<Record<ComplaintClockCode, BoardClock>>;
  /** Set while the clocks wait for the complainant. */
  pausedSince: string | null;
  /** The case the complaint contests, when it names one (never shown by the public check). */
  caseId: string | null;
  receivedAt: string | null;
  verifiedAt: string | null;
  declinedAt: string | null;
  respondedAt: string | null;
  resolvedAt: string | null;
}

export const slaBoardEventTypes = [
  'ComplaintReceived',
  'ComplaintVerified',
  'ComplaintDeclined',
  'ComplaintAssigned',
  'ComplaintResponded',
  'ComplaintResolved',
  'ComplaintReopened',
  'ComplaintClockPaused',
  'ComplaintClockResumed',
  'ComplaintSlaBreached',
] as const;

type ClockDue = EventPayload<'ComplaintReceived'>['clocks'][number];

const emptyRow = (complaintId: string, officeCode: string): SlaBoardRow => ({
  complaintId,
  complaintNumber: null,
  officeCode,
  classification: null,
  channel: null,
  status: 'received',
  clocks: {},
  pausedSince: null,
  caseId: null,
  receivedAt: null,
  verifiedAt: null,
  declinedAt: null,
  respondedAt: null,
  resolvedAt: null,
});

function started(row: SlaBoardRow, given: readonly ClockDue[], at: string): SlaBoardRow['clocks'] {
  const clocks = { ...row.clocks };
  for (const due of given) {
    clocks[due.clock] = {
      code: due.code,
      dueDate: due.dueDate,
      dueAt: due.dueAt,
      startedAt: at,
      breachRecorded: false,
    };
  }
  return clocks;
}

function stopped(
  row: SlaBoardRow,
  which: readonly ComplaintClockCode[],
  at: string,
): SlaBoardRow['clocks'] {
  const clocks = { ...row.clocks };
  for (const code of which) {
    const clock = clocks[code];
    if (clock && clock.stoppedAt === undefined) clocks[code] = { ...clock, stoppedAt: at };
  }
  return clocks;
}

/** The complaint of an event of its stream (`complaint-<complaintId>`). */
export function complaintIdOf(event: Pick<RecordedEvent<object>, 'streamId' | 'payload'>): string {
  const fromPayload = (event.payload as { complaintId?: unknown }).complaintId;
  return typeof fromPayload === 'string'
    ? fromPayload
    : event.streamId.slice(event.streamId.indexOf('-') + 1);
}

/** The row after one event (pure); undefined row: the complaint's first event. */
export function evolveSlaBoardRow(
  current: SlaBoardRow | undefined,
  event: RecordedEvent<object>,
): SlaBoardRow {
  const row = current ?? emptyRow(complaintIdOf(event), event.officeCode);
  const payload = event.payload as Record<string, unknown>;
  switch (event.type) {
    case 'ComplaintReceived': {
      const p = payload as EventPayload<'ComplaintReceived'>;
      return {
        ...row,
        complaintNumber: p.complaintNumber,
        officeCode: p.officeCode,
        classification: p.classification,
        channel: p.channel,
        status: 'received',
        caseId: p.about?.caseId ?? null,
        receivedAt: p.receivedAt,
        clocks: started(row, p.clocks, p.receivedAt),
      };
    }
    case 'ComplaintVerified': {
      const p = payload as EventPayload<'ComplaintVerified'>;
      const afterVerify = { ...row, clocks: stopped(row, ['verify'], p.verifiedAt) };
      return {
        ...afterVerify,
        status: 'verified',
        verifiedAt: p.verifiedAt,
        clocks: started(afterVerify, p.clocks, p.verifiedAt),
      };
    }
    case 'ComplaintDeclined': {
      const p = payload as EventPayload<'ComplaintDeclined'>;
      return {
        ...row,
        status: 'declined',
        declinedAt: p.declinedAt,
        clocks: stopped(row, ['verify', 'followUp', 'resolve'], p.declinedAt),
      };
    }
    case 'ComplaintAssigned':
      return { ...row, status: row.status === 'verified' ? 'assigned' : row.status };
    case 'ComplaintResponded': {
      const p = payload as EventPayload<'ComplaintResponded'>;
      return {
        ...row,
        status: 'responded',
        respondedAt: p.respondedAt,
        clocks: stopped(row, ['followUp'], p.respondedAt),
      };
    }
    case 'ComplaintResolved': {
      const p = payload as EventPayload<'ComplaintResolved'>;
      return {
        ...row,
        status: 'resolved',
        resolvedAt: p.resolvedAt,
        clocks: stopped(row, ['resolve'], p.resolvedAt),
      };
    }
    case 'ComplaintReopened': {
      const p = payload as EventPayload<'ComplaintReopened'>;
      return {
        ...row,
        status: 'verified',
        resolvedAt: null,
        declinedAt: null,
        clocks: started(row, p.clocks, p.reopenedAt),
      };
    }
    case 'ComplaintClockPaused': {
      const p = payload as EventPayload<'ComplaintClockPaused'>;
      return { ...row, pausedSince: row.pausedSince ?? p.pausedAt };
    }
    case 'ComplaintClockResumed': {
      const p = payload as EventPayload<'ComplaintClockResumed'>;
      const clocks = { ...row.clocks };
      for (const due of p.clocks) {
        const clock = clocks[due.clock];
        if (clock && clock.stoppedAt === undefined) {
          clocks[due.clock] = { ...clock, code: due.code, dueDate: due.dueDate, dueAt: due.dueAt };
        }
      }
      return { ...row, pausedSince: null, clocks };
    }
    case 'ComplaintSlaBreached': {
      const p = payload as EventPayload<'ComplaintSlaBreached'>;
      const clock = row.clocks[p.clock];
      if (!clock) return row;
      return { ...row, clocks: { ...row.clocks, [p.clock]: { ...clock, breachRecorded: true } } };
    }
    default:
      return row;
  }
}

const DAY = 24 * 60 * 60 * 1000;

/** When a running clock turns "at risk" (slaStateOf: the last fifth of its span, at least a day). */
export function atRiskFrom(clock: Pick<BoardClock, 'startedAt' | 'dueAt'>): string {
  const due = Date.parse(clock.dueAt);
  const span = due - Date.parse(clock.startedAt);
  return new Date(due - Math.max(span * atRiskShare, DAY)).toISOString();
}

function running(row: SlaBoardRow): BoardClock[] {
  return Object.values(row.clocks).filter(
    (clock): clock is BoardClock => clock !== undefined && clock.stoppedAt === undefined,
  );
}

/** Whether a clock is breached for good: raised by the timer, or stopped after its due time. */
export function breachedForGood(clock: BoardClock): boolean {
  return (
    clock.breachRecorded ||
    (clock.stoppedAt !== undefined && Date.parse(clock.stoppedAt) > Date.parse(clock.dueAt))
  );
}

function earliest(instants: string[]): string | null {
  if (instants.length === 0) return null;
  return new Date(Math.min(...instants.map((instant) => Date.parse(instant)))).toISOString();
}

/** The table's columns, as jsonb_to_recordset reads a row. */
const columns = `
  complaint_id text, complaint_number text, office_code text, classification text, channel text,
  status text, clocks jsonb, paused boolean, paused_since timestamptz, breached boolean,
  next_due_at timestamptz, at_risk_at timestamptz, case_id text, received_at timestamptz,
  verified_at timestamptz, declined_at timestamptz, responded_at timestamptz,
  resolved_at timestamptz`;

export interface StoredSlaBoardRow {
  complaint_id: string;
  complaint_number: string | null;
  office_code: string;
  classification: string | null;
  channel: string | null;
  status: BoardStatus;
  clocks: SlaBoardRow['clocks'];
  paused: boolean;
  paused_since: Date | null;
  breached: boolean;
  next_due_at: Date | null;
  at_risk_at: Date | null;
  case_id: string | null;
  received_at: Date | null;
  verified_at: Date | null;
  declined_at: Date | null;
  responded_at: Date | null;
  resolved_at: Date | null;
}

const iso = (value: Date | null): string | null => (value ? value.toISOString() : null);

export function slaBoardRowOf(stored: StoredSlaBoardRow): SlaBoardRow {
  return {
    complaintId: stored.complaint_id,
    complaintNumber: stored.complaint_number,
    officeCode: stored.office_code,
    classification: stored.classification,
    channel: stored.channel,
    status: stored.status,
    clocks: stored.clocks,
    pausedSince: iso(stored.paused_since),
    caseId: stored.case_id,
    receivedAt: iso(stored.received_at),
    verifiedAt: iso(stored.verified_at),
    declinedAt: iso(stored.declined_at),
    respondedAt: iso(stored.responded_at),
    resolvedAt: iso(stored.resolved_at),
  };
}

/**
 * A row as the table's columns, with what the board filters on derived: `breached` (a clock
 * breached for good), `next_due_at` (the earliest due time of the running clocks: the order) and
 * `at_risk_at` (the earliest instant a running clock turns at risk).
 */
export function slaBoardRecordOf(row: SlaBoardRow): Record<string, unknown> {
  const runningNow = running(row);
  return {
    complaint_id: row.complaintId,
    complaint_number: row.complaintNumber,
    office_code: row.officeCode,
    classification: row.classification,
    channel: row.channel,
    status: row.status,
    clocks: row.clocks,
    paused: row.pausedSince !== null,
    paused_since: row.pausedSince,
    breached: Object.values(row.clocks).some((clock) => clock && breachedForGood(clock)),
    next_due_at: earliest(runningNow.map((clock) => clock.dueAt)),
    at_risk_at: earliest(runningNow.map(atRiskFrom)),
    case_id: row.caseId,
    received_at: row.receivedAt,
    verified_at: row.verifiedAt,
    declined_at: row.declinedAt,
    responded_at: row.respondedAt,
    resolved_at: row.resolvedAt,
  };
}

export const slaBoardProjectionName = 'complaint-sla-board';
const table = 'complaint_sla_board';
const columnNames = columns.split(',').map((column) => column.trim().split(/\s+/)[0]);
const updated = columnNames.filter((name) => name !== 'complaint_id');

/**
 * Kept per read batch: the batch's complaints read once, every event folded into its complaint's
 * row in the store's order, the changed rows written in one statement. Keyed by the complaint,
 * not by `caseIdOf` (a complaint's envelope names the case it contests), so not the kit's
 * rowPerCaseProjection. A rebuild empties the table.
 */
export const slaBoardProjection: ServiceProjection = {
  name: slaBoardProjectionName,
  filter: { types: slaBoardEventTypes },
  async applyBatch(events: readonly RecordedEvent[], _prepared: unknown, transaction: PoolClient) {
    const ids = [...new Set(events.map(complaintIdOf))];
    const { rows } = await transaction.query<StoredSlaBoardRow>(
      `select * from ${table} where complaint_id = any($1::text[])`,
      [ids],
    );
    const current = new Map(rows.map((stored) => [stored.complaint_id, slaBoardRowOf(stored)]));
    for (const event of events) {
      const id = complaintIdOf(event);
      current.set(id, evolveSlaBoardRow(current.get(id), event));
    }
    const changed = ids.map((id) => slaBoardRecordOf(current.get(id)!));
    await transaction.query(
      `insert into ${table} (${columnNames.join(', ')})
       select ${columnNames.join(', ')} from jsonb_to_recordset($1::jsonb) as changed(${columns})
       on conflict (complaint_id) do update set
         ${updated.map((name) => `${name} = excluded.${name}`).join(', ')}`,
      [JSON.stringify(changed)],
    );
  },
  reset: async (transaction: PoolClient) => void (await transaction.query(`delete from ${table}`)),
};

/** The complaints' read models (PlatformFeatures.projections). */
export const complaintProjections: ServiceProjection[] = [slaBoardProjection];
