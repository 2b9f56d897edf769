import {
  bantenRehabilitasiAnakTerlantarV1,
  bekasiLayananRujukanV1,
  serviceStandards,
} from '@dinsos/service-standards';
import { documentDirectory } from './document-directory';

const directory = documentDirectory(serviceStandards);
const banten = { code: bantenRehabilitasiAnakTerlantarV1.code, version: 1 };
const bekasi = { code: bekasiLayananRujukanV1.code, version: 1 };

describe("the kit's document directory (letterheads and standard titles)", () => {
  it("heads the province's letters under its own standard with the address the standard gives", () => {
    expect(directory.office('36', banten)).toEqual({
      code: '36',
      regionName: 'Provinsi Banten',
      officeName: 'Dinas Sosial Provinsi Banten',
      address: 'KP3B Jl. Syech Nawawi Al Bantani Palima Serang Banten 42171',
      timeZone: 'Asia/Jakarta',
    });
  });

  it('heads the other offices with office and region, whose addresses no seed gives', () => {
    expect(directory.office('3603', bekasi)).toEqual({
      code: '3603',
      regionName: 'Kabupaten Tangerang',
      officeName: 'Dinas Sosial Kabupaten Tangerang',
      address: 'Dinas Sosial Kabupaten Tangerang, Kabupaten Tangerang',
      timeZone: 'Asia/Jakarta',
    });
    // Without a standard (an addressee), the same rule.
    expect(directory.office('36').address).toBe('Dinas Sosial Provinsi Banten, Provinsi Banten');
  });

  it('names a standard by its original title and decree', () => {
    expect(directory.standard(bekasi)).toEqual({
      code: bekasi.code,
      version: 1,
      title: bekasiLayananRujukanV1.title.original,
      skNumber: bekasiLayananRujukanV1.skNumber,
    });
  });

  it('refuses an office or standard the catalogue does not know', () => {
    expect(() => directory.office('9999')).toThrow();
    expect(() => directory.standard({ code: 'nothing', version: 1 })).toThrow();
  });
});
