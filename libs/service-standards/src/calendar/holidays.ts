import type { LocalDate } from '../offices/time-zones';

export interface Holiday {
  date: LocalDate;
  /** The name as the government decree gives it. */
  name: string;
  english: string;
}

/** The non-working days of one year besides Saturdays and Sundays. */
export interface HolidayList {
  year: number;
  holidays: readonly Holiday[];
  /** Where the dates come from, and what is left out. */
  basis: string;
}

/**
 * Indonesia's national public holidays (libur nasional) of 2026.
 *
 * MUST BE MAINTAINED: a list for each new year has to be added from the joint ministerial decree
 * (SKB 3 Menteri) when it is published, and this one checked against it. Islamic holidays follow
 * the government's sighting (sidang isbat) and may move by a day; collective leave days (cuti
 * bersama) are not in this list yet. A year without a list counts only weekends as non-working,
 * and due-date results say so (`yearsWithoutHolidayList`).
 */
export const nationalHolidays2026: HolidayList = {
  year: 2026,
  basis:
    'National public holidays 2026 as announced (SKB 3 Menteri); Islamic dates subject to isbat; cuti bersama not included',
  holidays: [
    { date: '2026-01-01', name: 'Tahun Baru 2026 Masehi', english: "New Year's Day" },
    { date: '2026-01-16', name: "Isra Mi'raj Nabi Muhammad SAW", english: "Isra Mi'raj" },
    { date: '2026-02-17', name: 'Tahun Baru Imlek 2577 Kongzili', english: 'Chinese New Year' },
    { date: '2026-03-19', name: 'Hari Suci Nyepi Tahun Baru Saka 1948', english: 'Nyepi' },
    { date: '2026-03-20', name: 'Hari Raya Idul Fitri 1447 Hijriah', english: 'Eid al-Fitr' },
    { date: '2026-03-21', name: 'Hari Raya Idul Fitri 1447 Hijriah', english: 'Eid al-Fitr' },
    { date: '2026-04-03', name: 'Wafat Yesus Kristus', english: 'Good Friday' },
    { date: '2026-04-05', name: 'Kebangkitan Yesus Kristus (Paskah)', english: 'Easter Sunday' },
    { date: '2026-05-01', name: 'Hari Buruh Internasional', english: 'Labour Day' },
    { date: '2026-05-14', name: 'Kenaikan Yesus Kristus', english: 'Ascension of Jesus Christ' },
    { date: '2026-05-27', name: 'Hari Raya Idul Adha 1447 Hijriah', english: 'Eid al-Adha' },
    { date: '2026-05-31', name: 'Hari Raya Waisak 2570 BE', english: 'Vesak' },
    { date: '2026-06-01', name: 'Hari Lahir Pancasila', english: 'Pancasila Day' },
    { date: '2026-06-16', name: 'Tahun Baru Islam 1448 Hijriah', english: 'Islamic New Year' },
    {
      date: '2026-08-17',
      name: 'Hari Kemerdekaan Republik Indonesia',
      english: 'Independence Day',
    },
    {
      date: '2026-08-25',
      name: 'Maulid Nabi Muhammad SAW',
      english: "Prophet Muhammad's Birthday",
    },
    { date: '2026-12-25', name: 'Hari Raya Natal', english: 'Christmas Day' },
  ],
};

export const nationalHolidayLists: readonly HolidayList[] = [nationalHolidays2026];
