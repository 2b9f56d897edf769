import {
  formatDate,
  formatDateInWords,
  formatDateWithDay,
  formatInteger,
  formatYears,
  officeDateTime,
  terbilang,
} from './indonesian';

describe('Indonesian numbers and dates, formatted without Intl', () => {
  it('spells whole numbers (terbilang)', () => {
    const cases: Array<[number, string]> = [
      [0, 'nol'],
      [1, 'satu'],
      [10, 'sepuluh'],
      [11, 'sebelas'],
      [19, 'sembilan belas'],
      [21, 'dua puluh satu'],
      [100, 'seratus'],
      [115, 'seratus lima belas'],
      [1000, 'seribu'],
      [1100, 'seribu seratus'],
      [2026, 'dua ribu dua puluh enam'],
      [1_000_000, 'satu juta'],
      [
        123_456_789,
        'seratus dua puluh tiga juta empat ratus lima puluh enam ribu tujuh ratus delapan puluh sembilan',
      ],
    ];
    for (const [value, words] of cases) expect(terbilang(value)).toBe(words);
    expect(() => terbilang(-1)).toThrow(RangeError);
    expect(() => terbilang(1.5)).toThrow(RangeError);
  });

  it('groups thousands with dots', () => {
    expect(formatInteger(1234567)).toBe('1.234.567');
    expect(formatInteger(999)).toBe('999');
    expect(formatInteger(-1000)).toBe('-1.000');
    expect(formatYears(8)).toBe('8 (delapan) tahun');
  });

  it('writes dates as official documents do', () => {
    expect(formatDate('2026-03-02')).toBe('2 Maret 2026');
    expect(formatDateWithDay('2026-08-17')).toBe('Senin, 17 Agustus 2026');
    expect(formatDateInWords('2026-03-02')).toBe(
      'hari Senin tanggal dua bulan Maret tahun dua ribu dua puluh enam',
    );
  });

  it("states the time on the office's clock with its zone", () => {
    expect(officeDateTime('2026-03-02T14:10:00Z', 'Asia/Jakarta')).toEqual({
      date: '2026-03-02',
      time: '21.10 WIB',
    });
    expect(officeDateTime('2026-03-02T16:10:00Z', 'Asia/Makassar')).toEqual({
      date: '2026-03-03',
      time: '00.10 WITA',
    });
    expect(officeDateTime('2026-03-02T16:10:00Z', 'Asia/Jayapura').time).toBe('01.10 WIT');
  });

  it('gives the same text when Intl and locale formatting are unavailable', () => {
    const saved = {
      dateTimeFormat: Intl.DateTimeFormat,
      numberFormat: Intl.NumberFormat,
      dateLocale: Date.prototype.toLocaleDateString,
      numberLocale: Number.prototype.toLocaleString,
    };
    const refuse = function refuse(): never {
      throw new Error('locale formatting used');
    };
    let written: string[];
    try {
      Intl.DateTimeFormat = refuse as unknown as typeof Intl.DateTimeFormat;
      Intl.NumberFormat = refuse as unknown as typeof Intl.NumberFormat;
      Date.prototype.toLocaleDateString = refuse;
      Number.prototype.toLocaleString = refuse;
      written = [
        formatDateInWords('2026-12-31'),
        officeDateTime('2026-12-31T16:59:00Z', 'Asia/Jakarta').time,
        formatInteger(20_000),
      ];
    } finally {
      Intl.DateTimeFormat = saved.dateTimeFormat;
      Intl.NumberFormat = saved.numberFormat;
      Date.prototype.toLocaleDateString = saved.dateLocale;
      Number.prototype.toLocaleString = saved.numberLocale;
    }
    expect(written).toEqual([
      'hari Kamis tanggal tiga puluh satu bulan Desember tahun dua ribu dua puluh enam',
      '23.59 WIB',
      '20.000',
    ]);
  });
});
