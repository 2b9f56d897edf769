import type { ClientBase, Pool } from 'pg';
import { withTransaction } from '../persistence/with-transaction';

/** A document of a case whose number is reserved once: its series, case and purpose. */
export interface DocumentNumberRequest {
  /** The series: 'BAST', 'SR' (surat rujukan), 'BAP' … (letters, digits, hyphens). */
  series: string;
  caseId: string;
  /** Which document of the case: 'shelter-handover', 'referral-to-36' … */
  purpose: string;
  officeCode: string;
  /** The office-local year the number belongs to. */
  year: number;
}

export interface ReservedNumber {
  sequence: number;
  year: number;
}

class ReservedMeanwhile extends Error {}

/**
 * A service's numbered series per office and office-local year, in its own schema
 * (platform_number_counters): case and complaint numbers inside the command's transaction, and
 * document numbers reserved once per case and purpose.
 */
export class NumberSeries {
  constructor(private readonly pool: Pool) {}

  /**
   * The next number, inside the caller's transaction (a command's in-transaction step): the
   * counter row stays locked until it commits, so concurrent allocations in any instance wait
   * and each gets its own number; a rolled-back transaction gives its number back (no gaps).
   */
  async next(
    transaction: ClientBase,
    series: string,
    officeCode: string,
    year: number,
  ): Promise<number> {
    const { rows } = await transaction.query<{ last_value: string }>(
      `insert into platform_number_counters as c (series, office_code, year, last_value)
       values ($1, $2, $3, 1)
       on conflict (series, office_code, year) do update set last_value = c.last_value + 1
       returning last_value`,
      [series, officeCode, year],
    );
    return Number(rows[0].last_value);
  }

  /**
   * The number of a document of a case, reserved the first time it is asked for and the same
   * ever after: a document is rendered before the command that records it, so a retried or
   * refused command must not use up numbers.
   */
  async reserveDocumentNumber(document: DocumentNumberRequest): Promise<ReservedNumber> {
    const existing = await this.findReserved(document);
    if (existing) return existing;
    try {
      return await withTransaction(this.pool, async (transaction) => {
        const sequence = await this.next(
          transaction,
          document.series,
          document.officeCode,
          document.year,
        );
        const inserted = await transaction.query(
          `insert into platform_document_numbers (series, case_id, purpose, office_code, year, sequence)
           values ($1, $2, $3, $4, $5, $6)
           on conflict (series, case_id, purpose) do nothing`,
          [
            document.series,
            document.caseId,
            document.purpose,
            document.officeCode,
            document.year,
            sequence,
          ],
        );
        // Reserved meanwhile by another request: give the counter back (roll back), take theirs.
        if (inserted.rowCount === 0) throw new ReservedMeanwhile();
        return { sequence, year: document.year };
      });
    } catch (error) {
      if (error instanceof ReservedMeanwhile) return (await this.findReserved(document))!;
      throw error;
    }
  }

  private async findReserved(document: DocumentNumberRequest): Promise<ReservedNumber | undefined> {
    const { rows } = await this.pool.query<{ sequence: string; year: number }>(
      `select sequence, year from platform_document_numbers
        where series = $1 and case_id = $2 and purpose = $3`,
      [document.series, document.caseId, document.purpose],
    );
    return rows[0] ? { sequence: Number(rows[0].sequence), year: rows[0].year } : undefined;
  }
}
