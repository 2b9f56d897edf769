import type { SlaState } from '@dinsos/service-standards';
import { caseSlaAt, endOfDayIn } from './case-sla';
import type { CaseSummary } from './case-summary';

/**
 * The worklists a case can be on, each for one role (the roles of DESIGN.md section 6):
 * - `newReports` (intake-officer): reported, not yet open (stage `intake`).
 * - `assessmentsDue` (social-worker): open, no recommendation stands yet (stage `assessment`).
 * - `inquiriesWaiting` (tracing-officer): tracing under way with inquiries not answered.
 * - `consentsMissing` (placement-officer): the path is institution care and no consent letter
 *   is recorded.
 * - `staysNearingLimit` (placement-officer): an institution stay in its last `atRiskDays` before
 *   its limit (the year of Banten's standard, or an extension), or past it.
 * - `complaintsNearBreach` (complaints-officer): a complaint about the case with a running clock
 *   at risk or already past due; one entry per complaint.
 * A closed case is on no list but the complaints': a complaint about it still needs an answer.
 */
export type WorklistCode =
  | 'newReports'
  | 'assessmentsDue'
  | 'inquiriesWaiting'
  | 'consentsMissing'
  | 'staysNearingLimit'
  | 'complaintsNearBreach';

export type WorklistRole =
  | 'intake-officer'
  | 'social-worker'
  | 'tracing-officer'
  | 'placement-officer'
  | 'complaints-officer';

export const worklistRoles: Readonly<Record<WorklistCode, WorklistRole>> = {
  newReports: 'intake-officer',
  assessmentsDue: 'social-worker',
  inquiriesWaiting: 'tracing-officer',
  consentsMissing: 'placement-officer',
  staysNearingLimit: 'placement-officer',
  complaintsNearBreach: 'complaints-officer',
};

export interface WorklistEntry {
  worklist: WorklistCode;
  role: WorklistRole;
  caseId: string;
  /** Set on `complaintsNearBreach` entries only. */
  complaintId: string | null;
  /** The office whose officers work it: the case's owner, or the complaint's office. */
  officeCode: string | null;
  /** Who holds the work, when someone does (social worker, officer); null: unassigned. */
  assigneeId: string | null;
  /** What the list is ordered by: the item's own due instant, else the case's next due clock. */
  dueAt: string | null;
  sla: SlaState | null;
}

/** The worklists the case is on at `now`, in the order of `WorklistCode`. Pure. */
export function worklistsOf(summary: CaseSummary, now: Date | string): WorklistEntry[] {
  const sla = caseSlaAt(summary, now);
  const nextClock = sla.clocks.find(
    (clock) => clock.status === 'running' && clock.dueAt === sla.nextDueAt,
  );
  const entry = (
    worklist: WorklistCode,
    fields: Partial<Omit<WorklistEntry, 'worklist' | 'role' | 'caseId'>> = {},
  ): WorklistEntry => ({
    worklist,
    role: worklistRoles[worklist],
    caseId: summary.caseId,
    complaintId: null,
    officeCode: summary.owningOfficeCode,
    assigneeId: null,
    dueAt: sla.nextDueAt,
    sla: nextClock?.state ?? null,
    ...fields,
  });
  const entries: WorklistEntry[] = [];
  const open = summary.stage !== null && summary.stage !== 'closed';
  if (open) {
    if (summary.stage === 'intake') entries.push(entry('newReports'));
    if (summary.stage === 'assessment' && summary.assessment.status !== 'recommended') {
      entries.push(entry('assessmentsDue', { assigneeId: summary.assessment.socialWorkerId }));
    }
    if (sla.inquiries.open > 0) {
      entries.push(
        entry('inquiriesWaiting', {
          assigneeId: summary.tracing.officerId,
          dueAt: sla.inquiries.nextDueAt,
          sla: sla.inquiries.state,
        }),
      );
    }
    if (summary.placement.consentState === 'missing') {
      entries.push(entry('consentsMissing', { assigneeId: summary.placement.officerId }));
    }
    const stay = sla.institutionStay;
    if (stay && stay.limitDate !== null && (stay.state === 'atRisk' || stay.state === 'breached')) {
      entries.push(
        entry('staysNearingLimit', {
          assigneeId: summary.placement.officerId,
          dueAt: endOfDayIn(summary, stay.limitDate),
          sla: stay.state,
        }),
      );
    }
  }
  for (const complaint of sla.complaints) {
    const pressing = complaint.clocks.filter(
      (clock) => clock.running && (clock.state === 'atRisk' || clock.state === 'breached'),
    );
    if (pressing.length === 0) continue;
    const summaryOf = summary.complaints.find((c) => c.complaintId === complaint.complaintId);
    const assignee = summaryOf?.assignee;
    const first = pressing.reduce((a, b) => (Date.parse(b.dueAt) < Date.parse(a.dueAt) ? b : a));
    entries.push(
      entry('complaintsNearBreach', {
        complaintId: complaint.complaintId,
        officeCode: complaint.officeCode,
        assigneeId: assignee?.kind === 'officer' ? assignee.officerId : null,
        dueAt: first.dueAt,
        sla: pressing.some((clock) => clock.state === 'breached') ? 'breached' : 'atRisk',
      }),
    );
  }
  return entries;
}
