/**
 * Nicknames (nama panggilan) for Indonesian given names, and the words that name no one in
 * particular. Pure: no I/O. Used by the family-candidate scorer, not by `nameSimilarity`, so
 * intake's duplicate check is unchanged.
 *
 * A child is often known only by a nickname: on the street, at the shelter, or at home. Three
 * kinds are told apart:
 * - an ending of the given name (Javanese and Sundanese shortening keeps the last syllables):
 *   Yanto for Suryanto or Haryanto, Tono for Hartono or Sutono, Yati for Haryati, Tini for
 *   Kartini, Udin for Saepudin or Jamaluddin, Yuni for Wahyuni. No table row is needed: a
 *   nickname of four letters or more that ends a name two letters or more longer stands for it
 *   (`isNicknameOf`), so Yanto never stands for Yanti.
 * - a nickname that is not an ending (the table below): Ucup for Yusuf, Iwan and Wawan for
 *   Setiawan or Kurniawan, Ipul for Saiful, Mamat and Memed for Muhammad, Budi for Budiman.
 * - a word that names no one in particular (`isGenericName`): Asep, Ujang, Cecep, Dede and Neng
 *   are what Sundanese boys and girls are called, Ucok and Butet Batak ones, Upik and Buyung
 *   Minang ones, Tole and Nduk Javanese ones (Asep and Ujang are also given names, but one of them
 *   alone says nothing about who a child is); and words of address and kinship (Adek, Kakak, Mas,
 *   Bapak, Ibu, Mamak, Emak, Mbah). Such words are left out of a name before comparing it.
 * Joko and Budi are given names in their own right and are compared as names (Joko ~ Joko
 * Santoso, a single name); Budi also stands for the longer names it shortens.
 */
import { normaliseName } from './name-matching';

/** Nicknames that are not an ending of the name, with the given names they stand for. */
const nicknameTable: Record<string, readonly string[]> = {
  ucup: ['yusuf'],
  iwan: ['setiawan', 'kurniawan', 'gunawan', 'darmawan', 'hermawan', 'irawan', 'ridwan'],
  wawan: ['setiawan', 'kurniawan', 'gunawan', 'darmawan', 'hermawan', 'irawan'],
  budi: ['budiman', 'budiono', 'budiyanto', 'budiarto', 'budiawan'],
  rudi: ['rudiyanto', 'rudianto', 'rudiansyah'],
  heri: ['heriyanto', 'hermawan', 'heriansyah'],
  hendra: ['hendrawan'],
  ipul: ['saiful'],
  mamat: ['muhammad', 'rahmat'],
  memed: ['muhammad'],
  amat: ['ahmad', 'rahmat'],
  opik: ['taufik'],
  ipin: ['arifin'],
  ipan: ['irfan'],
  yayan: ['sofyan', 'suryana'],
  jajang: ['zakaria'],
  jaja: ['zakaria'],
  jamal: ['jamaluddin'],
  kiki: ['rizki'],
  ijah: ['khadijah'],
  ani: ['suryani', 'rohani', 'handayani', 'maryani'],
  titin: ['kartini', 'martini', 'hartini'],
  fitri: ['fitriani', 'fitriyah'],
};

/** Words that name no one in particular: generic nicknames, address and kinship terms. */
const genericWords = [
  // What children of a region are called, whatever their names.
  'asep',
  'ujang',
  'cecep',
  'encep',
  'dede',
  'neng',
  'nyai',
  'otong',
  'entong',
  'utun',
  'ucok',
  'butet',
  'upik',
  'buyung',
  'tole',
  'thole',
  'nduk',
  'genduk',
  'gendhuk',
  'cah',
  // Address and kinship: how a child names a parent, or a family names a child.
  'adek',
  'adik',
  'dek',
  'dik',
  'kakak',
  'kak',
  'abang',
  'bang',
  'mas',
  'mbak',
  'kang',
  'akang',
  'teteh',
  'teh',
  'bapak',
  'bapa',
  'pak',
  'ayah',
  'abah',
  'abi',
  'aba',
  'babe',
  'babeh',
  'papa',
  'papi',
  'mama',
  'mamak',
  'mak',
  'emak',
  'ibu',
  'bu',
  'umi',
  'ummi',
  'bunda',
  'simbok',
  'mbok',
  'biyung',
  'ambu',
  'enyak',
  'nyak',
  'inang',
  'amang',
  'mbah',
  'nenek',
  'nek',
  'kakek',
  'kek',
  'eyang',
  'uwak',
  'wak',
  'paman',
  'om',
  'bibi',
  'bik',
  'tante',
];

/** The comparison key of one word, as `normaliseName` keys the words of a name. */
function keyOf(word: string): string {
  return normaliseName(word)[0]?.given[0] ?? word;
}

const nicknamesByKey = new Map<string, Set<string>>(
  Object.entries(nicknameTable).map(([nickname, names]) => [
    keyOf(nickname),
    new Set(names.map(keyOf)),
  ]),
);
const genericKeys = new Set(genericWords.map(keyOf));

/** The shortest nickname that may stand for a name it ends (Yanto, Tono, Udin, Tini). */
const MIN_ENDING_NICKNAME = 4;
/** …and how much longer than it the name must be (Yanto ← Suryanto, not Yanti). */
const MIN_ENDING_REST = 2;

/** Whether one name key is a nickname of the other (either way round); keys as normaliseName's. */
export function isNicknameOf(a: string, b: string): boolean {
  if (a === b) return false;
  if (nicknamesByKey.get(a)?.has(b) || nicknamesByKey.get(b)?.has(a)) return true;
  const [short, long] = a.length <= b.length ? [a, b] : [b, a];
  return (
    short.length >= MIN_ENDING_NICKNAME &&
    long.length - short.length >= MIN_ENDING_REST &&
    long.endsWith(short)
  );
}

/** Whether a name key names no one in particular (Asep, Ucok, Adek, Bapak, Mbah). */
export function isGenericName(key: string): boolean {
  return genericKeys.has(key);
}
