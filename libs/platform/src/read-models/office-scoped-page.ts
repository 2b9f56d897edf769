import { ForbiddenException } from '@nestjs/common';
import { officeCovers, visibleOfficePattern, type AuthenticatedActor } from '@dinsos/auth';
import type { Pool, QueryResultRow } from 'pg';
import type { Projections } from '../projections/service-projections';
import type { Clock } from '../runtime/tokens';
import { encodeKeysetCursor, type PageQuery } from './page-query';

/** One page of a read model's list, as a route answers it. */
export interface ReadModelPage<Item> {
  items: Item[];
  /** Pass as `after` for the next page; null on the last. */
  next: string | null;
  /** The time the items were judged at (the service's clock): their states, SLAs, days. */
  asOf: string;
  /** The store position the read model reflects (null before its first event). */
  reflects: string | null;
}

/**
 * A list of a read model with one row per case, scoped by office: which table, which rows, in
 * which order. Every field but `noun` is SQL written in the service's code, never taken from a
 * request.
 */
export interface OfficeScopedList {
  /** The projection that keeps the table (its checkpoint is the page's `reflects`). */
  projection: string;
  /** The table: one row per case, with `case_id` and `office_code` columns. */
  table: string;
  /** The condition of the rows on the list at all (e.g. `started`); default every row. */
  listed?: string;
  /**
   * The sort key, a timestamptz never null (`coalesce(next_due_at, 'infinity'::timestamptz)`,
   * or a column the `listed` condition keeps non-null), earliest first; ties by case. Written as
   * the table's index has it, so the index serves the order.
   */
  orderBy: string;
  /** The rows in the plural, for the refusal of an office the caller does not cover. */
  noun: string;
}

/** What a page is read with: the service's pool, its projections and its clock. */
export interface PageSources {
  pool: Pick<Pool, 'query'>;
  projections: Pick<Projections, 'checkpoint'>;
  clock: Clock;
}

export interface PageRequest<Stored, Item> {
  actor: Pick<AuthenticatedActor, 'officeCode'>;
  /** `office` (one office the caller covers; default all it covers), `limit` and `after`. */
  query: PageQuery & { office?: string };
  /**
   * Equalities the caller asked for, by column (`{ officer_id: actor.id }`); an undefined or null
   * value filters nothing. Column names come from the service's code.
   */
  where?: Readonly<Record<string, string | null | undefined>>;
  /** A stored row (`select *`) as the route answers it at `now`. */
  itemOf(stored: Stored, now: Date): Item;
}

const sqlName = /^[a-z_][a-z0-9_]*$/;
const keyColumn = 'keyset_key';

/**
 * One page of an office-scoped list, most urgent (earliest key) first, paged by (key, case): the
 * rows of the offices the caller's office covers (`36` its regencies and cities too, a regency
 * only itself), or of the one office asked for. An office the caller does not cover is a 403
 * that names it. The page says the instant it was judged at (`asOf`, the service's clock) and the
 * store position the read model reflects, so a client can wait for its own write.
 */
export async function officeScopedPage<Stored, Item>(
  sources: PageSources,
  list: OfficeScopedList,
  request: PageRequest<Stored, Item>,
): Promise<ReadModelPage<Item>> {
  const { actor, query } = request;
  if (query.office !== undefined && !officeCovers(actor.officeCode, query.office)) {
    throw new ForbiddenException(
      `Office ${query.office} is outside what office ${actor.officeCode} sees: ask for your own office's ${list.noun}.`,
    );
  }
  const now = sources.clock.now();
  const reflects = (await sources.projections.checkpoint(list.projection)) ?? null;
  const values: unknown[] = [query.office ?? visibleOfficePattern(actor)];
  const conditions = [`(${list.listed ?? 'true'})`, 'office_code like $1'];
  for (const [column, value] of Object.entries(request.where ?? {})) {
    if (!sqlName.test(column)) throw new Error(`not a column name: ${column}`);
    if (value === undefined || value === null) continue;
    values.push(value);
    conditions.push(`${column} = $${values.length}`);
  }
  if (query.after) {
    values.push(query.after.key, query.after.caseId);
    conditions.push(
      `(${list.orderBy}, case_id) > ($${values.length - 1}::timestamptz, $${values.length})`,
    );
  }
  values.push(query.limit + 1);
  const { rows } = await sources.pool.query<QueryResultRow>(
    `select *, (${list.orderBy})::text as ${keyColumn}
       from ${list.table}
      where ${conditions.join('\n        and ')}
      order by ${list.orderBy}, case_id
      limit $${values.length}`,
    values,
  );
  const page = rows.slice(0, query.limit);
  const last = page[page.length - 1];
  return {
    items: page.map(({ [keyColumn]: _key, ...stored }) => request.itemOf(stored as Stored, now)),
    next:
      rows.length > query.limit
        ? encodeKeysetCursor({ key: last[keyColumn], caseId: last.case_id })
        : null,
    asOf: now.toISOString(),
    reflects,
  };
}
