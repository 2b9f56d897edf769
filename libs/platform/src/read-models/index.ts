/**
 * Read models of a service's own streams, as the worklists keep and list them (DESIGN.md §5,
 * ADR 0013), so each service writes only its rows, its fold and its views:
 *
 * - `rowPerCaseProjection({ name, filter, table, columns, fold, rowOf, recordOf })`: a
 *   `ServiceProjection` keeping one row per case; per read batch its rows read once, the events
 *   folded in with the service's pure `fold`, and written back in one statement. `caseIdOf(event)`:
 *   the case of an event (its envelope's, else its stream's), for the fold's first row.
 * - `officeScopedPage(sources, list, request)`: one page of such a table in the caller's office
 *   scope (`officeCovers`, `visibleOfficePattern` of @dinsos/auth; 403 for an office not
 *   covered), earliest key first, paged by (key, case), with `asOf` (the service's clock) and
 *   `reflects` (the projection's checkpoint): a `ReadModelPage<Item>`.
 * - Query parameters: `PageQuery` (`limit`, `after`; spread `PageQuery.shape` into a route's
 *   schema; `pageQueryOf(decode)` for a list with a cursor of its own)
 *   schema) and `officeParameter(noun)`; the opaque cursor `encodeKeysetCursor` /
 *   `decodeKeysetCursor` (`KeysetCursor`: the last row's key and case).
 */
export { caseIdOf, rowPerCaseProjection } from './row-per-case-projection';
export type { RowPerCase } from './row-per-case-projection';
export { officeScopedPage } from './office-scoped-page';
export type {
  OfficeScopedList,
  PageRequest,
  PageSources,
  ReadModelPage,
} from './office-scoped-page';
export {
  PageQuery,
  decodeKeysetCursor,
  encodeKeysetCursor,
  officeParameter,
  pageQueryOf,
} from './page-query';
export type { KeysetCursor } from './page-query';
