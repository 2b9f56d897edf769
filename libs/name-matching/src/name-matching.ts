/**
 * Indonesian person names for duplicate checks and family tracing: normalisation into comparable keys, and a
 * similarity between two names in [0, 1]. Pure: no I/O.
 *
 * What it knows about names (each one is a row of the table in name-matching.unit.spec.ts):
 * - old and new spelling (Ejaan Van Ophuijsen/Soewandi → EYD): oe→u, dj→j, tj→c, sj→sy, nj→ny,
 *   ch→kh; and old `j` is today's `y` (Jusuf = Yusuf). Since a name does not say which spelling
 *   it is in, `j` and `y` are one letter in the key (Djoko → Joko, Jusuf → Yusuf).
 * - spelling variants: kh/h (Khairul, Hairul), doubled letters (Muhammad, Muhamad), f/p/v
 *   (Yusuf, Yusup: Sundanese), sy/s and ai/ae/e (Syaifuddin, Saepudin), final h (Aminah,
 *   Amina), final y/i (Rudy, Rudi), dh/th/ph.
 * - Muhammad and its abbreviations (Mohammad, Moh., Muh., Mhd., M.), Ahmad (Achmad, Ahmed),
 *   Abdul (Abd.), Siti (St.): one key each.
 * - bin/binti (and bt, bte): the father's name follows; it confirms or contradicts, and a name
 *   written with the father's name as a plain second name still matches.
 * - single names, name order, initials (A. Rahman), "alias" (Budi alias Ucok: two names).
 * - titles and honorifics (H., Hj., Drs., S.Sos. after a comma, Bapak, Ibu, An.) are dropped.
 * And what it refuses: a different surname (Budi Santoso ≠ Budi Susanto), a different first
 * letter (Agus ≠ Bagus), a different final vowel (Rina ≠ Rini, Putra ≠ Putri, Hendra ≠ Hendri).
 */

/** One written form of a name: given names, and the father's name after bin/binti. */
export interface NormalisedName {
  given: string[];
  father: string[];
}

/** Two names this similar (or more) are the same name. */
export const NAME_MATCH_THRESHOLD = 0.85;

/** Two tokens less similar than this count as different names (Jaro-Winkler on their keys). */
const TOKEN_THRESHOLD = 0.9;
/** An initial (M., A.) matches a token with that first letter, a little below a full match. */
const INITIAL_SIMILARITY = 0.85;
/** Each name the longer one has beyond the shorter one lowers the score (single names). */
const EXTRA_TOKEN_FACTOR = 0.92;

const honorifics = new Set([
  'h',
  'hj',
  'haji',
  'hajjah',
  'kh',
  'dr',
  'drs',
  'dra',
  'ir',
  'prof',
  'bapak',
  'pak',
  'bpk',
  'ibu',
  'bu',
  'sdr',
  'sdri',
  'saudara',
  'saudari',
  'tn',
  'ny',
  'nn',
  'an',
  'anak',
]);

const patronymicMarkers = new Set(['bin', 'binti', 'bt', 'bte', 'b']);
const aliasMarkers = new Set(['alias', 'als']);

/** Written forms (after folding to a–z) that are one name. */
const aliasGroups: Record<string, string[]> = {
  muhammad: [
    'muhammad',
    'muhamad',
    'muhamat',
    'muhammed',
    'muhamed',
    'mohammad',
    'mohamad',
    'mohamat',
    'mohammed',
    'mohamed',
    'mochammad',
    'mochamad',
    'muchammad',
    'muchamad',
    'mukhammad',
    'mokhammad',
    'mohd',
    'moh',
    'muh',
    'mhd',
    'md',
    'm',
  ],
  ahmad: ['ahmad', 'achmad', 'akhmad', 'ahmed', 'achmed', 'amad'],
  abdul: ['abdul', 'abd', 'abdoel', 'abdu'],
  siti: ['siti', 'sitti', 'st'],
};
const aliasOf = new Map<string, string>(
  Object.entries(aliasGroups).flatMap(([canonical, forms]) =>
    forms.map((form) => [form, canonical] as const),
  ),
);

/** Lower case a–z only: accents folded, everything else a separator. */
function fold(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase();
}

/**
 * The comparison key of one name token: old spelling to new, variant letters collapsed.
 * Applied to both names alike, so a collapse only ever makes two names more alike.
 */
export function phoneticKey(token: string): string {
  let key = token;
  key = key.replace(/oe/g, 'u');
  key = key.replace(/tj/g, 'c');
  key = key.replace(/dj/g, 'j');
  key = key.replace(/ch/g, 'kh');
  key = key.replace(/kh/g, 'h');
  key = key.replace(/sh/g, 'sy');
  key = key.replace(/dh/g, 'd').replace(/th/g, 't').replace(/ph/g, 'f');
  key = key.replace(/q/g, 'k').replace(/x/g, 'ks');
  key = key.replace(/j/g, 'y');
  // Sundanese and Arabic-derived variants: Syaiful, Saiful, Saeful, Saepul are one name.
  key = key.replace(/sy/g, 's');
  key = key.replace(/a[ie]/g, 'e');
  key = key.replace(/[vp]/g, 'f');
  key = key.replace(/(.)\1+/g, '$1');
  // Final y after a consonant is i (Rudy, Rudi); a final h after a vowel is silent (Aminah).
  if (key.length > 2) key = key.replace(/([^aeiou])y$/, '$1i');
  if (key.length > 3) key = key.replace(/([aeiou])h$/, '$1');
  return key;
}

function tokenKey(word: string): string {
  const canonical = aliasOf.get(word);
  return canonical ?? phoneticKey(word);
}

/**
 * Every written form a name holds (one, or several joined by "alias"), each as given names and
 * the father's name. Titles after a comma (", S.Sos.") and honorifics are dropped.
 */
export function normaliseName(raw: string): NormalisedName[] {
  const withoutDegrees = raw.split(',')[0] ?? '';
  const words = fold(withoutDegrees)
    .split(/[^a-z]+/)
    .filter(Boolean);
  const forms: string[][] = [[]];
  for (const word of words) {
    if (aliasMarkers.has(word)) {
      forms.push([]);
      continue;
    }
    forms[forms.length - 1].push(word);
  }
  const names: NormalisedName[] = [];
  for (const form of forms) {
    const given: string[] = [];
    const father: string[] = [];
    let target = given;
    form.forEach((word, index) => {
      // "b" only marks a father's name between two names ("Ahmad b. Yusuf").
      const isMarker =
        patronymicMarkers.has(word) &&
        given.length > 0 &&
        index < form.length - 1 &&
        (word !== 'b' || form.length >= 3);
      if (isMarker && target === given) {
        target = father;
        return;
      }
      if (target === given && given.length === 0 && honorifics.has(word) && form.length > 1) {
        return;
      }
      target.push(tokenKey(word));
    });
    if (given.length > 0) names.push({ given, father });
  }
  return names;
}

/** Jaro-Winkler similarity of two strings (1 = equal). */
export function jaroWinkler(a: string, b: string): number {
  if (a === b) return 1;
  if (a.length === 0 || b.length === 0) return 0;
  const window = Math.max(0, Math.floor(Math.max(a.length, b.length) / 2) - 1);
  const aMatched = new Array<boolean>(a.length).fill(false);
  const bMatched = new Array<boolean>(b.length).fill(false);
  let matches = 0;
  for (let i = 0; i < a.length; i++) {
    const from = Math.max(0, i - window);
    const to = Math.min(b.length - 1, i + window);
    for (let j = from; j <= to; j++) {
      if (bMatched[j] || a[i] !== b[j]) continue;
      aMatched[i] = true;
      bMatched[j] = true;
      matches += 1;
      break;
    }
  }
  if (matches === 0) return 0;
  let transpositions = 0;
  let k = 0;
  for (let i = 0; i < a.length; i++) {
    if (!aMatched[i]) continue;
    while (!bMatched[k]) k += 1;
    if (a[i] !== b[k]) transpositions += 1;
    k += 1;
  }
  const jaro =
    (matches / a.length + matches / b.length + (matches - transpositions / 2) / matches) / 3;
  let prefix = 0;
  while (prefix < Math.min(4, a.length, b.length) && a[prefix] === b[prefix]) prefix += 1;
  return jaro + prefix * 0.1 * (1 - jaro);
}

const vowels = /[aeiou]$/;

/** How alike two name tokens (keys) are: 0 when they are different names. */
export function tokenSimilarity(a: string, b: string): number {
  if (a === b) return 1;
  if (a.length === 1 || b.length === 1) {
    return a[0] === b[0] ? INITIAL_SIMILARITY : 0;
  }
  // Variant spellings keep the first letter once old spelling is normalised (Agus ≠ Bagus).
  if (a[0] !== b[0]) return 0;
  // Gendered and other pairs that differ only in the final vowel are different names.
  if (vowels.test(a) && vowels.test(b) && a.slice(0, -1) === b.slice(0, -1)) return 0;
  const similarity = jaroWinkler(a, b);
  return similarity >= TOKEN_THRESHOLD ? similarity : 0;
}

/**
 * Aligns the tokens of the shorter list with distinct tokens of the longer one, best pairs
 * first, whatever their order; the mean similarity of the shorter list, lowered for each extra
 * token of the longer one.
 */
function tokenListSimilarity(a: readonly string[], b: readonly string[]): number {
  if (a.length === 0 || b.length === 0) return 0;
  const [shorter, longer] = a.length <= b.length ? [a, b] : [b, a];
  const pairs: Array<{ i: number; j: number; similarity: number }> = [];
  shorter.forEach((x, i) =>
    longer.forEach((y, j) => pairs.push({ i, j, similarity: tokenSimilarity(x, y) })),
  );
  pairs.sort((p, q) => q.similarity - p.similarity);
  const usedShort = new Set<number>();
  const usedLong = new Set<number>();
  let total = 0;
  for (const pair of pairs) {
    if (usedShort.has(pair.i) || usedLong.has(pair.j)) continue;
    usedShort.add(pair.i);
    usedLong.add(pair.j);
    total += pair.similarity;
  }
  return (total / shorter.length) * EXTRA_TOKEN_FACTOR ** (longer.length - shorter.length);
}

/** Similarity of two written forms, with the father's name confirming or contradicting. */
function formSimilarity(a: NormalisedName, b: NormalisedName): number {
  const given = tokenListSimilarity(a.given, b.given);
  let withFather = given;
  if (a.father.length > 0 && b.father.length > 0) {
    const father = tokenListSimilarity(a.father, b.father);
    withFather = father >= NAME_MATCH_THRESHOLD ? 0.8 * given + 0.2 * father : given * 0.6;
  }
  // "Ahmad bin Yusuf" written elsewhere as "Ahmad Yusuf".
  const flattened = tokenListSimilarity([...a.given, ...a.father], [...b.given, ...b.father]);
  return Math.min(1, Math.max(withFather, flattened));
}

/** How alike two names are, in [0, 1]; NAME_MATCH_THRESHOLD or more means the same name. */
export function nameSimilarity(
  a: string | readonly NormalisedName[],
  b: string | readonly NormalisedName[],
): number {
  const formsA = typeof a === 'string' ? normaliseName(a) : a;
  const formsB = typeof b === 'string' ? normaliseName(b) : b;
  let best = 0;
  for (const x of formsA) for (const y of formsB) best = Math.max(best, formSimilarity(x, y));
  return Math.round(best * 1000) / 1000;
}

export function namesMatch(a: string, b: string): boolean {
  return nameSimilarity(a, b) >= NAME_MATCH_THRESHOLD;
}

/**
 * Keys to find candidates by in an index before scoring them: the first three letters of each
 * full (non-initial) name key. Variant spellings share them once normalised.
 */
export function nameBlockingKeys(names: readonly NormalisedName[]): string[] {
  const keys = new Set<string>();
  for (const name of names) {
    for (const token of [...name.given, ...name.father]) {
      if (token.length >= 2) keys.add(token.slice(0, 3));
    }
  }
  return [...keys].sort();
}
