import type { EventStore, RecordedEvent } from '@dinsos/event-store';
import type { DataAccess, PersonalDataVault } from '@dinsos/personal-data';
import { ProjectionRunner, pgTransactions, serviceActor } from '@dinsos/platform';
import type { OfficeDirectory } from '@dinsos/service-standards';
import type { Pool, PoolClient } from 'pg';
import {
  blockingKeysOf,
  matchIdentityOf,
  scoreCandidate,
  type CandidateScore,
  type MatchIdentity,
} from './duplicate-scoring.rules';

/** The events the index is built from. */
const indexedTypes = ['ReportReceived', 'ClientRegistered', 'CaseTransferred'] as const;
const checkpointName = 'matching-index';

/**
 * A client the duplicate check found, with every case (and its office) it was registered in,
 * oldest registration first.
 */
export interface IndexedCandidate {
  clientId: string;
  registrations: Array<{ caseId: string; officeCode: string }>;
  score: CandidateScore;
}

type Plain = Record<string, unknown>;
/** A write to the index, prepared from one event. */
type Change = (client: PoolClient) => Promise<unknown>;
const isErased = (value: unknown) =>
  typeof value === 'object' && value !== null && (value as { erased?: unknown }).erased === true;
const text = (value: unknown) => (typeof value === 'string' ? value : undefined);

/**
 * The duplicate check's index: a projection of intake's own events (ReportReceived for where the
 * client was found, ClientRegistered for the identity, CaseTransferred for the owning office),
 * decrypted for the purpose of case handling into comparison keys (MatchIdentity). It can be
 * rebuilt from the store at any time; a person whose key was erased is dropped (at every query,
 * and not indexed again by a rebuild). The kit's ProjectionRunner runs it (any number of
 * instances; checkpoint and row in one transaction; decryption outside it).
 */
export class MatchingIndexProjection {
  private readonly runner: ProjectionRunner<Change | undefined>;

  constructor(
    private readonly pool: Pool,
    store: Pick<EventStore<PoolClient>, 'subscribeToAll'>,
    private readonly vault: PersonalDataVault,
    private readonly offices: OfficeDirectory,
    options: { retryAfterMs?: number } = {},
  ) {
    this.runner = new ProjectionRunner(
      pgTransactions(pool),
      store,
      {
        name: checkpointName,
        filter: { types: indexedTypes },
        prepare: (event) => this.changeFor(event),
        apply: async (_event, change, transaction) => void (await change?.(transaction)),
        reset: async (transaction) =>
          void (await transaction.query('delete from intake.matching_index')),
      },
      options,
    );
  }

  start(): void {
    this.runner.start();
  }

  stop(): Promise<void> {
    return this.runner.stop();
  }

  /** Empties the index and its checkpoint: every runner starts again from the first event. */
  rebuild(): Promise<void> {
    return this.runner.rebuild();
  }

  /** The position the index reflects (of its own events), or undefined before the first. */
  checkpoint(): Promise<string | undefined> {
    return this.runner.checkpoint();
  }

  /** Waits until the index reflects the event at `position`; false when it took too long. */
  waitFor(position: string, timeoutMs = 10_000): Promise<boolean> {
    return this.runner.waitFor(position, timeoutMs);
  }

  /** Drops every row of a person whose key was erased. */
  async dropErased(): Promise<number> {
    const { rowCount } = await this.pool.query(
      `delete from intake.matching_index m
        using personal_data.subject_keys k
        where k.subject_id = m.client_id and k.erased_at is not null`,
    );
    return rowCount ?? 0;
  }

  /**
   * Clients whose registrations score as candidates against `query`, best first, across all
   * offices; `exclude` leaves out the client itself and those already decided.
   */
  async candidates(
    query: MatchIdentity,
    options: { exclude: readonly string[]; today: string },
  ): Promise<IndexedCandidate[]> {
    await this.dropErased();
    const keys = blockingKeysOf(query);
    if (keys.length === 0 && !query.nikHash) return [];
    const { rows } = await this.pool.query<{
      client_id: string;
      case_id: string;
      office_code: string;
      identity: MatchIdentity;
      found_region_codes: string[];
    }>(
      `select client_id, case_id, office_code, identity, found_region_codes
         from intake.matching_index
        where identity is not null
          and (blocking_keys && $1::text[] or ($2::text is not null and identity->>'nikHash' = $2))
          and not (client_id = any($3::text[]))
        order by client_id, registered_at nulls first, case_id`,
      [keys, query.nikHash ?? null, options.exclude],
    );
    const byClient = new Map<string, IndexedCandidate>();
    for (const row of rows) {
      const candidate: MatchIdentity = {
        ...row.identity,
        regionCodes: [...new Set([...row.identity.regionCodes, ...row.found_region_codes])],
      };
      const score = scoreCandidate(query, candidate, options.today);
      const found = byClient.get(row.client_id) ?? {
        clientId: row.client_id,
        registrations: [],
        score,
      };
      found.registrations.push({ caseId: row.case_id, officeCode: row.office_code });
      if (score.score > found.score.score) found.score = score;
      byClient.set(row.client_id, found);
    }
    return [...byClient.values()]
      .filter((candidate) => candidate.score.isCandidate)
      .sort((a, b) => b.score.score - a.score.score || a.clientId.localeCompare(b.clientId));
  }

  private access(event: RecordedEvent): DataAccess {
    return { actor: serviceActor('intake', event.officeCode), purpose: 'caseHandling' };
  }

  /** What the event changes in the index, decrypted outside the transaction. */
  private async changeFor(event: RecordedEvent): Promise<Change | undefined> {
    const payload = event.payload as Plain;
    const caseId = event.caseId;
    if (!caseId) return undefined;
    switch (event.type) {
      case 'ReportReceived': {
        const clientId = text((payload.client as Plain | undefined)?.clientId);
        if (!clientId || event.schemaVersion < 2) return undefined;
        let regions: string[] = [];
        if (payload.foundAt) {
          const foundAt = await this.vault.decryptField<{ regionCode?: string }>(
            payload.foundAt,
            this.access(event),
          );
          if (foundAt.status === 'readable' && foundAt.value.regionCode) {
            regions = [foundAt.value.regionCode.replace(/\D/g, '')];
          }
        }
        return (client) =>
          client.query(
            `insert into intake.matching_index (client_id, case_id, office_code, found_region_codes)
             values ($1, $2, $3, $4)
             on conflict (client_id, case_id)
               do update set found_region_codes = excluded.found_region_codes, updated_at = now()`,
            [clientId, caseId, event.officeCode, regions],
          );
      }
      case 'ClientRegistered': {
        const clientId = text(payload.clientId)!;
        const plain = await this.vault.decryptPayload(
          event.type,
          event.schemaVersion,
          payload,
          this.access(event),
        );
        if (isErased(plain.name) || isErased(plain.calledName) || isErased(plain.dateOfBirth)) {
          return (client) =>
            client.query('delete from intake.matching_index where client_id = $1', [clientId]);
        }
        const address = (plain.address ?? {}) as Plain;
        const identity = matchIdentityOf(
          {
            names: [text(plain.name), text(plain.calledName)],
            nik: text(plain.nik),
            dateOfBirth: text(plain.dateOfBirth),
            estimatedAgeYears:
              typeof plain.estimatedAgeYears === 'number' ? plain.estimatedAgeYears : undefined,
            placeOfBirth: text(plain.placeOfBirth),
            regionCodes: [
              text(address.villageCode),
              text(address.districtCode),
              text(address.regencyCode),
              text(address.provinceCode),
            ],
          },
          this.offices.has(event.officeCode)
            ? this.offices.localDate(event.officeCode, event.occurredAt)
            : event.occurredAt.slice(0, 10),
        );
        return (client) =>
          client.query(
            `insert into intake.matching_index (client_id, case_id, office_code, identity, blocking_keys, registered_at)
             values ($1, $2, $3, $4, $5, $6)
             on conflict (client_id, case_id)
               do update set identity = excluded.identity, blocking_keys = excluded.blocking_keys,
                             registered_at = excluded.registered_at, updated_at = now()`,
            [
              clientId,
              caseId,
              event.officeCode,
              JSON.stringify(identity),
              blockingKeysOf(identity),
              event.occurredAt,
            ],
          );
      }
      case 'CaseTransferred':
        return (client) =>
          client.query(
            'update intake.matching_index set office_code = $2, updated_at = now() where case_id = $1',
            [caseId, (payload as { toOfficeCode: string }).toOfficeCode],
          );
      default:
        return undefined;
    }
  }
}
