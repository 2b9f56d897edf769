import { Inject, Injectable, Logger } from '@nestjs/common';
import { enforceCaseAccess, officeCovers, type CaseOwnership } from '@dinsos/auth';
import { foldCaseSummary, initialCaseSummary, type CaseSummary } from '@dinsos/case-summary';
import type { AuditRecordReadPayload } from '@dinsos/contracts';
import type { PostgresEventStore, RecordedEvent } from '@dinsos/event-store';
import { EVENT_STORE, SERVICE_STANDARDS, type ReadContextShape } from '@dinsos/platform';
import type { ServiceStandardCatalogue } from '@dinsos/service-standards';
import { AccessLog } from '../access-log/access-log';

/** A case as the store holds it, opened for a reader whose office may see it. */
export interface OpenedCase {
  caseId: string;
  /**
   * The events whose envelope names the case, whatever their stream, in the store's order: all
   * of them for the offices that own it; up to the transfer away for an office that handed it on.
   */
  events: RecordedEvent[];
  /** Folded from `events`. */
  summary: CaseSummary;
  ownership: CaseOwnership;
  access: 'owner' | 'transferredAway';
  /** The position of the last event the reader may see of the case (null: all of them). */
  visibleUpTo: string | null;
}

/**
 * The office scope, decided from the store itself (audit keeps no ownership table): the owner is
 * the summary's, and an office that transferred the case away keeps read access.
 */
export function ownershipOf(
  caseId: string,
  events: readonly RecordedEvent[],
  summary: CaseSummary,
): CaseOwnership | undefined {
  if (events.length === 0) return undefined;
  const owningOfficeCode = summary.owningOfficeCode ?? events[events.length - 1].officeCode;
  const transferredFrom = summary.officeMoves.flatMap((move) =>
    move.kind === 'transfer' && move.fromOfficeCode ? [move.fromOfficeCode] : [],
  );
  return { caseId, owningOfficeCode, readGrantOfficeCodes: [...new Set(transferredFrom)] };
}

/**
 * What an office that transferred the case away sees (DESIGN.md section 2): the history up to
 * its (first) transfer away, that event included. The offices covering the owner see all.
 */
export function visibleEventsOf(
  actorOfficeCode: string,
  events: RecordedEvent[],
  summary: CaseSummary,
): RecordedEvent[] | undefined {
  if (officeCovers(actorOfficeCode, summary.owningOfficeCode ?? '')) return undefined;
  const transfer = summary.officeMoves.find(
    (move) =>
      move.kind === 'transfer' &&
      move.fromOfficeCode !== null &&
      officeCovers(actorOfficeCode, move.fromOfficeCode),
  );
  const at = events.findIndex((event) => event.eventId === transfer?.eventId);
  return at === -1 ? undefined : events.slice(0, at + 1);
}

@Injectable()
export class CaseRecords {
  private readonly log = new Logger('CaseRecords');

  constructor(
    @Inject(EVENT_STORE) private readonly store: PostgresEventStore,
    @Inject(SERVICE_STANDARDS) private readonly standards: ServiceStandardCatalogue,
    private readonly accessLog: AccessLog,
  ) {}

  /**
   * The case, or a 404 alike for an unknown case and one outside the reader's office scope; the
   * refused attempt is recorded too (who tried, why), since looking is what audit answers for.
   */
  async open(
    context: ReadContextShape,
    caseId: string,
    access: AuditRecordReadPayload['access'],
    query?: Record<string, string>,
  ): Promise<OpenedCase> {
    const events = await this.store.readCase(caseId);
    const summary = this.fold(caseId, events);
    const ownership = ownershipOf(caseId, events, summary);
    try {
      enforceCaseAccess(context.actor, caseId, ownership, 'read', this.log);
    } catch (refusal) {
      await this.accessLog.record(context, {
        access,
        caseId,
        ...(query ? { query } : {}),
        personalData: 'none',
        outcome: 'notFound',
      });
      throw refusal;
    }
    const visible = visibleEventsOf(context.actor.officeCode, events, summary);
    if (!visible) {
      return {
        caseId,
        events,
        summary,
        ownership: ownership as CaseOwnership,
        access: 'owner',
        visibleUpTo: null,
      };
    }
    return {
      caseId,
      events: visible,
      summary: this.fold(caseId, visible),
      ownership: ownership as CaseOwnership,
      access: 'transferredAway',
      visibleUpTo: visible[visible.length - 1].position.toString(),
    };
  }

  /**
   * The fold trusts payloads the contracts accepted at write time; a stored payload that breaks
   * it (altered, or written around the contracts) must not hide the history from an auditor: the
   * summary then holds only the owner the envelopes name, and says why.
   */
  private fold(caseId: string, events: readonly RecordedEvent[]): CaseSummary {
    try {
      return foldCaseSummary(caseId, events, { standards: this.standards });
    } catch (error) {
      const last = events[events.length - 1];
      return {
        ...initialCaseSummary(caseId),
        owningOfficeCode: last?.officeCode ?? null,
        warnings: [`the case's events cannot be folded: ${(error as Error).message}`],
      };
    }
  }
}

/** The query as recorded: only the parameters that were sent, as text. */
export function recordedQuery(query: Record<string, unknown>): Record<string, string> | undefined {
  const entries = Object.entries(query)
    .filter(([key, value]) => key !== 'purpose' && value !== undefined && value !== '')
    .map(([key, value]) => [key, String(value)] as const);
  return entries.length ? Object.fromEntries(entries) : undefined;
}
