import {
  bantenOfficeDirectory,
  bantenOffices,
  OfficeDirectory,
  UnknownOfficeError,
} from './offices';

describe('the Banten offices', () => {
  it('are the province and its eight regencies and cities, all on WIB', () => {
    expect(bantenOffices.map((o) => o.code)).toEqual([
      '36',
      '3601',
      '3602',
      '3603',
      '3604',
      '3671',
      '3672',
      '3673',
      '3674',
    ]);
    expect(new Set(bantenOffices.map((o) => o.timeZone))).toEqual(new Set(['Asia/Jakarta']));
    expect(bantenOfficeDirectory.get('3674').officeName).toBe(
      'Dinas Sosial Kota Tangerang Selatan',
    );
    expect(bantenOfficeDirectory.get('3601')).toMatchObject({ level: 'regency', parentCode: '36' });
  });

  it('refuses an unknown office, a duplicate, or a zone outside Indonesia', () => {
    expect(() => bantenOfficeDirectory.get('3216')).toThrow(UnknownOfficeError);
    expect(() => bantenOfficeDirectory.with([bantenOffices[1]])).toThrow(/twice/);
    expect(
      () =>
        new OfficeDirectory([
          {
            code: '99',
            regionName: 'X',
            officeName: 'X',
            level: 'province',
            timeZone: 'Europe/Paris' as never,
          },
        ]),
    ).toThrow(/WIB, WITA or WIT/);
  });
});

describe('dates that belong to an office', () => {
  const offices = bantenOfficeDirectory.with([
    {
      code: '73',
      regionName: 'Provinsi Sulawesi Selatan',
      officeName: 'Dinas Sosial Provinsi Sulawesi Selatan',
      level: 'province',
      timeZone: 'Asia/Makassar',
    },
    {
      code: '7371',
      regionName: 'Kota Makassar',
      officeName: 'Dinas Sosial Kota Makassar',
      level: 'city',
      parentCode: '73',
      timeZone: 'Asia/Makassar',
    },
    {
      code: '94',
      regionName: 'Provinsi Papua',
      officeName: 'Dinas Sosial Provinsi Papua',
      level: 'province',
      timeZone: 'Asia/Jayapura',
    },
  ]);

  it("give a report on New Year's Eve the year of each office's own calendar", () => {
    const reportedAt = '2026-12-31T16:30:00Z';
    expect(offices.caseNumberYear('3601', reportedAt)).toBe(2026);
    expect(offices.caseNumberYear('7371', reportedAt)).toBe(2027);
    expect(offices.caseNumberYear('94', '2026-12-31T14:59:59Z')).toBe(2026);
    expect(offices.caseNumberYear('94', '2026-12-31T15:00:00Z')).toBe(2027);
  });

  it('state instants in the office offset', () => {
    expect(offices.formatInstant('7371', '2026-03-02T02:00:00Z')).toBe(
      '2026-03-02T10:00:00.000+08:00',
    );
    expect(offices.localDate('36', '2026-03-01T17:00:00Z')).toBe('2026-03-02');
  });
});
