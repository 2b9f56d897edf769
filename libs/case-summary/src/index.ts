/**
 * The pure rules that turn a case's events, from all five contexts, into its summary: shared by
 * case-query (read models, lists, worklists, dashboards) and audit ("as of" a time or a
 * position, by folding the events up to there with the same functions). No I/O, no Nest, no pg;
 * personal fields are never read (they stay encrypted in the events).
 *
 * The fold, applied event by event in the store's global position order:
 * - `initialCaseSummary(caseId)`, `evolveCaseSummary(summary, event, { standards })`,
 *   `foldCaseSummary(caseId, events, { standards, asOf })`. Events of another case, of types the
 *   contracts do not catalogue, or at or before the last applied position (a replay) change
 *   nothing. Due dates come from the pinned standard in `standards` (default `serviceStandards`),
 *   in the owning office's zone and working calendar.
 * - `CaseSummary` (plain JSON): ids, case number, client category, pinned standard, owning office
 *   and `officeMoves` (transfers and referrals), `stage` and `stages` (periods), custody ledger,
 *   the standard's `clocks`, the intake / assessment / tracing / placement views, `complaints`,
 *   the last position and event applied, `warnings`. `CaseStage` is documented where defined.
 * - `CaseEventInput`: one stored event (structurally the event store's `RecordedEvent`); `AsOf`.
 *
 * Views at an instant (the summary is never changed; SLA depends on "now"):
 * - `caseSlaAt(summary, now)`: each clock's `onTrack`/`atRisk`/`breached`/`met`, the inquiries
 *   (open, answered, overdue), the institution stay against its limit and reviews, complaints.
 * - `worklistsOf(summary, now)`: the worklists the case is on, per role (`worklistRoles`).
 * - `daysPerStage(summary, now)`: days spent in each stage, for averages.
 *
 * Complaints (a complaint may have no case): `initialComplaintSummary`,
 * `evolveComplaintSummary`, `foldComplaintSummary`, `complaintSlaAt` (state, near breach).
 *
 * History: `timelineEntryOf(event)` (type in words, who, when, causation) and
 * `eventTypeInWords(type)`.
 */
export { comparePositions, positionText } from './case-event';
export type { AsOf, CaseEventInput, PositionInput } from './case-event';

export { caseStages, evolveCaseSummary, foldCaseSummary, initialCaseSummary } from './case-summary';
export type {
  AssessmentStatus,
  AssessmentView,
  CaseClosure,
  CaseStage,
  CaseSummary,
  CaseSummaryOptions,
  ClientCategory,
  ConsentRecord,
  CustodyPeriod,
  HealthReferralRecord,
  InquiryRecord,
  InstitutionStay,
  IntakeView,
  OfficeMove,
  PlacementView,
  StagePeriod,
  TracingStatus,
  TracingView,
} from './case-summary';
export type { CaseClock } from './case-clocks';

export { caseSlaAt, daysPerStage } from './case-sla';
export type { CaseClockSla, CaseSla, InquiriesSla, InstitutionStaySla } from './case-sla';

export { worklistRoles, worklistsOf } from './worklists';
export type { WorklistCode, WorklistEntry, WorklistRole } from './worklists';

export {
  complaintSlaAt,
  evolveComplaintSummary,
  foldComplaintSummary,
  initialComplaintSummary,
} from './complaint-summary';
export type {
  ComplaintClock,
  ComplaintClockCode,
  ComplaintClockSla,
  ComplaintSla,
  ComplaintStatus,
  ComplaintSummary,
} from './complaint-summary';

export { eventTypeInWords, timelineEntryOf } from './timeline';
export type { TimelineEntry } from './timeline';
