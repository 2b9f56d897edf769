import { Inject, Injectable, UnprocessableEntityException } from '@nestjs/common';
import {
  caseSlaAt,
  comparePositions,
  foldCaseSummary,
  type AsOf,
  type CaseSummary,
} from '@dinsos/case-summary';
import { Position, InvalidPosition } from '@dinsos/event-store';
import { RequestValidationError, SERVICE_STANDARDS, type ReadContextShape } from '@dinsos/platform';
import type { ServiceStandardCatalogue } from '@dinsos/service-standards';
import { AccessLog } from '../access-log/access-log';
import { CaseRecords, recordedQuery } from '../case-record/case-record';
import type { AsOfQuery } from './as-of.requests';

function positionOf(text: string): string {
  try {
    return Position.parse(text).toString();
  } catch (error) {
    if (!(error instanceof InvalidPosition)) throw error;
    throw new RequestValidationError([
      { in: 'query', path: 'position', message: `not a store position: ${error.message}` },
    ]);
  }
}

/**
 * The case as it stood, folded with case-query's own rules (@dinsos/case-summary). "As of time
 * T" takes the events whose recordedAt ≤ T in the store's position order: recordedAt is not
 * monotonic in position, so it filters rather than cuts.
 */
@Injectable()
export class CaseAsOf {
  constructor(
    private readonly records: CaseRecords,
    private readonly accessLog: AccessLog,
    @Inject(SERVICE_STANDARDS) private readonly standards: ServiceStandardCatalogue,
  ) {}

  async asOf(context: ReadContextShape, caseId: string, query: AsOfQuery) {
    // Refused before anything is read or recorded: a bad position is the caller's typo.
    const asOf: AsOf =
      query.position !== undefined
        ? { position: positionOf(query.position) }
        : { recordedAt: new Date(query.time as string).toISOString() };
    const recorded = recordedQuery(query);
    const opened = await this.records.open(context, caseId, 'caseAsOf', recorded);
    let summary: CaseSummary;
    try {
      summary = foldCaseSummary(caseId, opened.events, { standards: this.standards, asOf });
    } catch (error) {
      // A stored payload the fold cannot take (see CaseRecords): the verification says more.
      throw new UnprocessableEntityException(
        `The case's events up to there cannot be folded: ${(error as Error).message}`,
      );
    }
    // The same cut as the fold's, to say which events it took.
    const applied = opened.events.filter((event) =>
      'position' in asOf
        ? comparePositions(event.position, asOf.position) <= 0
        : Date.parse(event.recordedAt) <= Date.parse(asOf.recordedAt),
    );
    const last = applied[applied.length - 1];
    // The clocks are judged at the moment asked for; for a position, when its event was recorded.
    const judgedAt = 'recordedAt' in asOf ? asOf.recordedAt : (last?.recordedAt ?? null);
    await this.accessLog.record(context, {
      access: 'caseAsOf',
      caseId,
      ...(recorded ? { query: recorded } : {}),
      personalData: 'none',
      outcome: 'answered',
    });
    return {
      caseId,
      asOf,
      eventsApplied: applied.length,
      eventsVisible: opened.events.length,
      access: opened.access,
      lastEvent: last
        ? { eventId: last.eventId, type: last.type, position: last.position.toString() }
        : null,
      summary,
      sla: judgedAt && applied.length ? caseSlaAt(summary, judgedAt) : null,
    };
  }
}
