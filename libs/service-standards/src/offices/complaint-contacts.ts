import { ComplaintChannel } from '@dinsos/contracts';
import { z } from 'zod';

type Channel = z.infer<typeof ComplaintChannel>;

/**
 * Where an office's complainants reach it on one channel: the channel kind comes from the office's
 * standard (`complaintChannels`), the address, number or account is the office's own. A regency
 * office running Kabupaten Bekasi's template does not send its complainants to Bekasi's building.
 */
export interface ComplaintContact {
  channel: Channel;
  /** The address, number, account or place, e.g. `081288475883`, `dinsos@bantenprov.go.id`. */
  contact: string;
  /** The line a letter or a reply prints, in Bahasa Indonesia: `SMS/WA: 081288475883`. */
  text: string;
}

const OfficeCode = z.string().regex(/^\d{2}(\d{2})?$/, 'a 2- or 4-digit Kemendagri code');

const ComplaintContactSchema = z.strictObject({
  channel: ComplaintChannel,
  contact: z.string().trim().min(1),
  text: z.string().trim().min(1),
});

const RegistrySchema = z
  .record(OfficeCode, z.array(ComplaintContactSchema).min(1))
  .superRefine((registry, context) => {
    for (const [officeCode, contacts] of Object.entries(registry)) {
      const seen = new Set<string>();
      for (const { channel, contact } of contacts) {
        const key = `${channel} ${contact}`;
        if (seen.has(key)) {
          context.addIssue({
            code: 'custom',
            path: [officeCode],
            message: `${channel} contact ${contact} is listed twice for office ${officeCode}`,
          });
        }
        seen.add(key);
      }
    }
  });

export class InvalidComplaintContactsError extends Error {
  constructor(readonly issues: string[]) {
    super(`complaint contacts are invalid: ${issues.join('; ')}`);
    this.name = 'InvalidComplaintContactsError';
  }
}

/**
 * The complaint contacts of each office, by office code, in the order a reply lists them.
 * Validated when built (channels of the contracts, nothing empty, nothing twice) and frozen.
 */
export class ComplaintContactRegistry {
  private readonly byOffice = new Map<string, readonly ComplaintContact[]>();

  constructor(entries: Readonly<Record<string, readonly ComplaintContact[]>>) {
    const result = RegistrySchema.safeParse(entries);
    if (!result.success) {
      throw new InvalidComplaintContactsError(
        result.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`),
      );
    }
    for (const [officeCode, list] of Object.entries(result.data)) {
      this.byOffice.set(
        officeCode,
        Object.freeze(
          list.map((entry) => Object.freeze({ ...entry })),
        ) as readonly ComplaintContact[],
      );
    }
  }

  /** The offices that have contacts. */
  officeCodes(): string[] {
    return [...this.byOffice.keys()];
  }

  /** The office's contacts; none for an office without any. */
  of(officeCode: string): readonly ComplaintContact[] {
    return this.byOffice.get(officeCode) ?? [];
  }

  /** The office's contacts on one channel. */
  on(officeCode: string, channel: Channel): readonly ComplaintContact[] {
    return this.of(officeCode).filter((entry) => entry.channel === channel);
  }
}

/** SP4N-LAPOR!, the national complaint system: the same address for every office. */
const lapor: ComplaintContact = {
  channel: 'sp4nLapor',
  contact: 'https://www.lapor.go.id',
  text: 'Online melalui SP4N-LAPOR! (www.lapor.go.id)',
};

/**
 * A regency or city office on Kabupaten Bekasi's template (seed 004: in person, SP4N-LAPOR!,
 * social media): ILLUSTRATIVE DEMO DATA, the seeds name no regency's own place or account.
 */
function illustrativeRegencyContacts(
  regionName: string,
  place: string,
  account: string,
): ComplaintContact[] {
  return [
    {
      channel: 'inPerson',
      contact: place,
      text: `Langsung ke Unit Layanan Pengaduan Dinas Sosial ${regionName}, ${place}`,
    },
    lapor,
    {
      channel: 'socialMedia',
      contact: `https://www.instagram.com/${account}`,
      text: `Instagram: ${account}`,
    },
  ];
}

/**
 * The Banten offices' complaint contacts. The province (`36`): the real contacts of seed 000's
 * "Pengaduan Layanan" (the complaints officer, the complaint box, SMS/WhatsApp and telephone
 * 081288475883, dinsos@bantenprov.go.id, SP4N-LAPOR!, dinsos.bantenprov.go.id and Instagram
 * dinsosbanten.go.id_official). The regency and city offices: ILLUSTRATIVE DEMO DATA (places
 * and accounts invented to look plausible, on the channel kinds of the Bekasi template they run),
 * never Kabupaten Bekasi's building; each office replaces them with its own.
 */
export const bantenComplaintContacts = new ComplaintContactRegistry({
  '36': [
    {
      channel: 'inPerson',
      contact: 'Pejabat Pengelola Pengaduan, Dinas Sosial Provinsi Banten',
      text: 'Tatap muka langsung kepada Pejabat Pengelola Pengaduan Dinas Sosial Provinsi Banten',
    },
    {
      channel: 'complaintBox',
      contact: 'Kotak Pengaduan, Dinas Sosial Provinsi Banten',
      text: 'Tertulis disampaikan ke Kotak Pengaduan di kantor Dinas Sosial Provinsi Banten',
    },
    { channel: 'smsWhatsapp', contact: '081288475883', text: 'SMS/WA: 081288475883' },
    { channel: 'phone', contact: '081288475883', text: 'Telepon: 081288475883' },
    {
      channel: 'email',
      contact: 'dinsos@bantenprov.go.id',
      text: 'Email: dinsos@bantenprov.go.id',
    },
    lapor,
    {
      channel: 'website',
      contact: 'http://dinsos.bantenprov.go.id',
      text: 'Website: http://dinsos.bantenprov.go.id',
    },
    {
      channel: 'socialMedia',
      contact: 'https://www.instagram.com/dinsosbanten.go.id_official',
      text: 'Instagram: dinsosbanten.go.id_official',
    },
  ],
  '3601': illustrativeRegencyContacts(
    'Kabupaten Pandeglang',
    'Jl. Mayor Widagdo No. 5, Pandeglang (contoh)',
    'dinsos.pandeglang.contoh',
  ),
  '3602': illustrativeRegencyContacts(
    'Kabupaten Lebak',
    'Jl. Iko Jatmiko No. 3, Rangkasbitung (contoh)',
    'dinsos.lebak.contoh',
  ),
  '3603': illustrativeRegencyContacts(
    'Kabupaten Tangerang',
    'Jl. Raya Tigaraksa No. 2, Tigaraksa (contoh)',
    'dinsos.kabtangerang.contoh',
  ),
  '3604': illustrativeRegencyContacts(
    'Kabupaten Serang',
    'Jl. Veteran No. 1, Kota Serang (contoh)',
    'dinsos.kabserang.contoh',
  ),
  '3671': illustrativeRegencyContacts(
    'Kota Tangerang',
    'Jl. Satria Sudirman No. 1, Tangerang (contoh)',
    'dinsos.kotatangerang.contoh',
  ),
  '3672': illustrativeRegencyContacts(
    'Kota Cilegon',
    'Jl. Jenderal Sudirman No. 2, Cilegon (contoh)',
    'dinsos.cilegon.contoh',
  ),
  '3673': illustrativeRegencyContacts(
    'Kota Serang',
    'Jl. Jenderal Sudirman No. 5, Kota Serang (contoh)',
    'dinsos.kotaserang.contoh',
  ),
  '3674': illustrativeRegencyContacts(
    'Kota Tangerang Selatan',
    'Jl. Maruga Raya No. 1, Ciputat (contoh)',
    'dinsos.tangsel.contoh',
  ),
});
