/**
 * Indonesian person names, pure (no I/O): intake's duplicate check and family tracing's match
 * candidates score names by the same rules.
 *
 * - `normaliseName(raw)` → the written forms of a name (given names, father's name after
 *   bin/binti), in comparable keys; `phoneticKey(token)`.
 * - `nameSimilarity(a, b)` in [0, 1], `namesMatch(a, b)` (≥ `NAME_MATCH_THRESHOLD`),
 *   `tokenSimilarity`, `jaroWinkler`.
 * - `nameBlockingKeys(names)`: keys under which candidates are looked up.
 * - `scoreFamilyCandidate(known, candidate)`: family tracing's score of a possible family member
 *   against what is known of the client, field by field (child's name with nicknames such as
 *   Ucup for Yusuf, parents' names with bin/binti, place by region code or name, ages for the
 *   relation claimed), a score in [0, 1], a class (likely/possible/unlikely) and the algorithm's
 *   name and version, as tracing's MatchCandidateProposed records them.
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
export { scoreFamilyCandidate } from './family-candidate';
export type {
  FamilyCandidate,
  FamilyCandidateField,
  FamilyCandidateScore,
  FamilyMatchClass,
  FamilyRelation,
  FieldOutcome,
  KnownOfClient,
} from './family-candidate';
