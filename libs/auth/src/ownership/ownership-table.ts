import type { Pool } from 'pg';
import type { CaseOwnership } from '../office-scope/office-scope';

/** What the case access guard needs to know about a case. */
export interface OwnershipReader {
  find(caseId: string): Promise<CaseOwnership | undefined>;
  /**
   * Said with every 404 when ownership is learned from other services' events: a case opened
   * moments ago may not have arrived yet, and a caller must be able to tell that apart from a
   * fault (the same words for every unknown case, so nothing is revealed).
   */
  readonly notFoundHint?: string;
}

/** Reads the ownership table through the app role's pool. */
export class PostgresOwnershipTable implements OwnershipReader {
  readonly notFoundHint =
    "This service learns of a case from intake's CaseOpened on Kafka: a case opened moments ago may not have arrived yet, so try again shortly.";

  constructor(private readonly pool: Pool) {}

  async find(caseId: string): Promise<CaseOwnership | undefined> {
    const { rows } = await this.pool.query<{ owning_office_code: string; grants: string[] }>(
      `select o.owning_office_code,
              coalesce(array_agg(g.office_code order by g.office_code) filter (where g.office_code is not null), '{}') as grants
         from auth_case_ownership o
         left join auth_case_read_grant g on g.case_id = o.case_id
        where o.case_id = $1
        group by o.owning_office_code`,
      [caseId],
    );
    const row = rows[0];
    return row
      ? { caseId, owningOfficeCode: row.owning_office_code, readGrantOfficeCodes: row.grants }
      : undefined;
  }
}
