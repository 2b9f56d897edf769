import type { DocumentDirectory, DocumentOffice, StandardBasis } from '@dinsos/documents';
import type { ServiceStandard, ServiceStandardCatalogue } from '@dinsos/service-standards';

/**
 * Letterheads and standard titles for the documents of @dinsos/documents, from the catalogue:
 * static data, so a document regenerated later gets the same ones.
 *
 * The letterhead rule: the seeds give the address of the office that issued a standard (the
 * provincial office's, in seed 000), so an office heads its letters under its own standard with
 * that address; the regency and city offices' addresses are in no seed, so their letterhead
 * names the office and region.
 */
export function documentDirectory(catalogue: ServiceStandardCatalogue): DocumentDirectory {
  return {
    office(officeCode, ref) {
      const office = catalogue.offices.get(officeCode);
      const standard: ServiceStandard | undefined = ref ? catalogue.get(ref) : undefined;
      const address =
        standard && standard.issuer.regionCode === officeCode
          ? standard.issuer.address
          : `${office.officeName}, ${office.regionName}`;
      const letterhead: DocumentOffice = {
        code: office.code,
        regionName: office.regionName,
        officeName: office.officeName,
        address,
        timeZone: office.timeZone,
      };
      return letterhead;
    },
    standard(ref) {
      const standard = catalogue.get(ref);
      const basis: StandardBasis = {
        code: standard.code,
        version: standard.version,
        title: standard.title.original,
        skNumber: standard.skNumber,
      };
      return basis;
    },
  };
}
