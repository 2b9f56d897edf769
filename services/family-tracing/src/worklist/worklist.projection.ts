import type { EventPayload } from '@dinsos/contracts';
import type { RecordedEvent } from '@dinsos/event-store';
import { caseIdOf, rowPerCaseProjection, type ServiceProjection } from '@dinsos/platform';

/**
 * "Inquiries waiting": one row per case's tracing, kept from the service's own events (stream
 * `tracing-<caseId>`) in the store's global order, with the inquiries sent and not answered yet.
 * Table `inquiries_waiting` (family-tracing.migrations.ts). No personal data: channels,
 * addressees (organisations), letter numbers and dates only; the letter itself stays in the
 * events.
 */

export type TracingStatus = 'tracing' | 'familyFound' | 'familyNotFound';

/** An inquiry sent and not answered yet, as its InquirySent stated it. */
export interface WaitingInquiry {
  inquiryId: string;
  channel: EventPayload<'InquirySent'>['channel'];
  addressee: EventPayload<'InquirySent'>['addressee'];
  letterNumber: string;
  candidateId?: string;
  sentOn: string;
  /** The office-local day the letter names. */
  dueDate: string;
  dueAt: string;
  /** Whether the kit's timer recorded it overdue (InquiryOverdue). */
  overdueRecorded: boolean;
}

export interface WorklistRow {
  caseId: string;
  /** False while only a transfer arrived: the row stays out of every list until it starts. */
  started: boolean;
  /** Null before TracingStarted. */
  status: TracingStatus | null;
  /** The owning office: the one tracing started at, then each transfer's. */
  officeCode: string;
  /** Cleared by a transfer: the receiving office assigns its own. */
  officerId: string | null;
  /** By inquiryId, in the order sent. */
  inquiries: Record<string, WaitingInquiry>;
  /** occurredAt of TracingStarted. */
  startedAt: string | null;
}

/** The earliest due instant of the inquiries waiting (the list's order), or null. */
export function nextDueAt(row: Pick<WorklistRow, 'inquiries'>): string | null {
  const due = Object.values(row.inquiries).map((inquiry) => Date.parse(inquiry.dueAt));
  return due.length > 0 ? new Date(Math.min(...due)).toISOString() : null;
}

/** Whether the row is on the list: a tracing under way with at least one inquiry waiting. */
export function listed(row: WorklistRow): boolean {
  return row.started && row.status === 'tracing' && Object.keys(row.inquiries).length > 0;
}

export const worklistEventTypes = [
  'TracingStarted',
  'TracingOfficerAssigned',
  'TracingTransferred',
  'InquirySent',
  'InquiryAnswered',
  'IdentityVerificationReceived',
  'InquiryOverdue',
  'FamilyFound',
  'FamilyNotFound',
  'TracingReopened',
] as const;

const emptyRow = (caseId: string, officeCode: string): WorklistRow => ({
  caseId,
  started: false,
  status: null,
  officeCode,
  officerId: null,
  inquiries: {},
  startedAt: null,
});

function withoutInquiry(row: WorklistRow, inquiryId: string): WorklistRow {
  if (!row.inquiries[inquiryId]) return row;
  const { [inquiryId]: _answered, ...inquiries } = row.inquiries;
  return { ...row, inquiries };
}

/** The row after one event (pure); undefined row: the case's first event. */
export function evolveWorklistRow(
  current: WorklistRow | undefined,
  event: RecordedEvent<object>,
): WorklistRow {
  const row = current ?? emptyRow(caseIdOf(event), event.officeCode);
  const payload = event.payload as Record<string, unknown>;
  switch (event.type) {
    case 'TracingStarted': {
      const started = payload as EventPayload<'TracingStarted'>;
      return {
        ...row,
        started: true,
        status: 'tracing',
        // Only a transfer comes before the start (two topics may reorder): its office wins.
        officeCode: current && !current.started ? current.officeCode : started.owningOfficeCode,
        startedAt: event.occurredAt,
      };
    }
    case 'TracingOfficerAssigned': {
      const { officerId } = payload as EventPayload<'TracingOfficerAssigned'>;
      return { ...row, officerId };
    }
    case 'TracingTransferred': {
      const { toOfficeCode } = payload as EventPayload<'TracingTransferred'>;
      return { ...row, officeCode: toOfficeCode, officerId: null };
    }
    case 'InquirySent': {
      const sent = payload as EventPayload<'InquirySent'>;
      const inquiry: WaitingInquiry = {
        inquiryId: sent.inquiryId,
        channel: sent.channel,
        addressee: sent.addressee,
        letterNumber: sent.letterNumber,
        ...(sent.candidateId !== undefined ? { candidateId: sent.candidateId } : {}),
        sentOn: sent.sentOn,
        dueDate: sent.dueDate,
        dueAt: sent.dueAt,
        overdueRecorded: false,
      };
      return { ...row, inquiries: { ...row.inquiries, [sent.inquiryId]: inquiry } };
    }
    case 'InquiryAnswered':
    case 'IdentityVerificationReceived': {
      const { inquiryId } = payload as EventPayload<'InquiryAnswered'>;
      return withoutInquiry(row, inquiryId);
    }
    case 'InquiryOverdue': {
      const { inquiryId } = payload as EventPayload<'InquiryOverdue'>;
      const inquiry = row.inquiries[inquiryId];
      if (!inquiry) return row;
      return {
        ...row,
        inquiries: { ...row.inquiries, [inquiryId]: { ...inquiry, overdueRecorded: true } },
      };
    }
    case 'FamilyFound':
      return { ...row, status: 'familyFound' };
    case 'FamilyNotFound':
      return { ...row, status: 'familyNotFound' };
    case 'TracingReopened':
      return { ...row, status: 'tracing' };
    default:
      return row;
  }
}

/** The table's columns, as jsonb_to_recordset reads a row (recordOf). */
const columns = `
  case_id text, started boolean, status text, office_code text, officer_id text,
  inquiries jsonb, waiting int, next_due_at timestamptz, listed boolean, started_at text`;

export interface StoredRow {
  case_id: string;
  started: boolean;
  status: TracingStatus | null;
  office_code: string;
  officer_id: string | null;
  inquiries: Record<string, WaitingInquiry>;
  started_at: string | null;
}

export function rowOf(stored: StoredRow): WorklistRow {
  return {
    caseId: stored.case_id,
    started: stored.started,
    status: stored.status,
    officeCode: stored.office_code,
    officerId: stored.officer_id,
    inquiries: stored.inquiries,
    startedAt: stored.started_at,
  };
}

function recordOf(row: WorklistRow) {
  return {
    case_id: row.caseId,
    started: row.started,
    status: row.status,
    office_code: row.officeCode,
    officer_id: row.officerId,
    inquiries: row.inquiries,
    waiting: Object.keys(row.inquiries).length,
    next_due_at: nextDueAt(row),
    listed: listed(row),
    started_at: row.startedAt,
  };
}

export const worklistProjectionName = 'inquiries-waiting';

/** Kept per read batch by the kit: the batch's rows read once, folded, written in one statement. */
export const worklistProjection = rowPerCaseProjection({
  name: worklistProjectionName,
  filter: { types: worklistEventTypes },
  table: 'inquiries_waiting',
  columns,
  fold: evolveWorklistRow,
  rowOf,
  recordOf,
});

/** The read models family tracing keeps from its own streams (PlatformFeatures.projections). */
export const tracingProjections: readonly ServiceProjection[] = [worklistProjection];
