import { bantenLksRegistry, LksRegistry } from '../offices/lks-registry';
import { OfficeDirectory, UnknownOfficeError } from '../offices/offices';
import { bekasiLayananRujukanV1 } from './bekasi-layanan-rujukan.v1';
import {
  AmbiguousStandardError,
  NoStandardInForceError,
  ServiceStandardCatalogue,
  serviceStandards,
  UnknownServiceStandardError,
} from './catalogue';
import { defineServiceStandard, type ServiceStandardInput } from './service-standard';

/** A later version of the regency standard: the 7 days become 10 from 1 January 2027. */
const bekasiV2 = defineServiceStandard({
  ...(bekasiLayananRujukanV1 as ServiceStandardInput),
  version: 2,
  inForceFrom: '2027-01-01',
  inForceFromBasis: 'test',
  timeLimits: [
    {
      ...bekasiLayananRujukanV1.timeLimits[0],
      amount: 10,
      text: { original: '10 Hari', english: '10 days' },
    },
  ],
});

describe('which standard an office runs', () => {
  it('is seed 000 for the province and seed 004 for every regency and city', () => {
    expect(serviceStandards.standardInForce('36', '2026-03-02').skNumber).toBe(
      '188.4/174-Dinsos/2024',
    );
    for (const office of ['3601', '3602', '3603', '3604', '3671', '3672', '3673', '3674']) {
      expect(serviceStandards.standardInForce(office, '2026-03-02T09:00:00+07:00').code).toBe(
        'bekasi-layanan-rujukan',
      );
    }
  });

  it('is none before a standard came into force', () => {
    expect(() => serviceStandards.standardInForce('36', '2023-12-31')).toThrow(
      NoStandardInForceError,
    );
    expect(serviceStandards.standardsOfOffice('36', '2023-12-31')).toEqual([]);
  });

  it('must be named when an office runs two standards', () => {
    const catalogue = serviceStandards.with({
      assignments: [{ officeCode: '36', standardCode: 'bekasi-layanan-rujukan', basis: 'test' }],
    });
    expect(() => catalogue.standardInForce('36', '2026-03-02')).toThrow(AmbiguousStandardError);
    expect(catalogue.standardInForce('36', '2026-03-02', 'bekasi-layanan-rujukan').code).toBe(
      'bekasi-layanan-rujukan',
    );
  });

  it('respects the dates of an assignment', () => {
    const catalogue = new ServiceStandardCatalogue({
      assignments: [
        {
          officeCode: '3601',
          standardCode: 'bekasi-layanan-rujukan',
          from: '2026-07-01',
          until: '2027-01-01',
          basis: 'test',
        },
      ],
    });
    expect(catalogue.standardsOfOffice('3601', '2026-06-30')).toEqual([]);
    expect(catalogue.standardsOfOffice('3601', '2026-07-01')).toHaveLength(1);
    expect(catalogue.standardsOfOffice('3601', '2027-01-01')).toEqual([]);
  });
});

describe('versions and pinning', () => {
  const catalogue = serviceStandards.with({ standards: [bekasiV2] });

  it('finds the version in force on a date', () => {
    expect(catalogue.versionInForce('bekasi-layanan-rujukan', '2026-12-31').version).toBe(1);
    expect(catalogue.versionInForce('bekasi-layanan-rujukan', '2027-01-01').version).toBe(2);
    expect(() => catalogue.versionInForce('bekasi-layanan-rujukan', '2021-12-31')).toThrow(
      NoStandardInForceError,
    );
  });

  it('pins a case at intake to the version in force on the office date of the report', () => {
    expect(catalogue.pinAtIntake('3601', '2026-12-31T16:59:59Z')).toEqual({
      code: 'bekasi-layanan-rujukan',
      version: 1,
    });
    // 17:00Z is midnight WIB: already 2027 in the office.
    expect(catalogue.pinAtIntake('3601', '2026-12-31T17:00:00Z')).toEqual({
      code: 'bekasi-layanan-rujukan',
      version: 2,
    });
  });

  it('keeps a pinned case on its version after a newer one comes into force', () => {
    const pinned = catalogue.pinAtIntake('3603', '2026-12-20T08:00:00+07:00');
    const later = catalogue.standardInForce('3603', '2027-02-01');
    expect(later.version).toBe(2);
    const standard = catalogue.get(pinned);
    expect(standard.version).toBe(1);
    expect(
      catalogue.dueDate('3603', standard.timeLimits[0], '2026-12-20T08:00:00+07:00').dueDate,
    ).toBe('2026-12-27');
    expect(
      catalogue.dueDate('3603', later.timeLimits[0], '2026-12-20T08:00:00+07:00').dueDate,
    ).toBe('2026-12-30');
  });

  it('uses the time zone of an office in WITA for the pin and the due date', () => {
    const offices = new OfficeDirectory([
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
    ]);
    const makassar = catalogue.with({
      offices: catalogue.offices.with(offices.all()),
      assignments: [{ officeCode: '7371', standardCode: 'bekasi-layanan-rujukan', basis: 'test' }],
    });
    const reportedAt = '2026-12-31T16:30:00Z'; // 23:30 WIB on 31 Dec, 00:30 WITA on 1 Jan
    expect(makassar.pinAtIntake('3601', reportedAt).version).toBe(1);
    expect(makassar.pinAtIntake('7371', reportedAt).version).toBe(2);
    expect(makassar.dueDate('7371', { amount: 7, unit: 'calendarDays' }, reportedAt).dueAt).toBe(
      '2027-01-08T23:59:59.999+08:00',
    );
  });

  it('refuses an unknown standard or version, and versions out of order', () => {
    expect(() => catalogue.get({ code: 'bekasi-layanan-rujukan', version: 3 })).toThrow(
      UnknownServiceStandardError,
    );
    expect(() => catalogue.versions('jakarta-x')).toThrow(UnknownServiceStandardError);
    const early = defineServiceStandard({
      ...(bekasiV2 as ServiceStandardInput),
      version: 3,
      inForceFrom: '2026-01-01',
    });
    expect(() => catalogue.with({ standards: [early] })).toThrow(/must come into force after v2/);
  });
});

describe('the LKS an office refers to', () => {
  it('are the illustrative Banten registry by default, kept by `with`', () => {
    expect(serviceStandards.lks).toBe(bantenLksRegistry);
    expect(serviceStandards.lks.find('3603', 'LKS-3603-01')?.name).toBe(
      'LKSA Bina Insani Tangerang',
    );
    expect(serviceStandards.with({ standards: [bekasiV2] }).lks).toBe(bantenLksRegistry);
  });

  it('may be another registry, for offices the catalogue knows', () => {
    const registry = new LksRegistry({
      '3601': [
        {
          code: 'LKS-3601-77',
          name: 'LKSA Contoh Pandeglang',
          regionCode: '3601',
          address: 'Jl. Contoh No. 1, Pandeglang',
          clientCategories: ['neglectedChild'],
        },
      ],
    });
    const catalogue = new ServiceStandardCatalogue({ lksRegistry: registry });
    expect(catalogue.lks.of('3601').map((lks) => lks.code)).toEqual(['LKS-3601-77']);
    expect(catalogue.lks.of('3603')).toEqual([]);
    expect(serviceStandards.with({ lksRegistry: registry }).lks).toBe(registry);
    expect(
      () => new ServiceStandardCatalogue({ lksRegistry: new LksRegistry({ '3216': [] }) }),
    ).toThrow(UnknownOfficeError);
  });
});
