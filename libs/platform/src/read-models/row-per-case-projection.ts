import type { EventFilter, RecordedEvent } from '@dinsos/event-store';
import type { PoolClient } from 'pg';
import type { ServiceProjection } from '../projections/service-projections';

/**
 * The case of an event of a case's stream: its envelope's `caseId`, else its stream's
 * (`<category>-<caseId>`, e.g. `assessment-3603-2026-000007`).
 */
export function caseIdOf(event: Pick<RecordedEvent, 'caseId' | 'streamId'>): string {
  return event.caseId ?? event.streamId.slice(event.streamId.indexOf('-') + 1);
}

/** A read model with one row per case, folded from the service's own events. */
export interface RowPerCase<Row, Stored> {
  /** The checkpoint's name: never rename it once deployed (the model would start again). */
  name: string;
  /** The events folded (`{ types: [...] }`); the projection reads no others. */
  filter?: EventFilter;
  /** The table: one row per case, `case_id` its primary key. */
  table: string;
  /**
   * Every column written, with its type, as a column definition list of `jsonb_to_recordset`:
   * `case_id text, started boolean, clocks jsonb, next_due_at timestamptz`. Each changed row is
   * written whole.
   */
  columns: string;
  /**
   * The row after one event: a pure function, tested on its own. `undefined`: the case's first
   * event (make the row from `caseIdOf(event)`); an event it does not keep returns the row as is.
   */
  fold(row: Row | undefined, event: RecordedEvent): Row;
  /** A stored row (`select *`) as `fold` takes it. */
  rowOf(stored: Stored): Row;
  /**
   * A row as the table's columns, named as in `columns` (derived ones too, such as a stage or
   * the list's sort key); JSON values, written through `jsonb_to_recordset`.
   */
  recordOf(row: Row): Record<string, unknown>;
}

const sqlName = /^[a-z_][a-z0-9_]*$/;

/** The names in a column definition list, checked, `case_id` first. */
function columnNamesOf(table: string, columns: string): string[] {
  if (!sqlName.test(table)) throw new Error(`rowPerCaseProjection: not a table name: ${table}`);
  const names = columns.split(',').map((column) => column.trim().split(/\s+/)[0]);
  const bad = names.filter((name) => !sqlName.test(name));
  if (bad.length > 0) throw new Error(`rowPerCaseProjection: not column names: ${bad.join(', ')}`);
  if (!names.includes('case_id')) {
    throw new Error(`rowPerCaseProjection: the columns of ${table} lack case_id`);
  }
  return ['case_id', ...names.filter((name) => name !== 'case_id')];
}

/**
 * A `ServiceProjection` (`PlatformFeatures.projections`) that keeps one row per case. Per read
 * batch, in the transaction that moves the checkpoint: the rows of the batch's cases are read
 * once, every event is folded into its case's row in the store's order (`fold`), and the changed
 * rows are written back with one statement (insert … on conflict (case_id) do update). A rebuild
 * empties the table. The service keeps its rows, its fold and its columns.
 */
export function rowPerCaseProjection<Row, Stored>(
  model: RowPerCase<Row, Stored>,
): ServiceProjection {
  const [, ...updated] = columnNamesOf(model.table, model.columns);
  const written = ['case_id', ...updated].join(', ');
  return {
    name: model.name,
    ...(model.filter ? { filter: model.filter } : {}),
    async applyBatch(events: readonly RecordedEvent[], _prepared, transaction: PoolClient) {
      const caseIds = [...new Set(events.map(caseIdOf))];
      const { rows } = await transaction.query(
        `select * from ${model.table} where case_id = any($1::text[])`,
        [caseIds],
      );
      const current = new Map<string, Row>(
        rows.map((stored: { case_id: string }) => [stored.case_id, model.rowOf(stored as Stored)]),
      );
      for (const event of events) {
        const caseId = caseIdOf(event);
        current.set(caseId, model.fold(current.get(caseId), event));
      }
      const changed = caseIds.map((caseId) => model.recordOf(current.get(caseId)!));
      await transaction.query(
        `insert into ${model.table} (${written})
         select ${written}
           from jsonb_to_recordset($1::jsonb) as changed(${model.columns})
         on conflict (case_id) do update set
           ${updated.map((name) => `${name} = excluded.${name}`).join(', ')}`,
        [JSON.stringify(changed)],
      );
    },
    reset: async (transaction: PoolClient) =>
      void (await transaction.query(`delete from ${model.table}`)),
  };
}
