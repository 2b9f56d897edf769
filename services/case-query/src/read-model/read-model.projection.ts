import {
  evolveCaseSummary,
  evolveComplaintSummary,
  initialCaseSummary,
  initialComplaintSummary,
  type CaseSummary,
  type ComplaintSummary,
} from '@dinsos/case-summary';
import type { RecordedEvent } from '@dinsos/event-store';
import type { StoreProjection } from '@dinsos/platform';
import type { ServiceStandardCatalogue } from '@dinsos/service-standards';
import type { QueryRunner } from 'typeorm';

/** The checkpoint's name: never rename it once deployed (the read model would start again). */
export const readModelProjectionName = 'case-query-read-model';

const complaintStreamPrefix = 'complaint-';

/** A case's row as the table's columns (jsonb_to_recordset's record); pure. */
export function caseRecordOf(summary: CaseSummary): Record<string, unknown> {
  const running = summary.clocks
    .filter((clock) => clock.status === 'running' && clock.dueAt !== null)
    .map((clock) => clock.dueAt as string)
    .sort((a, b) => Date.parse(a) - Date.parse(b));
  const grants = summary.officeMoves
    .filter((move) => move.kind === 'transfer' && move.fromOfficeCode !== null)
    .map((move) => move.fromOfficeCode as string)
    .filter((office) => office !== summary.owningOfficeCode);
  return {
    case_id: summary.caseId,
    case_number: summary.caseNumber,
    office_code: summary.owningOfficeCode,
    stage: summary.stage,
    custodian_kind: summary.custodian?.kind ?? null,
    client_category: summary.clientCategory,
    standard_code: summary.pinnedStandard?.code ?? null,
    standard_version: summary.pinnedStandard?.version ?? null,
    reported_at: summary.reportedAt,
    opened_at: summary.openedAt,
    closed_at: summary.closedAt,
    // A closed case owes nothing more: a clock it left running is judged at its closure.
    next_due_at: summary.stage === 'closed' ? null : (running[0] ?? null),
    late_clocks: summary.clocks.filter((clock) => clock.met === false).length,
    read_grant_office_codes: [...new Set(grants)],
    last_position: summary.lastPosition,
    summary,
  };
}

/** A complaint's row as the table's columns; pure. */
export function complaintRecordOf(summary: ComplaintSummary): Record<string, unknown> {
  return {
    complaint_id: summary.complaintId,
    complaint_number: summary.complaintNumber,
    office_code: summary.officeCode,
    case_id: summary.caseId,
    status: summary.status,
    received_at: summary.receivedAt,
    last_position: summary.lastPosition,
    summary,
  };
}

const caseColumns = `case_id text, case_number text, office_code text, stage text,
  custodian_kind text, client_category text, standard_code text, standard_version integer,
  reported_at timestamptz, opened_at timestamptz, closed_at timestamptz,
  next_due_at timestamptz, late_clocks integer, read_grant_office_codes text[],
  last_position text, summary jsonb`;

const complaintColumns = `complaint_id text, complaint_number text, office_code text,
  case_id text, status text, received_at timestamptz, last_position text, summary jsonb`;

/** One insert … on conflict update of every changed row, whole. */
function upsertSql(table: string, key: string, columns: string): string {
  const names = columns.split(',').map((column) => column.trim().split(/\s+/)[0]);
  const updated = names.filter((name) => name !== key);
  return `insert into ${table} (${names.join(', ')})
    select ${names.join(', ')} from jsonb_to_recordset($1::jsonb) as changed(${columns})
    on conflict (${key}) do update set ${updated.map((name) => `${name} = excluded.${name}`).join(', ')}`;
}

const upsertCases = upsertSql('case_summaries', 'case_id', caseColumns);
const upsertComplaints = upsertSql('complaint_summaries', 'complaint_id', complaintColumns);

/**
 * Folds a batch into the rows it touches: each key's row read once, its events applied in the
 * store's order, and only the rows that changed returned. The folds ignore an event at or before
 * a row's last position, so a replayed or duplicated event changes nothing.
 */
async function foldBatch<Summary>(
  keyed: ReadonlyArray<{ key: string; event: RecordedEvent }>,
  load: (keys: string[]) => Promise<Map<string, Summary>>,
  initial: (key: string) => Summary,
  evolve: (summary: Summary, event: RecordedEvent) => Summary,
): Promise<Summary[]> {
  if (keyed.length === 0) return [];
  const keys = [...new Set(keyed.map(({ key }) => key))];
  const stored = await load(keys);
  const current = new Map(stored);
  for (const { key, event } of keyed) {
    current.set(key, evolve(current.get(key) ?? initial(key), event));
  }
  return keys
    .filter((key) => current.get(key) !== stored.get(key))
    .map((key) => current.get(key) as Summary)
    .filter((summary) => lastPositionOf(summary) !== null);
}

// A key whose events were all passed by (an uncatalogued type) has nothing to keep.
const lastPositionOf = (summary: unknown) =>
  (summary as { lastPosition: string | null }).lastPosition;

async function summariesOf<Summary>(
  transaction: QueryRunner,
  sql: string,
  keys: string[],
): Promise<Map<string, Summary>> {
  const rows = (await transaction.query(sql, [keys])) as Array<{ key: string; summary: Summary }>;
  return new Map(rows.map((row) => [row.key, row.summary]));
}

/**
 * The read model of the whole store, in its global order (the read side's role reads every
 * category): per batch, the rows of the batch's cases and complaints are read once, the events
 * folded in with `@dinsos/case-summary` (due dates from the standards catalogue), and the
 * changed rows written back with one statement per table, in the transaction that moves the
 * checkpoint. Events of no case and no complaint (a client's stream without a case) pass by.
 */
export function readModelProjection(
  standards: ServiceStandardCatalogue,
): StoreProjection<undefined, QueryRunner> {
  return {
    name: readModelProjectionName,
    async applyBatch(events, _prepared, transaction) {
      const cases = await foldBatch<CaseSummary>(
        events.flatMap((event) => (event.caseId ? [{ key: event.caseId, event }] : [])),
        (keys) =>
          summariesOf(
            transaction,
            'select case_id as key, summary from case_summaries where case_id = any($1::text[])',
            keys,
          ),
        initialCaseSummary,
        (summary, event) => evolveCaseSummary(summary, event, { standards }),
      );
      if (cases.length > 0) {
        await transaction.query(upsertCases, [JSON.stringify(cases.map(caseRecordOf))]);
      }
      const complaints = await foldBatch<ComplaintSummary>(
        events.flatMap((event) =>
          event.streamId.startsWith(complaintStreamPrefix)
            ? [{ key: event.streamId.slice(complaintStreamPrefix.length), event }]
            : [],
        ),
        (keys) =>
          summariesOf(
            transaction,
            'select complaint_id as key, summary from complaint_summaries where complaint_id = any($1::text[])',
            keys,
          ),
        initialComplaintSummary,
        evolveComplaintSummary,
      );
      if (complaints.length > 0) {
        await transaction.query(upsertComplaints, [
          JSON.stringify(complaints.map(complaintRecordOf)),
        ]);
      }
    },
    async reset(transaction) {
      await transaction.query('delete from case_summaries');
      await transaction.query('delete from complaint_summaries');
    },
  };
}
