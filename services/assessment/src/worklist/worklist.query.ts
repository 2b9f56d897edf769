import { Inject, Injectable } from '@nestjs/common';
import type { AuthenticatedActor } from '@dinsos/auth';
import {
  CLOCK,
  DATABASE_POOL,
  Projections,
  SERVICE_STANDARDS,
  officeScopedPage,
  type Clock,
  type OfficeScopedList,
  type ReadModelPage,
} from '@dinsos/platform';
import type { ServiceStandardCatalogue } from '@dinsos/service-standards';
import type { Pool } from 'pg';
import { rowOf, worklistProjectionName, type StoredRow } from './worklist.projection';
import type { WorklistQuery } from './worklist.requests';
import { worklistItemOf, type WorklistItem } from './worklist.view';

/** A page of the worklist; `asOf` is the time the SLA states are judged at. */
export type WorklistPage = ReadModelPage<WorklistItem>;

/** Started assessments, most urgent first: the earliest due clock still running, none last. */
const worklist: OfficeScopedList = {
  projection: worklistProjectionName,
  table: 'worklist',
  listed: 'started',
  orderBy: "coalesce(next_due_at, 'infinity'::timestamptz)",
  noun: 'assessments',
};

/**
 * The worklist's reads: the started assessments of the offices the caller's office covers
 * (`36` its regencies too, a regency only itself), or of one of them, or the caller's own;
 * most urgent first (earliest due clock still running), paged by (due, case).
 */
@Injectable()
export class Worklist {
  constructor(
    @Inject(DATABASE_POOL) private readonly pool: Pool,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(SERVICE_STANDARDS) private readonly standards: ServiceStandardCatalogue,
    private readonly projections: Projections,
  ) {}

  list(actor: AuthenticatedActor, query: WorklistQuery): Promise<WorklistPage> {
    const { pool, clock, projections } = this;
    return officeScopedPage({ pool, clock, projections }, worklist, {
      actor,
      query,
      where: {
        social_worker_id: query.assignee === 'me' ? actor.id : null,
        stage: query.stage,
      },
      itemOf: (stored: StoredRow, now) =>
        worklistItemOf(rowOf(stored), now, this.standards.offices),
    });
  }
}
