import { ForbiddenException, Inject, Injectable } from '@nestjs/common';
import { officeCovers, visibleOfficePattern, type AuthenticatedActor } from '@dinsos/auth';
import { CLOCK, DATABASE_POOL, Projections, SERVICE_STANDARDS, type Clock } from '@dinsos/platform';
import type { ServiceStandardCatalogue } from '@dinsos/service-standards';
import type { Pool } from 'pg';
import { rowOf, worklistProjectionName, type StoredRow } from './worklist.projection';
import { encodeCursor, type WorklistQuery } from './worklist.requests';
import { worklistItemOf, type WorklistItem } from './worklist.view';

export interface WorklistPage {
  items: WorklistItem[];
  /** Pass as `after` for the next page; null on the last. */
  next: string | null;
  /** The time the inquiries' states are judged at (the service's clock). */
  asOf: string;
  /** The store position the worklist reflects (null before its first event). */
  reflects: string | null;
}

/**
 * The worklist's reads: the tracings under way with inquiries waiting, of the offices the
 * caller's office covers (`36` its regencies too, a regency only itself), or of one of them, or
 * the caller's own; most urgent first (earliest due inquiry), paged by (due, case).
 */
@Injectable()
export class Worklist {
  constructor(
    @Inject(DATABASE_POOL) private readonly pool: Pool,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(SERVICE_STANDARDS) private readonly standards: ServiceStandardCatalogue,
    private readonly projections: Projections,
  ) {}

  async list(actor: AuthenticatedActor, query: WorklistQuery): Promise<WorklistPage> {
    if (query.office !== undefined && !officeCovers(actor.officeCode, query.office)) {
      throw new ForbiddenException(
        `Office ${query.office} is outside what office ${actor.officeCode} sees: ask for your own office's tracings.`,
      );
    }
    const now = this.clock.now();
    const reflects = (await this.projections.checkpoint(worklistProjectionName)) ?? null;
    const { rows } = await this.pool.query<StoredRow & { due: string }>(
      `select *, next_due_at::text as due
         from inquiries_waiting
        where listed
          and office_code like $1
          and ($2::text is null or officer_id = $2)
          and ($3::text is null or (next_due_at, case_id) > ($3::timestamptz, $4))
        order by next_due_at, case_id
        limit $5`,
      [
        query.office ?? visibleOfficePattern(actor),
        query.officer === 'me' ? actor.id : null,
        query.after?.due ?? null,
        query.after?.caseId ?? null,
        query.limit + 1,
      ],
    );
    const page = rows.slice(0, query.limit);
    const last = page[page.length - 1];
    return {
      items: page.map((stored) => worklistItemOf(rowOf(stored), now, this.standards.offices)),
      next:
        rows.length > query.limit ? encodeCursor({ due: last.due, caseId: last.case_id }) : null,
      asOf: now.toISOString(),
      reflects,
    };
  }
}
