import { ForbiddenException, Inject, Injectable, Logger } from '@nestjs/common';
import {
  enforceCaseAccess,
  officeCovers,
  visibleOfficePattern,
  type AuthenticatedActor,
} from '@dinsos/auth';
import {
  caseSlaAt,
  timelineEntryOf,
  type CaseSla,
  type CaseStage,
  type CaseSummary,
  type TimelineEntry,
} from '@dinsos/case-summary';
import type { PostgresEventStore, RecordedEvent } from '@dinsos/event-store';
import { CLOCK, EVENT_STORE, PersonalFields, purposeRule, type Clock } from '@dinsos/platform';
import { CaseSummaryRow } from '../read-model/case-summary.entity';
import { ReadModel } from '../read-model/read-model';
import { caseListSortSql, encodeCaseListCursor } from './case-list.cursor';
import type { CaseDetailQuery, CaseListQuery } from './cases.requests';

/** Who may read the personal fields of a case's events, and for which purpose. */
const reading = purposeRule({
  record: "the case's history",
  roles: {
    caseHandling: [
      'intake-officer',
      'social-worker',
      'tracing-officer',
      'placement-officer',
      'supervisor',
    ],
    audit: ['auditor'],
  },
});

/** A timeline entry with its event's payload: personal fields decrypted for a purpose, or withheld. */
export type CaseTimelineEntry = TimelineEntry & { payload: Record<string, unknown> };

/** One case of the list: what an office's board shows, judged at the page's `asOf`. */
export interface CaseListItem {
  caseId: string;
  caseNumber: string | null;
  officeCode: string | null;
  stage: string | null;
  custodianKind: string | null;
  clientCategory: string | null;
  standard: { code: string; version: number | null } | null;
  reportedAt: string | null;
  openedAt: string | null;
  closedAt: string | null;
  /** The earliest due instant of the pinned standard's clocks still running. */
  nextDueAt: string | null;
  overdue: boolean;
  /** The worst state of the case's clocks at `asOf` (onTrack, atRisk, breached, met). */
  sla: CaseSla['state'];
}

export interface CaseListPage {
  items: CaseListItem[];
  next: string | null;
  /** The instant overdue and SLA states were judged at (the service's clock). */
  asOf: string;
  /** The store position the read model reflected (null before its first event). */
  reflects: string | null;
}

/**
 * A case's detail. Personal fields in the timeline's payloads are decrypted only for a purpose the
 * caller's role may read for; otherwise each is marked withheld.
 */
export interface CaseDetail {
  caseId: string;
  /** `owner`: the caller's office covers the owning office; `transferredAway`: it handed it over. */
  access: 'owner' | 'transferredAway';
  asOf: string;
  reflects: string | null;
  /** The whole summary; for an office that transferred the case away, only its stage and owner. */
  summary:
    | CaseSummary
    | {
        caseId: string;
        caseNumber: string | null;
        stage: CaseStage | null;
        owningOfficeCode: string | null;
      };
  sla: CaseSla | null;
  /** Every event of the case across all services, in the store's order, up to `reflects`. */
  timeline: CaseTimelineEntry[];
}

interface StoredCase {
  case_id: string;
  case_number: string | null;
  office_code: string | null;
  stage: string | null;
  custodian_kind: string | null;
  client_category: string | null;
  standard_code: string | null;
  standard_version: number | null;
  reported_at: Date | null;
  opened_at: Date | null;
  closed_at: Date | null;
  next_due_at: Date | null;
  summary: CaseSummary;
  sort_key: string;
}

const iso = (value: Date | null) => (value ? value.toISOString() : null);

/** `%` and `_` in a client's text are literal characters, not patterns. */
const likeLiteral = (text: string) => text.replace(/[\\%_]/g, (c) => `\\${c}`);

/** A day bound of `opened`, in the owning office's zone (WIB when the fold knew none). */
const localOpenedDay =
  "(coalesce(opened_at, reported_at) at time zone coalesce(summary->>'timeZone', 'Asia/Jakarta'))::date";

@Injectable()
export class CaseQueries {
  private readonly log = new Logger('CaseAccess');

  constructor(
    private readonly readModel: ReadModel,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(EVENT_STORE) private readonly store: PostgresEventStore,
    private readonly fields: PersonalFields,
  ) {}

  /**
   * The cases of the offices the caller's office covers (the province all of its own, a regency
   * only itself), or of one of them; filtered, ordered and paged by (key, case).
   */
  async list(actor: AuthenticatedActor, query: CaseListQuery): Promise<CaseListPage> {
    if (query.office !== undefined && !officeCovers(actor.officeCode, query.office)) {
      throw new ForbiddenException(
        `Office ${query.office} is outside what office ${actor.officeCode} sees: ask for your own office's cases.`,
      );
    }
    const now = this.clock.now();
    const order = caseListSortSql[query.sort];
    const values: unknown[] = [];
    const param = (value: unknown) => {
      values.push(value);
      return `$${values.length}`;
    };
    const scope = query.office ?? visibleOfficePattern(actor);
    // One office is an equality, so the office-first indexes serve it; a pattern is the province.
    const conditions = [
      'stage is not null',
      scope.includes('%') ? `office_code like ${param(scope)}` : `office_code = ${param(scope)}`,
    ];
    const equal = (column: string, value: string | number | undefined) => {
      if (value !== undefined) conditions.push(`${column} = ${param(value)}`);
    };
    equal('stage', query.stage);
    equal('custodian_kind', query.custodianKind);
    equal('client_category', query.clientCategory);
    if (query.standard) {
      const [code, version] = query.standard.split('@');
      equal('standard_code', code);
      equal('standard_version', version === undefined ? undefined : Number(version));
    }
    const bound = (text: string, comparison: '>=' | '<=') =>
      /^\d{4}-\d{2}-\d{2}$/.test(text)
        ? `${localOpenedDay} ${comparison} ${param(text)}::date`
        : `coalesce(opened_at, reported_at) ${comparison} ${param(text)}::timestamptz`;
    if (query.openedFrom) conditions.push(bound(query.openedFrom, '>='));
    if (query.openedTo) conditions.push(bound(query.openedTo, '<='));
    if (query.overdue !== undefined) {
      const at = param(now.toISOString());
      conditions.push(
        query.overdue
          ? `next_due_at < ${at}::timestamptz`
          : `(next_due_at is null or next_due_at >= ${at}::timestamptz)`,
      );
    }
    if (query.q) conditions.push(`case_number ilike ${param(`%${likeLiteral(query.q)}%`)}`);
    const direction = order.descending ? 'desc' : 'asc';
    if (query.after) {
      const key = param(query.after.key);
      const caseId = param(query.after.caseId);
      conditions.push(
        `(${order.key}, case_id) ${order.descending ? '<' : '>'} (${key}::${order.type}, ${caseId})`,
      );
    }
    const limit = param(query.limit + 1);
    const { result: rows, reflects } = await this.readModel.read(
      (manager) =>
        manager.query(
          `select case_id, case_number, office_code, stage, custodian_kind, client_category,
                  standard_code, standard_version, reported_at, opened_at, closed_at, next_due_at,
                  summary, (${order.key})::text as sort_key
             from case_summaries
            where ${conditions.join('\n              and ')}
            order by ${order.key} ${direction}, case_id ${direction}
            limit ${limit}`,
          values,
        ) as Promise<StoredCase[]>,
    );
    const page = rows.slice(0, query.limit);
    const last = page[page.length - 1];
    return {
      items: page.map((row) => caseListItemOf(row, now)),
      next:
        rows.length > query.limit
          ? encodeCaseListCursor({ sort: query.sort, key: last.sort_key, caseId: last.case_id })
          : null,
      asOf: now.toISOString(),
      reflects,
    };
  }

  /**
   * One case: its summary, its SLA states now and its timeline across every service, all as of
   * the same store position. Another office's case is a 404, like an unknown one; an office that
   * transferred the case away sees its stage and its history up to the transfer.
   */
  async detail(
    actor: AuthenticatedActor,
    caseId: string,
    query: CaseDetailQuery = {},
  ): Promise<CaseDetail> {
    // Refused (403) before anything is read when the role may not read for the purpose.
    const access = reading.accessFor(actor, query.purpose);
    const timelineOf = (events: readonly RecordedEvent[]) =>
      Promise.all(
        events.map(async (event) => ({
          ...timelineEntryOf(event),
          payload: await this.fields.payloadFor(event, access),
        })),
      );
    const { result: row, reflects } = await this.readModel.read((manager) =>
      manager.findOneBy(CaseSummaryRow, { caseId }),
    );
    const ownership =
      row && row.stage !== null && row.officeCode !== null
        ? {
            caseId,
            owningOfficeCode: row.officeCode,
            readGrantOfficeCodes: row.readGrantOfficeCodes,
          }
        : undefined;
    enforceCaseAccess(actor, caseId, ownership, 'read', this.log);
    const summary = (row as CaseSummaryRow).summary;
    const now = this.clock.now();
    const events = (await this.store.readCase(caseId)).filter(
      (event) => reflects !== null && event.position.toString() <= reflects,
    );
    const owner = officeCovers(actor.officeCode, summary.owningOfficeCode ?? '');
    if (owner) {
      return {
        caseId,
        access: 'owner',
        asOf: now.toISOString(),
        reflects,
        summary,
        sla: caseSlaAt(summary, now),
        timeline: await timelineOf(events),
      };
    }
    // Read through a transfer: the history up to the (first) transfer away from the caller's office.
    const transfer = summary.officeMoves.find(
      (move) =>
        move.kind === 'transfer' &&
        move.fromOfficeCode !== null &&
        officeCovers(actor.officeCode, move.fromOfficeCode),
    );
    const cut = events.findIndex((event) => event.eventId === transfer?.eventId);
    return {
      caseId,
      access: 'transferredAway',
      asOf: now.toISOString(),
      reflects,
      summary: {
        caseId,
        caseNumber: summary.caseNumber,
        stage: summary.stage,
        owningOfficeCode: summary.owningOfficeCode,
      },
      sla: null,
      timeline: await timelineOf(cut >= 0 ? events.slice(0, cut + 1) : []),
    };
  }
}

export function caseListItemOf(row: StoredCase, now: Date): CaseListItem {
  return {
    caseId: row.case_id,
    caseNumber: row.case_number,
    officeCode: row.office_code,
    stage: row.stage,
    custodianKind: row.custodian_kind,
    clientCategory: row.client_category,
    standard:
      row.standard_code === null
        ? null
        : { code: row.standard_code, version: row.standard_version },
    reportedAt: iso(row.reported_at),
    openedAt: iso(row.opened_at),
    closedAt: iso(row.closed_at),
    nextDueAt: iso(row.next_due_at),
    overdue: row.next_due_at !== null && row.next_due_at.getTime() < now.getTime(),
    sla: caseSlaAt(row.summary, now).state,
  };
}
