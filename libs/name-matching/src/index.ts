/**
 * Indonesian person names, pure (no I/O): intake's duplicate check and family tracing's match
 * candidates score names by the same rules.
 *
 * - `normaliseName(raw)` → the written forms of a name (given names, father's name after
 *   bin/binti), in comparable keys; `phoneticKey(token)`.
 * - `nameSimilarity(a, b)` in [0, 1], `namesMatch(a, b)` (≥ `NAME_MATCH_THRESHOLD`),
 *   `tokenSimilarity`, `jaroWinkler`.
 * - `nameBlockingKeys(names)`: keys under which candidates are looked up.
 */
export {
  NAME_MATCH_THRESHOLD,
  jaroWinkler,
  nameBlockingKeys,
  nameSimilarity,
  namesMatch,
  normaliseName,
  phoneticKey,
  tokenSimilarity,
} from './name-matching';
export type { NormalisedName } from './name-matching';
