/**
 * Family tracing: how well a possible family member (a candidate) fits what is known of a client
 * (a child, mostly) and the child's family. Pure: no I/O, no clock (ages are given as of one day).
 *
 * Fields compared, each `match`, `mismatch` or `blank` (one side unknown, or nothing comparable):
 * - `childName`: the names the client is called by (several; street names and nicknames) and the
 *   child's name as the family gives it. Names match by `nameSimilarity` (spelling variants,
 *   Muhammad and its abbreviations, single names, initials) or as nicknames (Ucup for Yusuf,
 *   Yanto for Suryanto: nicknames.ts). Generic nicknames (Asep, Ujang, Ucok, Adek) name no one
 *   in particular and are left out, so a client known only as "Asep" has a blank child name.
 *   The father's name after bin/binti is compared as `fatherName`, not here.
 * - `fatherName`: the father's name the child gives (or after bin/binti in the client's name)
 *   against the family's: the candidate's own name when the candidate claims to be the father,
 *   the father's name the family gives, bin/binti in the child's name as the family gives it,
 *   or in a sibling's own name. Words like Bapak, Ayah, Abah alone are no name (blank).
 * - `motherName`: likewise the mother's name (Ibu, Mama, Emak alone are no name).
 * - `place`: the places the child mentions against the candidate's address. Kemendagri region
 *   codes match when they share the kabupaten/kota (their first 4 digits: a village or a
 *   kecamatan in it matches it and any other kecamatan in it); a province-only code contradicts
 *   only another province. Place names (administrative words such as Desa, Kec., Kab. left out)
 *   match when every word of one is a word of the other once spelled alike (Tjikini = Cikini,
 *   Bekasi ~ Bekasi Utara): the Jaro-Winkler tolerance of names would take Sukamaju for Sukamulya,
 *   two villages. A name is not compared with a code. Any place in agreement is a match.
 * - `age`: the candidate's age against the client's estimated age, for the relation claimed: a
 *   mother 14–50 years older, a father 14–65, a grandparent 30 or more, an uncle or aunt no more
 *   than 5 years younger, a sibling within 25 years; blank for `other`.
 * - `childAge`: the child's age as the family gives it, within ±3 years of the estimate.
 *
 * The score adds, in the manner of Fellegi–Sunter record linkage, a weight for each field that
 * matches and subtracts one for each that does not; a blank field adds nothing, so it never
 * counts as a mismatch. The total (log-odds, from a prior of −2.5) is mapped onto [0, 1] by the
 * logistic function. Weights (match / mismatch): childName +3 / −1.5 (a child has names a family
 * does not know), fatherName and motherName +2.5 / −2.5, place +2 / −1.5 (children misplace
 * villages), age +0.5 / −3 (most adults are old enough to be a parent; an impossible age rules a
 * claim out), childAge +0.5 / −1.5. Classes: `likely` from 0.85 (log-odds 1.73; e.g. the child's
 * name and a place, or a parent's name and a place), and only with a name field matching;
 * `possible` from 0.5 (e.g. the child's name alone, or a place with ages that fit); `unlikely`
 * below. On the labelled table of family-candidate.unit.spec.ts (78 rows: 50 families, 28 not),
 * `likely` has recall 0.94 and precision 0.96; the misses are a child known only by a street or
 * generic name, the false alarms common names in one kabupaten. A change of fields, weights or
 * thresholds is a new `algorithm.version`.
 */
import { NAME_MATCH_THRESHOLD, nameSimilarity, normaliseName } from './name-matching';
import type { NormalisedName } from './name-matching';
import { isGenericName, isNicknameOf } from './nicknames';

/** The relation a candidate claims to the client. */
export type FamilyRelation =
  'mother' | 'father' | 'grandmother' | 'grandfather' | 'uncle' | 'aunt' | 'sibling' | 'other';

/** What is known of the client and the family (from the child, the officer, the file). */
export interface KnownOfClient {
  /** Names the client is called by: full names, nicknames, street names ("Ucup", "Yusuf bin Slamet"). */
  clientNames: readonly string[];
  /** The father's name as the child gives it ("Pak Slamet"). */
  fatherName?: string;
  /** The mother's name as the child gives it ("Mak Ijah"). */
  motherName?: string;
  /** Places the child mentions: village or kecamatan names, or Kemendagri region codes. */
  places?: readonly string[];
  /** The client's estimated age in years, as of the day the candidate's ages are given for. */
  estimatedAgeYears?: number;
}

/** A possible family member, and what they say of the child. */
export interface FamilyCandidate {
  /** The candidate's own name. */
  name?: string;
  relation: FamilyRelation;
  /** The candidate's address: its Kemendagri region code and/or place names. */
  address?: { regionCode?: string; places?: readonly string[] };
  ageYears?: number;
  /** The child's name as the family knows it (often another spelling, or a nickname). */
  clientName?: string;
  /** The child's age as the family gives it. */
  clientAgeYears?: number;
  /** The child's father's name as the family gives it (when the candidate is not the father). */
  clientFatherName?: string;
  /** The child's mother's name as the family gives it (when the candidate is not the mother). */
  clientMotherName?: string;
}

export type FamilyCandidateField =
  'childName' | 'fatherName' | 'motherName' | 'place' | 'age' | 'childAge';

export type FieldOutcome = 'match' | 'mismatch' | 'blank';

export type FamilyMatchClass = 'likely' | 'possible' | 'unlikely';

/** The result, as tracing's MatchCandidateProposed records it: field names, never values. */
export interface FamilyCandidateScore {
  /** Every field, in a fixed order. */
  comparison: Array<{ field: FamilyCandidateField; outcome: FieldOutcome }>;
  /** In [0, 1], to three decimals. */
  score: number;
  class: FamilyMatchClass;
  algorithm: { name: 'family-candidate'; version: 1 };
}

const ALGORITHM = { name: 'family-candidate', version: 1 } as const;

/** Log-odds added for a field that matches, and (negative) for one that does not. */
const weights: Record<FamilyCandidateField, { match: number; mismatch: number }> = {
  childName: { match: 3, mismatch: -1.5 },
  fatherName: { match: 2.5, mismatch: -2.5 },
  motherName: { match: 2.5, mismatch: -2.5 },
  place: { match: 2, mismatch: -1.5 },
  age: { match: 0.5, mismatch: -3 },
  childAge: { match: 0.5, mismatch: -1.5 },
};
const PRIOR_LOG_ODDS = -2.5;
/** A score from here, with a name field matching, is `likely`. */
const LIKELY_THRESHOLD = 0.85;
/** A score from here is `possible`. */
const POSSIBLE_THRESHOLD = 0.5;
const nameFields: readonly FamilyCandidateField[] = ['childName', 'fatherName', 'motherName'];

/** The family's age gap to the child (candidate's age − child's) that fits each relation. */
const ageGaps: Record<FamilyRelation, { min: number; max: number } | undefined> = {
  mother: { min: 14, max: 50 },
  father: { min: 14, max: 65 },
  grandmother: { min: 30, max: Infinity },
  grandfather: { min: 30, max: Infinity },
  uncle: { min: -5, max: Infinity },
  aunt: { min: -5, max: Infinity },
  sibling: { min: -25, max: 25 },
  other: undefined,
};
/** How far the child's age as the family gives it may be from the estimate. */
const CHILD_AGE_TOLERANCE = 3;
/** Digits of a Kemendagri code that name the kabupaten/kota (32.16 = Kabupaten Bekasi). */
const REGENCY_DIGITS = 4;
const PROVINCE_DIGITS = 2;

const administrativeWords = new Set([
  'provinsi',
  'prov',
  'kabupaten',
  'kab',
  'kota',
  'kotamadya',
  'kecamatan',
  'kec',
  'kelurahan',
  'kel',
  'desa',
  'ds',
  'dusun',
  'dsn',
  'kampung',
  'kp',
  'rt',
  'rw',
  'jalan',
  'jl',
  'gang',
  'gg',
  'blok',
  'no',
  'perumahan',
  'perum',
  'komplek',
  'kompleks',
]);

// ---- names ----

function formsOf(names: ReadonlyArray<string | undefined>): NormalisedName[] {
  return names.flatMap((name) => (name && name.trim() ? normaliseName(name) : []));
}

/** The written forms without generic words; a form left with no given name is dropped. */
function specific(forms: readonly NormalisedName[]): NormalisedName[] {
  return forms
    .map((form) => ({
      given: form.given.filter((token) => !isGenericName(token)),
      father: form.father.filter((token) => !isGenericName(token)),
    }))
    .filter((form) => form.given.length > 0);
}

/** The given names only (the father's name after bin/binti is compared on its own). */
function givenOnly(forms: readonly NormalisedName[]): NormalisedName[] {
  return forms.map((form) => ({ given: form.given, father: [] }));
}

/** The father's names after bin/binti, as names of their own. */
function fathersIn(forms: readonly NormalisedName[]): NormalisedName[] {
  return forms
    .filter((form) => form.father.length > 0)
    .map((form) => ({ given: form.father, father: [] }));
}

/** `form` with each token that is a nickname of a token of `other` written as that token. */
function resolveNicknames(form: NormalisedName, other: NormalisedName): NormalisedName {
  const tokens = [...other.given, ...other.father];
  const resolve = (token: string) => tokens.find((full) => isNicknameOf(token, full)) ?? token;
  return { given: form.given.map(resolve), father: form.father.map(resolve) };
}

/** Whether two sets of written forms name one person: similar, or through a nickname. */
function namesAgree(a: readonly NormalisedName[], b: readonly NormalisedName[]): boolean {
  for (const x of a) {
    for (const y of b) {
      if (nameSimilarity([x], [y]) >= NAME_MATCH_THRESHOLD) return true;
      if (nameSimilarity([resolveNicknames(x, y)], [y]) >= NAME_MATCH_THRESHOLD) return true;
      if (nameSimilarity([x], [resolveNicknames(y, x)]) >= NAME_MATCH_THRESHOLD) return true;
    }
  }
  return false;
}

function compareNames(a: readonly NormalisedName[], b: readonly NormalisedName[]): FieldOutcome {
  const x = specific(a);
  const y = specific(b);
  if (x.length === 0 || y.length === 0) return 'blank';
  return namesAgree(x, y) ? 'match' : 'mismatch';
}

// ---- places ----

type Place = { code: string } | { words: string[] };

function placesOf(raw: ReadonlyArray<string | undefined>): Place[] {
  const places: Place[] = [];
  for (const text of raw) {
    if (!text) continue;
    for (const part of text.split(/[,;/]/)) {
      if (/^[\d.\s-]+$/.test(part)) {
        const code = part.replace(/\D/g, '');
        if (code.length >= PROVINCE_DIGITS) places.push({ code });
        continue;
      }
      const plain = part
        .split(/[^\p{L}]+/u)
        .filter((word) => word && !administrativeWords.has(word.toLowerCase()))
        .join(' ');
      const words = normaliseName(plain).flatMap((form) => [...form.given, ...form.father]);
      if (words.length > 0) places.push({ words });
    }
  }
  return places;
}

function comparePlace(a: Place, b: Place): FieldOutcome {
  if ('code' in a && 'code' in b) {
    const digits = Math.min(a.code.length, b.code.length, REGENCY_DIGITS);
    if (a.code.slice(0, digits) !== b.code.slice(0, digits)) return 'mismatch';
    return digits >= REGENCY_DIGITS ? 'match' : 'blank';
  }
  if ('words' in a && 'words' in b) {
    const [short, long] =
      a.words.length <= b.words.length ? [a.words, b.words] : [b.words, a.words];
    return short.every((word) => long.includes(word)) ? 'match' : 'mismatch';
  }
  return 'blank';
}

function comparePlaces(a: readonly Place[], b: readonly Place[]): FieldOutcome {
  let outcome: FieldOutcome = 'blank';
  for (const x of a) {
    for (const y of b) {
      const pair = comparePlace(x, y);
      if (pair === 'match') return 'match';
      if (pair === 'mismatch') outcome = 'mismatch';
    }
  }
  return outcome;
}

// ---- ages ----

function isAge(years: number | undefined): years is number {
  return typeof years === 'number' && Number.isFinite(years) && years >= 0;
}

function compareRelationAge(
  relation: FamilyRelation,
  candidateAge: number | undefined,
  clientAge: number | undefined,
): FieldOutcome {
  const gap = ageGaps[relation];
  if (!gap || !isAge(candidateAge) || !isAge(clientAge)) return 'blank';
  const difference = candidateAge - clientAge;
  return difference >= gap.min && difference <= gap.max ? 'match' : 'mismatch';
}

function compareChildAge(given: number | undefined, estimate: number | undefined): FieldOutcome {
  if (!isAge(given) || !isAge(estimate)) return 'blank';
  return Math.abs(given - estimate) <= CHILD_AGE_TOLERANCE ? 'match' : 'mismatch';
}

// ---- the score ----

/**
 * Scores a possible family member against what is known of the client, field by field (see the
 * file's comment for the fields, weights and thresholds). Deterministic; the result holds no
 * names or places, only which fields agreed.
 */
export function scoreFamilyCandidate(
  known: KnownOfClient,
  candidate: FamilyCandidate,
): FamilyCandidateScore {
  const clientForms = formsOf(known.clientNames);
  const familyChildForms = formsOf([candidate.clientName]);
  const candidateForms = formsOf([candidate.name]);

  const knownFathers = [...formsOf([known.fatherName]), ...fathersIn(clientForms)];
  const familyFathers = [
    ...(candidate.relation === 'father' ? candidateForms : []),
    ...formsOf([candidate.clientFatherName]),
    ...fathersIn(familyChildForms),
    ...(candidate.relation === 'sibling' ? fathersIn(candidateForms) : []),
  ];
  const knownMothers = formsOf([known.motherName]);
  const familyMothers = [
    ...(candidate.relation === 'mother' ? candidateForms : []),
    ...formsOf([candidate.clientMotherName]),
  ];

  const outcomes: Record<FamilyCandidateField, FieldOutcome> = {
    childName: compareNames(givenOnly(clientForms), givenOnly(familyChildForms)),
    fatherName: compareNames(knownFathers, familyFathers),
    motherName: compareNames(knownMothers, familyMothers),
    place: comparePlaces(
      placesOf(known.places ?? []),
      placesOf([candidate.address?.regionCode, ...(candidate.address?.places ?? [])]),
    ),
    age: compareRelationAge(candidate.relation, candidate.ageYears, known.estimatedAgeYears),
    childAge: compareChildAge(candidate.clientAgeYears, known.estimatedAgeYears),
  };

  const fields = Object.keys(weights) as FamilyCandidateField[];
  let logOdds = PRIOR_LOG_ODDS;
  for (const field of fields) {
    const outcome = outcomes[field];
    if (outcome !== 'blank') logOdds += weights[field][outcome];
  }
  const score = Math.round(1000 / (1 + Math.exp(-logOdds))) / 1000;
  const nameMatches = nameFields.some((field) => outcomes[field] === 'match');
  const matchClass: FamilyMatchClass =
    score >= LIKELY_THRESHOLD && nameMatches
      ? 'likely'
      : score >= POSSIBLE_THRESHOLD
        ? 'possible'
        : 'unlikely';
  return {
    comparison: fields.map((field) => ({ field, outcome: outcomes[field] })),
    score,
    class: matchClass,
    algorithm: ALGORITHM,
  };
}
