import {
  CANDIDATE_THRESHOLD,
  blockingKeysOf,
  matchIdentityOf,
  nikHash,
  scoreCandidate,
  type IdentityForMatching,
} from './duplicate-scoring.rules';

const today = '2026-11-26';
const identity = (fields: IdentityForMatching, observedOn = today) =>
  matchIdentityOf(fields, observedOn);

const yusuf = identity({
  names: ['Muhammad Yusuf', 'Ucup'],
  dateOfBirth: '2016-05-14',
  placeOfBirth: 'Kabupaten Tangerang',
  regionCodes: ['36.03.05', '3603'],
});

/** [what the officer entered, expected: candidate or not, why] */
const scenarios: Array<[string, IdentityForMatching, boolean]> = [
  [
    'old spelling, same date of birth and place',
    { names: ['Moh. Jusuf'], dateOfBirth: '2016-05-14', placeOfBirth: 'Tangerang' },
    true,
  ],
  [
    'the called name, an estimated age, found in the same regency',
    { names: [undefined, 'Ucup'], estimatedAgeYears: 10, regionCodes: ['3603'] },
    true,
  ],
  [
    'an estimate a few years off, unknown place',
    { names: ['M. Yusuf'], estimatedAgeYears: 12 },
    true,
  ],
  [
    'same name but thirty years older',
    { names: ['Muhammad Yusuf'], dateOfBirth: '1986-02-01', regionCodes: ['3603'] },
    false,
  ],
  [
    'another second name, same date and place',
    { names: ['Muhammad Yunus'], dateOfBirth: '2016-05-14', placeOfBirth: 'Tangerang' },
    false,
  ],
  ['the same NIK, whatever the name', { names: ['Budi'], nik: '3603011405160001' }, true],
];

describe('duplicate scoring', () => {
  const withNik = identity({ ...yusufFields(), nik: '3603011405160001' });

  function yusufFields(): IdentityForMatching {
    return {
      names: ['Muhammad Yusuf', 'Ucup'],
      dateOfBirth: '2016-05-14',
      placeOfBirth: 'Kabupaten Tangerang',
      regionCodes: ['36.03.05', '3603'],
    };
  }

  it.each(scenarios)('%s → candidate: %s', (_why, entered, expected) => {
    const result = scoreCandidate(identity(entered), withNik, today);
    expect(result.isCandidate).toBe(expected);
    if (expected) expect(result.score).toBeGreaterThanOrEqual(CANDIDATE_THRESHOLD);
  });

  it('scores the same person 1 and weighs name, age and place', () => {
    expect(scoreCandidate(yusuf, yusuf, today)).toEqual({
      score: 1,
      name: 1,
      age: 1,
      place: 1,
      nik: 'unknown',
      isCandidate: true,
    });
    const unknownAgeAndPlace = scoreCandidate(
      identity({ names: ['Muhammad Yusuf'] }),
      yusuf,
      today,
    );
    expect(unknownAgeAndPlace).toMatchObject({ name: 1, age: 0.5, place: 0.5, score: 0.8 });
  });

  it('takes a date with day and month swapped as nearly the same', () => {
    const born = identity({ names: ['Siti Aminah'], dateOfBirth: '2015-04-05' });
    const swapped = identity({ names: ['Siti Aminah'], dateOfBirth: '2015-05-04' });
    expect(scoreCandidate(swapped, born, today)).toMatchObject({ age: 0.8, isCandidate: true });
  });

  it('ages an estimate from the day it was made', () => {
    const estimatedLongAgo = identity(
      { names: ['Muhammad Yusuf'], estimatedAgeYears: 4 },
      '2020-11-01',
    );
    expect(scoreCandidate(estimatedLongAgo, yusuf, today).age).toBe(0.8); // 4 + 6 years = 10
  });

  it('halves the score for two different NIKs and finds no candidate without names', () => {
    const otherNik = identity({ ...yusufFields(), nik: '3603011405160002' });
    const result = scoreCandidate(otherNik, withNik, today);
    expect(result).toMatchObject({ nik: 'different', score: 0.5, isCandidate: false });
    const nameless = identity({ names: [], estimatedAgeYears: 10, regionCodes: ['3603'] });
    expect(scoreCandidate(nameless, yusuf, today)).toMatchObject({ name: 0, isCandidate: false });
  });

  it('keeps only comparison keys: no name as written, NIK as a hash', () => {
    const stored = JSON.stringify(withNik);
    expect(stored).not.toContain('Muhammad');
    expect(stored).not.toContain('3603011405160001');
    expect(withNik.nikHash).toBe(nikHash('3603011405160001'));
    expect(blockingKeysOf(withNik)).toEqual(['muh', 'ucu', 'yus']);
  });
});
