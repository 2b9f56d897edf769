import { Inject, Injectable, Logger } from '@nestjs/common';
import { enforceCaseAccess, type CaseOwnership } from '@dinsos/auth';
import { foldCaseSummary, type CaseSummary } from '@dinsos/case-summary';
import type { AuditRecordReadPayload } from '@dinsos/contracts';
import type { PostgresEventStore, RecordedEvent } from '@dinsos/event-store';
import { EVENT_STORE, SERVICE_STANDARDS, type ReadContextShape } from '@dinsos/platform';
import type { ServiceStandardCatalogue } from '@dinsos/service-standards';
import { AccessLog } from '../access-log/access-log';

/** A case as the store holds it, opened for a reader whose office may see it. */
export interface OpenedCase {
  caseId: string;
  /** Every event whose envelope names the case, whatever its stream, in the store's order. */
  events: RecordedEvent[];
  summary: CaseSummary;
  ownership: CaseOwnership;
}

/**
 * The office scope, decided from the store itself (audit keeps no ownership table): the owner is
 * the summary's, and every office that owned the case before a transfer keeps read access.
 */
export function ownershipOf(
  caseId: string,
  events: readonly RecordedEvent[],
  summary: CaseSummary,
): CaseOwnership | undefined {
  if (events.length === 0) return undefined;
  const owningOfficeCode = summary.owningOfficeCode ?? events[events.length - 1].officeCode;
  const earlier = new Set(events.map((event) => event.officeCode));
  earlier.delete(owningOfficeCode);
  return { caseId, owningOfficeCode, readGrantOfficeCodes: [...earlier] };
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
    const summary = foldCaseSummary(caseId, events, { standards: this.standards });
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
    return { caseId, events, summary, ownership: ownership as CaseOwnership };
  }
}

/** The query as recorded: only the parameters that were sent, as text. */
export function recordedQuery(query: Record<string, unknown>): Record<string, string> | undefined {
  const entries = Object.entries(query)
    .filter(([key, value]) => key !== 'purpose' && value !== undefined && value !== '')
    .map(([key, value]) => [key, String(value)] as const);
  return entries.length ? Object.fromEntries(entries) : undefined;
}
