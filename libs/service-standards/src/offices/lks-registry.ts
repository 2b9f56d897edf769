import { schemas } from '@dinsos/contracts';
import { z } from 'zod';

type ClientCategory = schemas.ClientCategory;

/**
 * A licensed social-welfare institution (Lembaga Kesejahteraan Sosial, LKS) that an office refers
 * clients to (seed 004 steps 6–7, seed 000's "Rujukan Pelayanan panti").
 */
export interface RegisteredLks {
  /** Unique within the office's registry, e.g. `LKS-3603-01`. */
  code: string;
  name: string;
  /** Kemendagri code of the region the LKS is in. */
  regionCode: string;
  /** A single address line. */
  address: string;
  /** Whom it takes in. */
  clientCategories: ClientCategory[];
}

const OfficeCode = z.string().regex(/^\d{2}(\d{2})?$/, 'a 2- or 4-digit Kemendagri code');

const RegisteredLksSchema = z.strictObject({
  code: z.string().regex(/^\S+$/, 'a code without spaces'),
  name: z.string().trim().min(1),
  regionCode: OfficeCode,
  address: z.string().trim().min(1),
  clientCategories: z
    .array(schemas.ClientCategory)
    .min(1)
    .refine((categories) => new Set(categories).size === categories.length, 'listed twice'),
});

const RegistrySchema = z
  .record(OfficeCode, z.array(RegisteredLksSchema))
  .superRefine((registry, context) => {
    for (const [officeCode, entries] of Object.entries(registry)) {
      const seen = new Set<string>();
      for (const lks of entries) {
        if (seen.has(lks.code)) {
          context.addIssue({
            code: 'custom',
            path: [officeCode],
            message: `LKS ${lks.code} is listed twice for office ${officeCode}`,
          });
        }
        seen.add(lks.code);
      }
    }
  });

export class InvalidLksRegistryError extends Error {
  constructor(readonly issues: string[]) {
    super(`LKS registry is invalid: ${issues.join('; ')}`);
    this.name = 'InvalidLksRegistryError';
  }
}

/**
 * The LKS each office works with, by office code. Entries are validated when the registry is
 * built (codes unique within an office) and frozen.
 */
export class LksRegistry {
  private readonly byOffice = new Map<string, readonly RegisteredLks[]>();

  constructor(entries: Readonly<Record<string, readonly RegisteredLks[]>>) {
    const result = RegistrySchema.safeParse(entries);
    if (!result.success) {
      throw new InvalidLksRegistryError(
        result.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`),
      );
    }
    for (const [officeCode, list] of Object.entries(result.data)) {
      this.byOffice.set(
        officeCode,
        Object.freeze(
          list.map((lks) =>
            Object.freeze({ ...lks, clientCategories: Object.freeze(lks.clientCategories) }),
          ),
        ) as readonly RegisteredLks[],
      );
    }
  }

  /** The offices that have a registry. */
  officeCodes(): string[] {
    return [...this.byOffice.keys()];
  }

  /** The office's LKS; none for an office without a registry. */
  of(officeCode: string): readonly RegisteredLks[] {
    return this.byOffice.get(officeCode) ?? [];
  }

  find(officeCode: string, lksCode: string): RegisteredLks | undefined {
    return this.of(officeCode).find((lks) => lks.code === lksCode);
  }
}

/**
 * ILLUSTRATIVE DEMO DATA, not a real register: the seeds name no LKS. Two made-up entries per
 * Banten office (names, addresses and categories invented to look plausible) so that the
 * placement flow can be shown end to end. Each office replaces this with its own registry of the
 * LKS it actually works with.
 */
export const bantenLksRegistry = new LksRegistry({
  '36': [
    {
      code: 'LKS-36-01',
      name: 'LKSA Harapan Bangsa Banten',
      regionCode: '36',
      address: 'Jl. Syech Nawawi Al Bantani No. 12, Curug, Kota Serang',
      clientCategories: ['neglectedChild'],
    },
    {
      code: 'LKS-36-02',
      name: 'LKS Anak Berkebutuhan Khusus Cahaya Banten',
      regionCode: '36',
      address: 'Jl. Raya Pandeglang KM 4, Cipocok Jaya, Kota Serang',
      clientCategories: ['neglectedChild', 'personWithDisability'],
    },
  ],
  '3601': [
    {
      code: 'LKS-3601-01',
      name: 'LKSA Al-Hidayah Pandeglang',
      regionCode: '3601',
      address: 'Jl. Raya Labuan KM 5, Cadasari, Kabupaten Pandeglang',
      clientCategories: ['neglectedChild'],
    },
    {
      code: 'LKS-3601-02',
      name: 'LKS Lanjut Usia Sejahtera Pandeglang',
      regionCode: '3601',
      address: 'Jl. Jenderal A. Yani No. 40, Pandeglang, Kabupaten Pandeglang',
      clientCategories: ['neglectedElderly'],
    },
  ],
  '3602': [
    {
      code: 'LKS-3602-01',
      name: 'LKSA Nurul Iman Rangkasbitung',
      regionCode: '3602',
      address: 'Jl. Multatuli No. 21, Rangkasbitung, Kabupaten Lebak',
      clientCategories: ['neglectedChild'],
    },
    {
      code: 'LKS-3602-02',
      name: 'LKS Disabilitas Mandiri Lebak',
      regionCode: '3602',
      address: 'Jl. Sunan Kalijaga No. 8, Rangkasbitung, Kabupaten Lebak',
      clientCategories: ['personWithDisability'],
    },
  ],
  '3603': [
    {
      code: 'LKS-3603-01',
      name: 'LKSA Bina Insani Tangerang',
      regionCode: '3603',
      address: 'Jl. Raya Serang KM 14, Cikupa, Kabupaten Tangerang',
      clientCategories: ['neglectedChild'],
    },
    {
      code: 'LKS-3603-02',
      name: 'LKS Lanjut Usia Kasih Bunda Tigaraksa',
      regionCode: '3603',
      address: 'Jl. Aria Jaya Santika No. 3, Tigaraksa, Kabupaten Tangerang',
      clientCategories: ['neglectedElderly'],
    },
  ],
  '3604': [
    {
      code: 'LKS-3604-01',
      name: 'LKSA Darul Falah Ciruas',
      regionCode: '3604',
      address: 'Jl. Raya Serang–Jakarta KM 8, Ciruas, Kabupaten Serang',
      clientCategories: ['neglectedChild'],
    },
    {
      code: 'LKS-3604-02',
      name: 'LKS Disabilitas Harapan Kita Serang',
      regionCode: '3604',
      address: 'Jl. Raya Serang–Pandeglang KM 10, Baros, Kabupaten Serang',
      clientCategories: ['personWithDisability'],
    },
  ],
  '3671': [
    {
      code: 'LKS-3671-01',
      name: 'LKSA Mutiara Hati Tangerang',
      regionCode: '3671',
      address: 'Jl. Daan Mogot No. 55, Tangerang, Kota Tangerang',
      clientCategories: ['neglectedChild'],
    },
    {
      code: 'LKS-3671-02',
      name: 'LKS Lanjut Usia Wredha Asih Tangerang',
      regionCode: '3671',
      address: 'Jl. Imam Bonjol No. 17, Karawaci, Kota Tangerang',
      clientCategories: ['neglectedElderly'],
    },
  ],
  '3672': [
    {
      code: 'LKS-3672-01',
      name: 'LKSA Assalam Cilegon',
      regionCode: '3672',
      address: 'Jl. Sultan Ageng Tirtayasa No. 30, Cibeber, Kota Cilegon',
      clientCategories: ['neglectedChild'],
    },
    {
      code: 'LKS-3672-02',
      name: 'LKS Disabilitas Bina Karya Cilegon',
      regionCode: '3672',
      address: 'Jl. Jenderal A. Yani No. 12, Jombang, Kota Cilegon',
      clientCategories: ['personWithDisability'],
    },
  ],
  '3673': [
    {
      code: 'LKS-3673-01',
      name: 'LKSA Al-Ikhlas Serang',
      regionCode: '3673',
      address: 'Jl. Ki Mas Jong No. 9, Cipocok Jaya, Kota Serang',
      clientCategories: ['neglectedChild'],
    },
    {
      code: 'LKS-3673-02',
      name: 'LKS Lanjut Usia Tresna Kasih Serang',
      regionCode: '3673',
      address: 'Jl. Trip Jamaksari No. 20, Serang, Kota Serang',
      clientCategories: ['neglectedElderly'],
    },
  ],
  '3674': [
    {
      code: 'LKS-3674-01',
      name: 'LKSA Cahaya Bintaro',
      regionCode: '3674',
      address: 'Jl. Bintaro Utama Sektor 3 No. 7, Pondok Aren, Kota Tangerang Selatan',
      clientCategories: ['neglectedChild'],
    },
    {
      code: 'LKS-3674-02',
      name: 'LKS Bhakti Pertiwi Tangerang Selatan',
      regionCode: '3674',
      address: 'Jl. Raya Serpong No. 45, Serpong, Kota Tangerang Selatan',
      clientCategories: ['personWithDisability', 'neglectedElderly'],
    },
  ],
});
