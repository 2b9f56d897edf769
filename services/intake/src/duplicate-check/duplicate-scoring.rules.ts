import { createHash } from 'node:crypto';
import {
  NAME_MATCH_THRESHOLD,
  nameBlockingKeys,
  nameSimilarity,
  normaliseName,
  phoneticKey,
  type NormalisedName,
} from '@dinsos/name-matching';

/**
 * The duplicate check's view of one registration of a client: only what is compared (name
 * forms, NIK hash, date of birth or estimated age, places). Derived from decrypted personal
 * data, so the index that holds it is personal data too: rebuildable, and dropped with the key.
 */
export interface MatchIdentity {
  names: NormalisedName[];
  nikHash?: string;
  dateOfBirth?: string;
  estimatedAgeYears?: number;
  /** The office date the identity was recorded: an estimated age ages from here. */
  observedOn: string;
  /** Comparison key of the place of birth. */
  birthPlace?: string;
  /** Kemendagri region codes (digits only) of the address of origin and where found. */
  regionCodes: string[];
}

/** What the officer knows of a person, in plaintext, as the duplicate check takes it. */
export interface IdentityForMatching {
  names: Array<string | undefined>;
  nik?: string;
  dateOfBirth?: string;
  estimatedAgeYears?: number;
  placeOfBirth?: string;
  regionCodes?: Array<string | undefined>;
}

export interface CandidateScore {
  /** Overall, in [0, 1]. */
  score: number;
  name: number;
  age: number;
  place: number;
  nik: 'same' | 'different' | 'unknown';
  /** Worth showing to the officer. */
  isCandidate: boolean;
}

/** An overall score from here on (with matching names) makes a candidate. */
export const CANDIDATE_THRESHOLD = 0.7;
const weights = { name: 0.6, age: 0.25, place: 0.15 } as const;
const UNKNOWN = 0.5;

export function nikHash(nik: string): string {
  return createHash('sha256').update(`dinsos.nik\0${nik}`).digest('hex');
}

function placeKey(place: string): string {
  const words = place
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .split(/[^a-z]+/)
    .filter(
      (word) =>
        word && !['kota', 'kabupaten', 'kab', 'kec', 'kecamatan', 'desa', 'kel'].includes(word),
    );
  return words.map(phoneticKey).join(' ');
}

function regionDigits(code: string): string {
  return code.replace(/\D/g, '');
}

export function matchIdentityOf(identity: IdentityForMatching, observedOn: string): MatchIdentity {
  const names = identity.names
    .filter((name): name is string => typeof name === 'string' && name.trim().length > 0)
    .flatMap((name) => normaliseName(name));
  const regionCodes = [
    ...new Set(
      (identity.regionCodes ?? [])
        .filter((code): code is string => typeof code === 'string')
        .map(regionDigits)
        .filter((code) => code.length >= 2),
    ),
  ].sort();
  const birthPlace = identity.placeOfBirth ? placeKey(identity.placeOfBirth) : '';
  return {
    names,
    ...(identity.nik ? { nikHash: nikHash(identity.nik) } : {}),
    ...(identity.dateOfBirth ? { dateOfBirth: identity.dateOfBirth } : {}),
    ...(identity.estimatedAgeYears !== undefined
      ? { estimatedAgeYears: identity.estimatedAgeYears }
      : {}),
    observedOn,
    ...(birthPlace ? { birthPlace } : {}),
    regionCodes,
  };
}

/** Keys for finding candidates in the index before scoring them. */
export function blockingKeysOf(identity: MatchIdentity): string[] {
  return nameBlockingKeys(identity.names);
}

function yearsBetween(from: string, to: string): number {
  const [fy, fm, fd] = from.split('-').map(Number);
  const [ty, tm, td] = to.split('-').map(Number);
  let years = ty - fy;
  if (tm < fm || (tm === fm && td < fd)) years -= 1;
  return years;
}

/** The age on `today`: from the date of birth, or the estimate grown by the years since. */
function ageOn(identity: MatchIdentity, today: string): number | undefined {
  if (identity.dateOfBirth) return yearsBetween(identity.dateOfBirth, today);
  if (identity.estimatedAgeYears !== undefined) {
    return identity.estimatedAgeYears + Math.max(0, yearsBetween(identity.observedOn, today));
  }
  return undefined;
}

function ageScore(a: MatchIdentity, b: MatchIdentity, today: string): number {
  if (a.dateOfBirth && b.dateOfBirth) {
    if (a.dateOfBirth === b.dateOfBirth) return 1;
    const [ay, am, ad] = a.dateOfBirth.split('-');
    const [by, bm, bd] = b.dateOfBirth.split('-');
    // Day and month swapped on a form.
    if (ay === by && am === bd && ad === bm) return 0.8;
    if (ay === by) return 0.5;
    return Math.abs(Number(ay) - Number(by)) <= 1 ? 0.3 : 0;
  }
  const ageA = ageOn(a, today);
  const ageB = ageOn(b, today);
  if (ageA === undefined || ageB === undefined) return UNKNOWN;
  const difference = Math.abs(ageA - ageB);
  // One side is an estimate: an officer's guess of a child's age is often a few years off.
  if (difference <= 2) return 0.8;
  if (difference <= 5) return 0.5;
  return 0;
}

function placeScore(a: MatchIdentity, b: MatchIdentity): number {
  if (a.birthPlace && b.birthPlace && a.birthPlace === b.birthPlace) return 1;
  const regencies = (identity: MatchIdentity) =>
    new Set(
      identity.regionCodes.filter((code) => code.length >= 4).map((code) => code.slice(0, 4)),
    );
  const provinces = (identity: MatchIdentity) =>
    new Set(identity.regionCodes.map((code) => code.slice(0, 2)));
  const shares = (x: Set<string>, y: Set<string>) => [...x].some((value) => y.has(value));
  if (shares(regencies(a), regencies(b))) return 0.8;
  if (shares(provinces(a), provinces(b))) return 0.5;
  const known = (identity: MatchIdentity) =>
    identity.birthPlace !== undefined || identity.regionCodes.length > 0;
  return known(a) && known(b) ? 0.1 : UNKNOWN;
}

/**
 * How likely two registrations are one person: names (with Indonesian spelling variants),
 * date of birth or estimated age, and place. The same NIK makes a candidate whatever else; two
 * different NIKs halve the score; ages that cannot be one person's rule a candidate out. Without a name on both sides there is no candidate: an
 * unnamed child is matched by tracing, not by this check.
 */
export function scoreCandidate(
  query: MatchIdentity,
  candidate: MatchIdentity,
  today: string,
): CandidateScore {
  const nik =
    query.nikHash && candidate.nikHash
      ? query.nikHash === candidate.nikHash
        ? 'same'
        : 'different'
      : 'unknown';
  const name =
    query.names.length && candidate.names.length ? nameSimilarity(query.names, candidate.names) : 0;
  const age = ageScore(query, candidate, today);
  const place = placeScore(query, candidate);
  let score = weights.name * name + weights.age * age + weights.place * place;
  if (nik === 'same') score = 1;
  if (nik === 'different') score *= 0.5;
  score = Math.round(score * 1000) / 1000;
  // Ages that contradict each other (0) rule a candidate out, however alike the names.
  const isCandidate =
    nik === 'same' || (name >= NAME_MATCH_THRESHOLD && age > 0 && score >= CANDIDATE_THRESHOLD);
  return { score, name, age, place, nik, isCandidate };
}
