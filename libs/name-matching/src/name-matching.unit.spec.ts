import {
  NAME_MATCH_THRESHOLD,
  jaroWinkler,
  nameBlockingKeys,
  nameSimilarity,
  namesMatch,
  normaliseName,
  phoneticKey,
} from './index';

/** The table of expected matches: [one written form, another, why they are the same name]. */
const sameName: Array<[string, string, string]> = [
  ['Muhammad Yusuf', 'M. Yusuf', 'M. abbreviates Muhammad'],
  ['Muhammad Yusuf', 'Moh. Jusuf', 'Moh. abbreviates Muhammad; old j is y'],
  ['Mohammad Joesoef', 'Muhamad Yusup', 'Muhammad variants; oe/u; Sundanese p for f'],
  ['Muh. Ridwan', 'Mochammad Ridwan', 'Muh. and Mochammad are Muhammad'],
  ['Mhd. Rizki', 'Muhammad Rizky', 'Mhd.; final y/i'],
  ['Soekarno', 'Sukarno', 'oe → u'],
  ['Djoko Susilo', 'Joko Susilo', 'dj → j'],
  ['Tjahjono', 'Cahyono', 'tj → c and old j → y'],
  ['Sjamsuddin', 'Syamsudin', 'sj → sy, doubled letters'],
  ['Njoman', 'Nyoman', 'nj → ny'],
  ['Chairul Anwar', 'Khairul Anwar', 'ch → kh'],
  ['Khairul Anwar', 'Hairul Anwar', 'kh/h'],
  ['Achmad Fauzi', 'Ahmad Fauzi', 'Achmad is Ahmad'],
  ['Ahmed Fauzi', 'Ahmad Fauzi', 'Ahmed is Ahmad'],
  ['Abdul Rahman', 'Abd. Rahman', 'Abd. abbreviates Abdul'],
  ['Abdul Rahman', 'A. Rahman', 'an initial'],
  ['Siti Aminah', 'St. Aminah', 'St. abbreviates Siti'],
  ['Siti Aminah', 'Aminah Siti', 'name order'],
  ['Aminah', 'Amina', 'final h'],
  ['Rudy Hartono', 'Rudi Hartono', 'final y/i'],
  ['Wahyudi', 'Wahjudi', 'old j'],
  ['Ramadhan', 'Ramadan', 'dh/d'],
  ['Nur Hidayat', 'Noer Hidajat', 'old spelling, both names'],
  ['Asep Saepudin', 'Asep Syaifuddin', 'Sundanese sy/s, ai/e, p/f'],
  ['Slamet Riyadi', 'Selamet Riyadi', 'a vowel more'],
  ['Fitriani', 'Fitriyani', 'y between vowels'],
  ['Eko Prasetyo', 'Eko Prasetio', 'y/i'],
  ['Siti Aminah binti Abdullah', 'Siti Aminah', "binti: the father's name may be left out"],
  ['Ahmad bin Yusuf', 'Ahmad Yusuf', "the father's name written as a second name"],
  ['Ahmad bin Yusuf', 'Achmad bin Jusuf', 'bin, with old spelling on both sides'],
  ['Budi', 'Budi Santoso', 'a single name'],
  ['Ujang', 'Ujang Saepudin', 'a single name'],
  ['Budi alias Ucok', 'Ucok', 'alias: either name'],
  ['H. Ahmad Dahlan, S.Ag.', 'Ahmad Dahlan', 'honorific and degree'],
  ['Bapak Slamet', 'Slamet', 'honorific'],
  ['An. Dimas', 'Dimas', '"An." (anak) in police letters'],
  ['SITI  AMINAH', 'siti aminah', 'case and spacing'],
  ['Siti Nurhaliza', 'Nurhaliza, Siti', 'a comma ends the name (degrees follow it)'],
];

/** …and of expected non-matches: [one name, another, why they are different names]. */
const differentNames: Array<[string, string, string]> = [
  ['Budi Santoso', 'Budi Susanto', 'a different surname, however alike'],
  ['Muhammad Yusuf', 'Muhammad Yunus', 'a different second name'],
  ['Siti Aminah', 'Siti Aisyah', 'a different second name'],
  ['Dewi Lestari', 'Dewi Kartika', 'a different second name'],
  ['Eko Prasetyo', 'Eko Purnomo', 'a different second name'],
  ['Ahmad bin Yusuf', 'Ahmad bin Yunus', "the father's names contradict"],
  ['Agus', 'Bagus', 'a different first letter'],
  ['Rina', 'Rini', 'a different final vowel'],
  ['Putra', 'Putri', 'a different final vowel (gendered pair)'],
  ['Hendra', 'Hendri', 'a different final vowel'],
  ['Yanto', 'Yanti', 'a different final vowel (gendered pair)'],
  ['Sukarno', 'Sukarni', 'a different final vowel'],
  ['Yusuf', 'Yosef', 'different names'],
  ['Andi Wijaya', 'Rudi Wijaya', 'a different first name'],
  ['Slamet', 'Surono', 'nothing alike'],
];

describe('Indonesian name matching', () => {
  it.each(sameName)('%s ~ %s (%s)', (a, b) => {
    const similarity = nameSimilarity(a, b);
    expect(similarity).toBeGreaterThanOrEqual(NAME_MATCH_THRESHOLD);
    expect(nameSimilarity(b, a)).toBe(similarity);
    expect(namesMatch(a, b)).toBe(true);
  });

  it.each(differentNames)('%s ≁ %s (%s)', (a, b) => {
    expect(nameSimilarity(a, b)).toBeLessThan(NAME_MATCH_THRESHOLD);
    expect(namesMatch(b, a)).toBe(false);
  });

  it('scores an exact name 1 and ranks a single name below a full match', () => {
    expect(nameSimilarity('Siti Aminah', 'Siti Aminah')).toBe(1);
    expect(nameSimilarity('Budi', 'Budi Santoso')).toBeLessThan(
      nameSimilarity('Budi Santoso', 'Budi Santoso'),
    );
    expect(nameSimilarity('Abdul Rahman', 'A. Rahman')).toBeLessThan(
      nameSimilarity('Abdul Rahman', 'Abd. Rahman'),
    );
  });

  it('normalises old spelling, variants and bin/binti into given and father names', () => {
    expect(normaliseName('Mochammad Djoenaidi bin Tjokro')).toEqual([
      { given: ['muhammad', 'yunedi'], father: ['cokro'] },
    ]);
    expect(normaliseName('Budi alias Ucok')).toEqual([
      { given: ['budi'], father: [] },
      { given: ['ucok'], father: [] },
    ]);
    // "Bin" alone is a name, not a marker.
    expect(normaliseName('Bin')).toEqual([{ given: ['bin'], father: [] }]);
    expect(normaliseName(' , S.Sos.')).toEqual([]);
  });

  it('maps the old spelling of each letter group onto the new one', () => {
    expect(phoneticKey('soewarni')).toBe(phoneticKey('suwarni'));
    expect(phoneticKey('djamal')).toBe(phoneticKey('jamal'));
    expect(phoneticKey('tjitra')).toBe(phoneticKey('citra'));
    expect(phoneticKey('sjarif')).toBe(phoneticKey('syarif'));
    expect(phoneticKey('chalid')).toBe(phoneticKey('khalid'));
    expect(phoneticKey('jusuf')).toBe(phoneticKey('yusuf'));
  });

  it('computes Jaro-Winkler as published (MARTHA/MARHTA 0.961, DIXON/DICKSONX 0.813)', () => {
    expect(jaroWinkler('martha', 'marhta')).toBeCloseTo(0.961, 3);
    expect(jaroWinkler('dixon', 'dicksonx')).toBeCloseTo(0.813, 3);
    expect(jaroWinkler('abc', 'xyz')).toBe(0);
  });

  it('gives blocking keys that variant spellings share', () => {
    const keys = (name: string) => nameBlockingKeys(normaliseName(name));
    expect(keys('Moh. Jusuf')).toEqual(keys('Muhammad Yusuf'));
    expect(keys('Abdul Rahman')).toEqual(expect.arrayContaining(keys('A. Rahman')));
    expect(keys('Budi Santoso')).toEqual(['bud', 'san']);
  });
});
