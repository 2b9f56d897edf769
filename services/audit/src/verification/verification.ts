import { ForbiddenException, Inject, Injectable } from '@nestjs/common';
import { streamCategories } from '@dinsos/contracts';
import {
  latestSealedHeads,
  verifyAll,
  verifyCase,
  type BrokenLink,
  type Seal,
  type VerificationReport,
} from '@dinsos/event-store';
import { CLOCK, DATABASE_POOL, type Clock, type ReadContextShape } from '@dinsos/platform';
import type { Pool } from 'pg';
import { AccessLog } from '../access-log/access-log';
import { CaseRecords } from '../case-record/case-record';
import { Seals, sealsSummary } from './seals';

/** A broken link as an auditor reads it: which event, of which type, and why. */
export interface BrokenLinkReport extends BrokenLink {
  /** The type of the event where the chain breaks, as its row is indexed (null: none there). */
  type: string | null;
}

/**
 * The store's own verification, exposed: every stream of the case (whole streams: a chain has no
 * middle) or every stream of the store, each checked from revision 0 and against its last seal,
 * reporting the first broken link of each broken stream. A seal that cannot be read or whose
 * signature fails is itself a verification failure.
 */
@Injectable()
export class Verification {
  constructor(
    @Inject(DATABASE_POOL) private readonly pool: Pool,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly seals: Seals,
    private readonly records: CaseRecords,
    private readonly accessLog: AccessLog,
  ) {}

  async ofCase(context: ReadContextShape, caseId: string) {
    await this.records.open(context, caseId, 'caseVerification');
    const seals = this.seals.read();
    const usable = seals.configured && seals.ok ? seals.seals : undefined;
    const report = await verifyCase(this.pool, caseId, { seals: usable });
    if (usable) {
      // verifyCase finds a case's streams by the rows left: a case stream deleted whole is only
      // missed there, so the sealed case streams are looked for here.
      const gone = await this.sealedCaseStreamsGone(caseId, usable);
      report.broken.push(...gone);
      report.ok = report.broken.length === 0;
    }
    const answer = await this.answer(report, seals);
    await this.accessLog.record(context, {
      access: 'caseVerification',
      caseId,
      personalData: 'none',
      outcome: 'answered',
    });
    return { caseId, ...answer };
  }

  /** The whole store names every office's streams: the province's auditors only. */
  async ofStore(context: ReadContextShape) {
    if (context.actor.officeCode.length !== 2) {
      throw new ForbiddenException(
        "The whole store's verification is the province's: ask for a case's instead.",
      );
    }
    const seals = this.seals.read();
    const started = Date.now();
    const report = await verifyAll(this.pool, {
      seals: seals.configured && seals.ok ? seals.seals : undefined,
    });
    const answer = await this.answer(report, seals);
    await this.accessLog.record(context, {
      access: 'storeVerification',
      personalData: 'none',
      outcome: 'answered',
    });
    return { ...answer, durationMs: Date.now() - started };
  }

  private async answer(report: VerificationReport, seals: ReturnType<Seals['read']>) {
    const broken = await this.withTypes(report.broken);
    const sealsOk = !seals.configured || seals.ok;
    return {
      ok: report.ok && sealsOk,
      verifiedAt: this.clock.now().toISOString(),
      streamsChecked: report.streamsChecked,
      eventsChecked: report.eventsChecked,
      seals: sealsSummary(seals),
      broken,
    };
  }

  private async sealedCaseStreamsGone(
    caseId: string,
    seals: readonly Seal[],
  ): Promise<BrokenLink[]> {
    const caseStreams = new Set(streamCategories.map((category) => `${category}-${caseId}`));
    const sealed = [...latestSealedHeads(seals).keys()].filter((id) => caseStreams.has(id));
    if (!sealed.length) return [];
    const { rows } = await this.pool.query<{ stream_id: string }>(
      'select distinct e.stream_id from event_store.events e where e.stream_id = any($1::text[])',
      [sealed],
    );
    const present = new Set(rows.map((row) => row.stream_id));
    return sealed
      .filter((streamId) => !present.has(streamId))
      .sort()
      .map((streamId) => ({ streamId, streamRevision: null, reason: 'sealed-stream-missing' }));
  }

  private async withTypes(links: readonly BrokenLink[]): Promise<BrokenLinkReport[]> {
    const ids = links.flatMap((link) => (link.eventId ? [link.eventId] : []));
    const types = new Map<string, string>();
    if (ids.length) {
      const { rows } = await this.pool.query<{ event_id: string; type: string }>(
        'select e.event_id::text as event_id, e.type from event_store.events e where e.event_id = any($1::uuid[])',
        [ids],
      );
      for (const row of rows) types.set(row.event_id, row.type);
    }
    return links.map((link) => ({
      ...link,
      type: link.eventId ? (types.get(link.eventId) ?? null) : null,
    }));
  }
}
