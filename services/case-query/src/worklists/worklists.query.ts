import { ForbiddenException, Inject, Injectable } from '@nestjs/common';
import { officeCovers, visibleOfficePattern, type AuthenticatedActor } from '@dinsos/auth';
import {
  worklistRoles,
  worklistsOf,
  type CaseSummary,
  type WorklistCode,
  type WorklistEntry,
} from '@dinsos/case-summary';
import { CLOCK, type Clock } from '@dinsos/platform';
import { ReadModel } from '../read-model/read-model';
import {
  encodeWorklistCursor,
  type WorklistCursor,
  type WorklistQuery,
} from './worklists.requests';

/** A worklist item: the entry of `worklistsOf` with the case's number and stage. */
export interface WorklistItem extends WorklistEntry {
  caseNumber: string | null;
  stage: string | null;
}

export interface WorklistPage {
  list: WorklistCode;
  role: string;
  items: WorklistItem[];
  next: string | null;
  asOf: string;
  reflects: string | null;
}

/**
 * Rows that may be on a list at all, as SQL over the stored columns (written here, never from a
 * request); `worklistsOf` decides at the read, since SLA states depend on "now".
 */
const candidates: Readonly<Record<WorklistCode, string>> = {
  newReports: "stage = 'intake'",
  assessmentsDue: "stage = 'assessment'",
  inquiriesWaiting: "stage <> 'closed'",
  consentsMissing: "stage = 'placement'",
  staysNearingLimit: "stage = 'placement'",
  complaintsNearBreach: "jsonb_array_length(summary->'complaints') > 0",
};

const dueOrder = (entry: Pick<WorklistEntry, 'dueAt'>) =>
  entry.dueAt === null ? Number.POSITIVE_INFINITY : Date.parse(entry.dueAt);

/** Earliest due first, nothing due last; ties by case, then complaint. */
function compareEntries(a: WorklistCursor, b: WorklistCursor): number {
  return (
    dueOrder(a) - dueOrder(b) ||
    a.caseId.localeCompare(b.caseId) ||
    (a.complaintId ?? '').localeCompare(b.complaintId ?? '')
  );
}

@Injectable()
export class Worklists {
  constructor(
    private readonly readModel: ReadModel,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  /**
   * One worklist of the offices the caller's office covers, most urgent first: the cases that
   * may be on it are read in one snapshot, `worklistsOf` judges them at the service's clock.
   */
  async list(
    actor: AuthenticatedActor,
    list: WorklistCode,
    query: WorklistQuery,
  ): Promise<WorklistPage> {
    const role = worklistRoles[list];
    if (actor.role !== role && actor.role !== 'supervisor' && actor.role !== 'auditor') {
      throw new ForbiddenException(`The ${list} worklist is for ${role}s and supervisors.`);
    }
    if (query.office !== undefined && !officeCovers(actor.officeCode, query.office)) {
      throw new ForbiddenException(
        `Office ${query.office} is outside what office ${actor.officeCode} sees: ask for your own office's worklist.`,
      );
    }
    const now = this.clock.now();
    const { result: rows, reflects } = await this.readModel.read(
      (manager) =>
        manager.query(
          `select case_number, stage, summary from case_summaries
            where stage is not null and office_code like $1 and ${candidates[list]}`,
          [query.office ?? visibleOfficePattern(actor)],
        ) as Promise<Array<{ case_number: string | null; stage: string; summary: CaseSummary }>>,
    );
    const items = rows
      .flatMap((row) =>
        worklistsOf(row.summary, now)
          .filter((entry) => entry.worklist === list)
          .map((entry) => ({ ...entry, caseNumber: row.case_number, stage: row.stage })),
      )
      .filter(
        (item) =>
          item.officeCode !== null &&
          officeCovers(actor.officeCode, item.officeCode) &&
          (query.office === undefined || item.officeCode === query.office) &&
          (query.assignee !== 'me' || item.assigneeId === actor.id),
      )
      .filter((item) => !query.after || compareEntries(item, query.after) > 0)
      .sort(compareEntries);
    const page = items.slice(0, query.limit);
    const last = page[page.length - 1];
    return {
      list,
      role,
      items: page,
      next:
        items.length > query.limit
          ? encodeWorklistCursor({
              dueAt: last.dueAt,
              caseId: last.caseId,
              complaintId: last.complaintId,
            })
          : null,
      asOf: now.toISOString(),
      reflects,
    };
  }
}
