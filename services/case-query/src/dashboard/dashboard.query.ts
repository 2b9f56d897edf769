import { ForbiddenException, Inject, Injectable } from '@nestjs/common';
import { officeCovers, visibleOfficePattern, type AuthenticatedActor } from '@dinsos/auth';
import { daysPerStage, type CaseSummary } from '@dinsos/case-summary';
import { CLOCK, type Clock } from '@dinsos/platform';
import { ReadModel } from '../read-model/read-model';

const openStages = ['intake', 'assessment', 'tracing', 'placement'] as const;
type OpenStage = (typeof openStages)[number];

export interface OfficeFigures {
  officeCode: string;
  /** Cases the office owns, by the stage they are in. */
  openByStage: Record<OpenStage, number>;
  closed: number;
  /**
   * Average days the office's cases spent in each stage (the stage they are in counts until
   * now), over the cases that entered it; null when none did.
   */
  averageDaysPerStage: Record<OpenStage, number | null>;
  breaches: {
    /** Open cases with a clock of their standard running past its due instant now. */
    overdueNow: number;
    /** Cases with a clock that stopped after its due instant. */
    stoppedLate: number;
  };
}

/** Cases moved between offices: transfers (same case, new owner) and referrals (a new case there). */
export interface OfficeMoveCount {
  kind: 'transfer' | 'referral';
  fromOfficeCode: string | null;
  toOfficeCode: string;
  cases: number;
}

export interface Dashboard {
  offices: OfficeFigures[];
  moves: OfficeMoveCount[];
  asOf: string;
  reflects: string | null;
}

interface Row {
  office_code: string;
  stage: string;
  next_due_at: Date | null;
  late_clocks: number;
  read_grant_office_codes: string[];
  summary: CaseSummary;
}

const round = (value: number) => Math.round(value * 10) / 10;

@Injectable()
export class Dashboards {
  constructor(
    private readonly readModel: ReadModel,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  /**
   * Per office the caller's office covers (or the one asked for): open cases by stage, average
   * days per stage, breaches, and the moves between offices of the cases it sees (its own and
   * those it transferred away). Figures are judged at the service's clock, from one snapshot.
   */
  async of(actor: AuthenticatedActor, office: string | undefined): Promise<Dashboard> {
    if (office !== undefined && !officeCovers(actor.officeCode, office)) {
      throw new ForbiddenException(
        `Office ${office} is outside what office ${actor.officeCode} sees: ask for your own office's dashboard.`,
      );
    }
    const scope = office ?? visibleOfficePattern(actor);
    const now = this.clock.now();
    const { result: rows, reflects } = await this.readModel.read(
      (manager) =>
        manager.query(
          `select office_code, stage, next_due_at, late_clocks, read_grant_office_codes, summary
             from case_summaries
            where stage is not null and office_code is not null
              and (office_code like $1
                   or exists (select 1 from unnest(read_grant_office_codes) g where g like $1))`,
          [scope],
        ) as Promise<Row[]>,
    );
    const figures = new Map<
      string,
      OfficeFigures & { sums: Record<OpenStage, [number, number]> }
    >();
    const figuresOf = (officeCode: string) => {
      let found = figures.get(officeCode);
      if (!found) {
        found = {
          officeCode,
          openByStage: { intake: 0, assessment: 0, tracing: 0, placement: 0 },
          closed: 0,
          averageDaysPerStage: { intake: null, assessment: null, tracing: null, placement: null },
          breaches: { overdueNow: 0, stoppedLate: 0 },
          sums: { intake: [0, 0], assessment: [0, 0], tracing: [0, 0], placement: [0, 0] },
        };
        figures.set(officeCode, found);
      }
      return found;
    };
    const moves = new Map<string, OfficeMoveCount>();
    const inScope = (officeCode: string) =>
      office === undefined ? officeCovers(actor.officeCode, officeCode) : officeCode === office;
    for (const row of rows) {
      if (inScope(row.office_code)) {
        const office = figuresOf(row.office_code);
        if (row.stage === 'closed') office.closed += 1;
        else office.openByStage[row.stage as OpenStage] += 1;
        if (row.stage !== 'closed' && row.next_due_at && row.next_due_at < now) {
          office.breaches.overdueNow += 1;
        }
        if (row.late_clocks > 0) office.breaches.stoppedLate += 1;
        const days = daysPerStage(row.summary, now);
        const entered = new Set(row.summary.stages.map((period) => period.stage));
        for (const stage of openStages) {
          if (!entered.has(stage)) continue;
          office.sums[stage][0] += days[stage];
          office.sums[stage][1] += 1;
        }
      }
      for (const move of row.summary.officeMoves) {
        const key = `${move.kind} ${move.fromOfficeCode} ${move.toOfficeCode}`;
        const counted = moves.get(key) ?? {
          kind: move.kind,
          fromOfficeCode: move.fromOfficeCode,
          toOfficeCode: move.toOfficeCode,
          cases: 0,
        };
        counted.cases += 1;
        moves.set(key, counted);
      }
    }
    const offices = [...figures.values()]
      .sort((a, b) => a.officeCode.localeCompare(b.officeCode))
      .map(({ sums, ...office }) => ({
        ...office,
        averageDaysPerStage: Object.fromEntries(
          openStages.map((stage) => [
            stage,
            sums[stage][1] === 0 ? null : round(sums[stage][0] / sums[stage][1]),
          ]),
        ) as Record<OpenStage, number | null>,
      }));
    return {
      offices,
      moves: [...moves.values()].sort(
        (a, b) =>
          a.kind.localeCompare(b.kind) ||
          (a.fromOfficeCode ?? '').localeCompare(b.fromOfficeCode ?? '') ||
          a.toOfficeCode.localeCompare(b.toOfficeCode),
      ),
      asOf: now.toISOString(),
      reflects,
    };
  }
}
