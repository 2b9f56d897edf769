import { Inject, Injectable } from '@nestjs/common';
import { DATABASE_POOL } from '@dinsos/platform';
import type { Pool } from 'pg';
import {
  blockingKeysOf,
  scoreCandidate,
  type CandidateScore,
  type MatchIdentity,
} from './duplicate-scoring.rules';

/**
 * A client the duplicate check found, with every case (and its office) it was registered in,
 * oldest registration first.
 */
export interface IndexedCandidate {
  clientId: string;
  registrations: Array<{ caseId: string; officeCode: string }>;
  score: CandidateScore;
}

/**
 * The duplicate check's reads of its index (intake.matching_index, kept by
 * matchingIndexProjection, which the platform runs). Which position it reflects, waiting for a
 * registration and rebuilding it go through the kit's `Projections`, by `matchingIndexName`.
 */
@Injectable()
export class MatchingIndex {
  constructor(@Inject(DATABASE_POOL) private readonly pool: Pool) {}

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
}
