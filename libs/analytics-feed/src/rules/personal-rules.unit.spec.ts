import { ageBandOfYears, ageBandOn, ageOn, bandValue, generalisePlace } from './personal-rules';

describe('the band rule', () => {
  it.each([
    [0, '0-4'],
    [4, '0-4'],
    [5, '5-9'],
    [12, '10-14'],
    [17, '15-19'],
    [79, '75-79'],
    [80, '80+'],
    [104, '80+'],
  ])('puts %i years in %s', (years, band) => {
    expect(ageBandOfYears(years)).toBe(band);
  });

  it('gives nothing for what is not an age', () => {
    for (const value of [-1, 3.5, Number.NaN, 151]) expect(ageBandOfYears(value)).toBeUndefined();
  });

  it('counts completed years, the birthday included, leap days too', () => {
    expect(ageOn('2014-05-01', '2026-04-30')).toBe(11);
    expect(ageOn('2014-05-01', '2026-05-01')).toBe(12);
    expect(ageOn('2012-02-29', '2026-02-28')).toBe(13);
    expect(ageOn('2012-02-29', '2026-03-01')).toBe(14);
    expect(ageOn('2014-02-30', '2026-03-01')).toBeUndefined();
    expect(ageOn('1 May 2014', '2026-03-01')).toBeUndefined();
  });

  it("turns a birth date into the age band on the event's day, and nothing of the date", () => {
    expect(ageBandOn('2014-05-01', '2026-04-30')).toBe('10-14');
    expect(ageBandOn('2011-05-01', '2026-05-01')).toBe('15-19');
    expect(ageBandOn('2030-01-01', '2026-05-01')).toBeUndefined();
    expect(bandValue('2014-05-01', '2026-04-30')).toBe('10-14');
    expect(bandValue(11, '2026-04-30')).toBe('10-14');
    expect(bandValue({ years: 11 }, '2026-04-30')).toBeUndefined();
  });
});

describe('the generalise rule', () => {
  it('keeps the regency of an address and nothing of its line or description', () => {
    const place = generalisePlace({
      line: 'Jl. Melati No. 7, RT 02/RW 05',
      villageCode: '36.03.05.2001',
      districtCode: '36.03.05',
      regencyCode: '36.03',
      provinceCode: '36',
      description: 'behind the mosque',
    });
    expect(place).toEqual({ provinceCode: '36', regencyCode: '3603' });
  });

  it('takes the regency from the finest code when the regency is not given', () => {
    expect(generalisePlace({ villageCode: '3671012003' })).toEqual({
      provinceCode: '36',
      regencyCode: '3671',
    });
    expect(generalisePlace({ districtCode: '36.04.11' })).toEqual({
      provinceCode: '36',
      regencyCode: '3604',
    });
    expect(generalisePlace({ regionCode: '3602', description: 'Stasiun Rangkasbitung' })).toEqual({
      provinceCode: '36',
      regencyCode: '3602',
    });
  });

  it('keeps only the province when that is all there is, and no region for words alone', () => {
    expect(generalisePlace({ provinceCode: '36', line: 'somewhere' })).toEqual({
      provinceCode: '36',
    });
    expect(generalisePlace({ regionCode: '36' })).toEqual({ provinceCode: '36' });
    expect(generalisePlace('Tangerang')).toEqual({});
    expect(generalisePlace({ description: 'near the market' })).toEqual({});
    expect(generalisePlace({ regencyCode: 'not a code' })).toEqual({});
  });
});
