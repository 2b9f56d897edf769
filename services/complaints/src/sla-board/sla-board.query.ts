import { ForbiddenException, Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { officeCovers, visibleOfficePattern, type AuthenticatedActor } from '@dinsos/auth';
import {
  CLOCK,
  DATABASE_POOL,
  Projections,
  ServiceMetrics,
  encodeKeysetCursor,
  type Clock,
  type ReadModelPage,
} from '@dinsos/platform';
import type { SlaState } from '@dinsos/service-standards';
import { Gauge } from 'prom-client';
import type { Pool } from 'pg';
import {
  slaBoardProjectionName,
  slaBoardRowOf,
  type StoredSlaBoardRow,
} from './sla-board.projection';
import type { SlaBoardQuery } from './sla-board.requests';
import { boardClocksOf, slaBoardItemOf, type SlaBoardItem } from './sla-board.view';

export type SlaBoardPage = ReadModelPage<SlaBoardItem>;

const orderKey = `coalesce(next_due_at, 'infinity'::timestamptz)`;
/** The instant a complaint's clocks are judged at (`now`, a parameter): now, or its pause's start. */
const judgedAt = (now: string) =>
  `least(${now}::timestamptz, coalesce(paused_since, ${now}::timestamptz))`;
const slaCondition: Record<NonNullable<SlaBoardQuery['sla']>, (now: string) => string> = {
  breached: (now) => `(breached or next_due_at < ${judgedAt(now)})`,
  atRisk: (now) =>
    `(not breached and next_due_at >= ${judgedAt(now)} and at_risk_at <= ${judgedAt(now)})`,
  onTrack: (now) => `(not breached and at_risk_at > ${judgedAt(now)})`,
};

/**
 * The SLA board's reads: the complaints of the offices the caller's office covers (`36` its
 * regencies and cities too, a regency only itself), or of one of them; earliest running clock due
 * first, paged by (due, complaint), filtered by SLA state and status. Each clock's state is
 * slaStateOf at the service's clock. Also the `/metrics` gauge of complaints per office, clock
 * and SLA state, read from the table at each scrape.
 */
@Injectable()
export class SlaBoard implements OnModuleInit {
  constructor(
    @Inject(DATABASE_POOL) private readonly pool: Pool,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly projections: Projections,
    private readonly metrics: ServiceMetrics,
  ) {}

  onModuleInit(): void {
    if (this.metrics.registry.getSingleMetric('dinsos_complaints_sla')) return;
    const counts = () => this.counts();
    new Gauge({
      name: 'dinsos_complaints_sla',
      help: "Complaints per office, clock and SLA state (onTrack, atRisk, breached, met), from the SLA board; 'paused' 1 while waiting for the complainant",
      labelNames: ['office', 'clock', 'state', 'paused'],
      registers: [this.metrics.registry],
      async collect() {
        this.reset();
        for (const [labels, count] of await counts()) this.set(labels, count);
      },
    });
  }

  /** Complaints per office, clock, state and pause, judged now. */
  async counts(): Promise<
    [{ office: string; clock: string; state: SlaState; paused: string }, number][]
  > {
    const now = this.clock.now();
    const { rows } = await this.pool.query<StoredSlaBoardRow>('select * from complaint_sla_board');
    const counts = new Map<string, number>();
    for (const stored of rows) {
      const row = slaBoardRowOf(stored);
      for (const clock of boardClocksOf(row, now)) {
        const key = JSON.stringify([
          row.officeCode,
          clock.clock,
          clock.state,
          row.pausedSince !== null ? '1' : '0',
        ]);
        counts.set(key, (counts.get(key) ?? 0) + 1);
      }
    }
    return [...counts].map(([key, count]) => {
      const [office, clock, state, paused] = JSON.parse(key) as [string, string, SlaState, string];
      return [{ office, clock, state, paused }, count];
    });
  }

  async list(
    actor: Pick<AuthenticatedActor, 'officeCode'>,
    query: SlaBoardQuery,
  ): Promise<SlaBoardPage> {
    if (query.officeCode !== undefined && !officeCovers(actor.officeCode, query.officeCode)) {
      throw new ForbiddenException(
        `Office ${query.officeCode} is outside what office ${actor.officeCode} sees: ask for your own office's complaints.`,
      );
    }
    const now = this.clock.now();
    const reflects = (await this.projections.checkpoint(slaBoardProjectionName)) ?? null;
    const values: unknown[] = [query.officeCode ?? visibleOfficePattern(actor)];
    const conditions = ['office_code like $1'];
    if (query.sla) {
      values.push(now.toISOString());
      conditions.push(slaCondition[query.sla](`$${values.length}`));
    }
    if (query.status) {
      values.push(query.status);
      conditions.push(`status = $${values.length}`);
    }
    if (query.after) {
      values.push(query.after.key, query.after.caseId);
      conditions.push(
        `(${orderKey}, complaint_id) > ($${values.length - 1}::timestamptz, $${values.length})`,
      );
    }
    values.push(query.limit + 1);
    const { rows } = await this.pool.query<StoredSlaBoardRow & { keyset_key: string }>(
      `select *, (${orderKey})::text as keyset_key
         from complaint_sla_board
        where ${conditions.join(' and ')}
        order by ${orderKey}, complaint_id
        limit $${values.length}`,
      values,
    );
    const page = rows.slice(0, query.limit);
    const last = page[page.length - 1];
    return {
      items: page.map(({ keyset_key: _key, ...stored }) =>
        slaBoardItemOf(slaBoardRowOf(stored), now),
      ),
      next:
        rows.length > query.limit
          ? encodeKeysetCursor({ key: last.keyset_key, caseId: last.complaint_id })
          : null,
      asOf: now.toISOString(),
      reflects,
    };
  }
}
