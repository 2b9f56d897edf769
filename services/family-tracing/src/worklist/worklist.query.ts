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

/** A page of the worklist; `asOf` is the time the inquiries' states are judged at. */
export type WorklistPage = ReadModelPage<WorklistItem>;

/** Tracings under way with inquiries waiting, earliest due inquiry first. */
const inquiriesWaiting: OfficeScopedList = {
  projection: worklistProjectionName,
  table: 'inquiries_waiting',
  listed: 'listed',
  orderBy: 'next_due_at',
  noun: 'tracings',
};

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

  list(actor: AuthenticatedActor, query: WorklistQuery): Promise<WorklistPage> {
    const { pool, clock, projections } = this;
    return officeScopedPage({ pool, clock, projections }, inquiriesWaiting, {
      actor,
      query,
      where: { officer_id: query.officer === 'me' ? actor.id : null },
      itemOf: (stored: StoredRow, now) =>
        worklistItemOf(rowOf(stored), now, this.standards.offices),
    });
  }
}
