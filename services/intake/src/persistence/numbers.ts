import { withTransaction } from '@dinsos/platform';
import type { ClientBase, Pool } from 'pg';

/** A numbered series of an office: case numbers, BAST, referral letters (surat rujukan). */
export type NumberSeries = 'case' | 'BAST' | 'SR';

/**
 * The next number of a series for an office and office-local year, inside the caller's
 * transaction: the counter row stays locked until it commits, so concurrent allocations — in
 * this or another instance — wait and each gets its own number; a rolled-back transaction gives
 * its number back (no gaps).
 */
export async function nextNumber(
  transaction: ClientBase,
  series: NumberSeries,
  officeCode: string,
  year: number,
): Promise<number> {
  const { rows } = await transaction.query<{ last_value: string }>(
    `insert into intake.number_counters (series, office_code, year, last_value)
     values ($1, $2, $3, 1)
     on conflict (series, office_code, year)
       do update set last_value = intake.number_counters.last_value + 1
     returning last_value`,
    [series, officeCode, year],
  );
  return Number(rows[0].last_value);
}

/**
 * The number of a document of a case (its BAST, its referral letter to one office), reserved
 * the first time it is asked for and the same ever after: rendering happens before the command
 * that records the document, so a retried or refused command must not use up numbers.
 */
export async function reserveDocumentNumber(
  pool: Pool,
  document: {
    series: NumberSeries;
    caseId: string;
    purpose: string;
    officeCode: string;
    year: number;
  },
): Promise<{ sequence: number; year: number }> {
  const find = async () => {
    const { rows } = await pool.query<{ sequence: string; year: number }>(
      `select sequence, year from intake.document_numbers
        where series = $1 and case_id = $2 and purpose = $3`,
      [document.series, document.caseId, document.purpose],
    );
    return rows[0] ? { sequence: Number(rows[0].sequence), year: rows[0].year } : undefined;
  };
  const existing = await find();
  if (existing) return existing;
  try {
    return await withTransaction(pool, async (client) => {
      const sequence = await nextNumber(
        client,
        document.series,
        document.officeCode,
        document.year,
      );
      const inserted = await client.query(
        `insert into intake.document_numbers (series, case_id, purpose, office_code, year, sequence)
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
      // Someone reserved it meanwhile: give the counter back (roll back) and take theirs.
      if (inserted.rowCount === 0) throw new ReservedMeanwhile();
      return { sequence, year: document.year };
    });
  } catch (error) {
    if (error instanceof ReservedMeanwhile) return (await find())!;
    throw error;
  }
}

class ReservedMeanwhile extends Error {}
