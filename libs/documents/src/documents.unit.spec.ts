import { createHash } from 'node:crypto';
import { examples, schemas, validateEvent } from '@dinsos/contracts';
import { bantenOfficeDirectory, bekasiLayananRujukanV1 } from '@dinsos/service-standards';
import {
  formatDocumentNumber,
  InvalidDocumentInputError,
  issueDocument,
  renderDocumentHtml,
  verifyIssuedDocument,
} from './issue';
import { renderPdf } from './render/pdf';
import { UnknownTemplateError } from './templates/registry';
import type { BastInput } from './templates/bast.v1';
import type { BeritaAcaraPemulanganInput } from './templates/berita-acara-pemulangan.v1';
import type { SuratRujukanInput } from './templates/surat-rujukan.v1';

const tangerang = bantenOfficeDirectory.get('3603');
const office = {
  code: tangerang.code,
  regionName: tangerang.regionName,
  officeName: tangerang.officeName,
  timeZone: tangerang.timeZone,
  address: 'Jl. Atiek Soeardi, Kel. Kadu Agung, Kec. Tigaraksa, Kabupaten Tangerang, Banten 15720',
};
const standard = {
  code: bekasiLayananRujukanV1.code,
  version: bekasiLayananRujukanV1.version,
  title: bekasiLayananRujukanV1.title.original,
  skNumber: bekasiLayananRujukanV1.skNumber,
};
const client = {
  calledName: 'Ucok',
  sex: 'male' as const,
  category: 'neglectedChild' as const,
  estimatedAgeYears: 8,
  description: 'Bekas luka di dahi kiri',
};

function bastInput(overrides: Partial<BastInput> = {}): BastInput {
  return {
    office,
    number: 'BAST/0001/3603/2026',
    caseNumber: '3603/2026/000017',
    standard,
    handedOverAt: '2026-03-02T14:10:00Z',
    place: 'Rumah Singgah Dinas Sosial Kabupaten Tangerang',
    receivingOrganisation: 'Rumah Singgah Dinas Sosial Kabupaten Tangerang',
    handingOver: {
      name: 'Siti Aminah',
      idLabel: 'NIK',
      idNumber: '3603014501800002',
      address: 'Kp. Bojong RT 02/03, Cikupa',
      phone: '081234567890',
    },
    receiving: {
      name: 'Dedi Supriadi, S.Sos.',
      idLabel: 'NIP',
      idNumber: '198001012006041001',
      position: 'Pekerja Sosial',
      organisation: office.officeName,
    },
    client,
    belongings: ['Satu tas ransel berisi pakaian'],
    ...overrides,
  };
}

const pemulanganInput: BeritaAcaraPemulanganInput = {
  office,
  number: 'BAP/0003/3603/2026',
  caseNumber: '3603/2026/000017',
  standard,
  returnedAt: '2026-03-07T03:30:00Z',
  place: 'Kp. Cibadak RT 01/04, Desa Cibadak, Kecamatan Cikupa',
  officer: {
    name: 'Dedi Supriadi, S.Sos.',
    idLabel: 'NIP',
    idNumber: '198001012006041001',
    position: 'Pekerja Sosial',
  },
  family: [
    { name: 'Rohmah', relationship: 'Ibu kandung', idLabel: 'NIK', idNumber: '3603014101850003' },
  ],
  client: { ...client, name: 'Muhammad Yusuf' },
};

const rujukanInput: SuratRujukanInput = {
  office,
  number: 'SR/0002/3603/2026',
  caseNumber: '3603/2026/000017',
  standard,
  issuedAt: '2026-03-05T02:00:00Z',
  signedIn: 'Tigaraksa',
  kind: 'office',
  addressee: { name: 'Kepala Dinas Sosial Provinsi Banten', town: 'Serang' },
  client,
  reason: 'Keluarga belum ditemukan; memerlukan rehabilitasi sosial dasar dalam panti.',
  attachments: ['Hasil asesmen Dinas Sosial Kabupaten Tangerang'],
  signatory: {
    name: 'Drs. H. Ahmad Fauzi, M.Si.',
    idLabel: 'NIP',
    idNumber: '197003031995031002',
    position: 'Kepala Dinas Sosial Kabupaten Tangerang',
  },
};

const bast = { code: 'bast-rumah-singgah', version: 1 };
const pemulangan = { code: 'berita-acara-pemulangan', version: 1 };
const rujukan = { code: 'surat-rujukan', version: 1 };

const sha256 = (data: string | Buffer) => createHash('sha256').update(data).digest('hex');

/** The text a PDF shows: the hex strings of its TJ operators (pdfkit, standard fonts, uncompressed). */
function pdfText(pdf: Buffer): string {
  const content = pdf.toString('latin1');
  const lines: string[] = [];
  for (const match of content.matchAll(/\[([^\]]*)\]\s*TJ/g)) {
    const hexes = [...match[1].matchAll(/<([0-9a-fA-F]*)>/g)].map((m) =>
      Buffer.from(m[1], 'hex').toString('latin1'),
    );
    lines.push(hexes.join(''));
  }
  return lines.join('\n');
}

describe('rendering a document', () => {
  it('gives byte-identical HTML for the same input and template version', () => {
    for (const [ref, input] of [
      [bast, bastInput()],
      [pemulangan, pemulanganInput],
      [rujukan, rujukanInput],
    ] as const) {
      const first = renderDocumentHtml(ref, structuredClone(input));
      const second = renderDocumentHtml(ref, structuredClone(input));
      expect(second.html).toBe(first.html);
      expect(first.issued.sha256).toBe(sha256(first.html));
    }
  });

  it('keeps version 1 of each template frozen: its output for a fixed input never changes', () => {
    // If this fails, a v1 template (or the HTML renderer) changed: documents issued from it can
    // no longer be re-rendered to their recorded hash. Put the new wording in a version 2.
    expect({
      bast: renderDocumentHtml(bast, bastInput()).issued.sha256,
      pemulangan: renderDocumentHtml(pemulangan, pemulanganInput).issued.sha256,
      rujukan: renderDocumentHtml(rujukan, rujukanInput).issued.sha256,
    }).toEqual(FROZEN_V1_HASHES);
  });

  it("does not depend on the machine's time zone", () => {
    const saved = process.env.TZ;
    try {
      process.env.TZ = 'Pacific/Kiritimati';
      expect(renderDocumentHtml(bast, bastInput()).issued.sha256).toBe(FROZEN_V1_HASHES.bast);
    } finally {
      if (saved === undefined) delete process.env.TZ;
      else process.env.TZ = saved;
    }
  });

  it('gives a byte-identical PDF for the same document, dated from the model', async () => {
    const first = await issueDocument(bast, bastInput());
    const second = await issueDocument(bast, bastInput());
    expect(second.pdf.equals(first.pdf)).toBe(true);
    expect(first.pdfSha256).toBe(sha256(first.pdf));
    expect(first.pdf.subarray(0, 8).toString('latin1')).toBe('%PDF-1.3');
    const text = first.pdf.toString('latin1');
    const creationDateObject = /\/CreationDate (\d+) 0 R/.exec(text)?.[1];
    expect(text).toContain(`${creationDateObject} 0 obj\n(D:20260302141000Z)\nendobj`);
  });

  it('says the same in the PDF as in the HTML', async () => {
    const { pdf, html } = await issueDocument(pemulangan, pemulanganInput);
    const text = pdfText(pdf);
    for (const phrase of [
      'BERITA ACARA PEMULANGAN KLIEN',
      'Nomor: BAP/0003/3603/2026',
      'PEMERINTAH KABUPATEN TANGERANG',
      'Muhammad Yusuf, dipanggil Ucok',
      'Ibu kandung',
    ]) {
      expect(text).toContain(phrase);
      expect(html).toContain(phrase);
    }
  });

  it('opens a berita acara with the date in words and the time on the office clock', () => {
    const { html } = renderDocumentHtml(bast, bastInput());
    expect(html).toContain(
      'Pada hari Senin tanggal dua bulan Maret tahun dua ribu dua puluh enam, pukul 21.10 WIB, bertempat di Rumah Singgah',
    );
    const makassar = {
      ...office,
      code: '7371',
      regionName: 'Kota Makassar',
      officeName: 'Dinas Sosial Kota Makassar',
      timeZone: 'Asia/Makassar' as const,
    };
    const { html: inWita } = renderDocumentHtml(
      bast,
      bastInput({ office: makassar, handedOverAt: '2026-03-02T16:30:00Z' }),
    );
    expect(inWita).toContain(
      'Pada hari Selasa tanggal tiga bulan Maret tahun dua ribu dua puluh enam, pukul 00.30 WITA',
    );
  });

  it('escapes what it is given', () => {
    const { html } = renderDocumentHtml(
      bast,
      bastInput({ notes: '<script>alert("x")</script> & co' }),
    );
    expect(html).toContain('Catatan: &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; co');
    expect(html).not.toContain('<script>');
  });
});

describe('issuing a document', () => {
  it('records number, template version and hash in the form events carry', async () => {
    const { issued } = await issueDocument(pemulangan, pemulanganInput);
    expect(issued).toEqual({
      number: 'BAP/0003/3603/2026',
      templateCode: 'berita-acara-pemulangan',
      templateVersion: 1,
      sha256: expect.stringMatching(/^[0-9a-f]{64}$/),
    });
    expect(schemas.IssuedDocument.safeParse(issued).success).toBe(true);
    const family = examples.exampleIds.reporterId;
    const clientId = examples.exampleIds.clientId;
    const event = validateEvent('ClientReturnedHome', 1, {
      clientId,
      returnedAt: pemulanganInput.returnedAt,
      place: examples.exampleEncryptedField(`key-${clientId}`, 'place'),
      officer: { personId: 'officer-1', position: 'Pekerja Sosial' },
      receivedBy: [
        { personId: family, name: examples.exampleEncryptedField(`key-${family}`, 'name') },
      ],
      witnesses: [],
      beritaAcaraPemulangan: issued,
      previousCustodian: { kind: 'office', officeCode: '3603' },
      custodian: { kind: 'family', personIds: [family] },
    });
    expect(event).toMatchObject({ ok: true });
  });

  it('can be verified later by re-rendering from the same input', () => {
    const { issued } = renderDocumentHtml(rujukan, rujukanInput);
    expect(verifyIssuedDocument(issued, rujukanInput)).toBe(true);
    expect(verifyIssuedDocument(issued, { ...rujukanInput, reason: 'Alasan lain.' })).toBe(false);
    expect(verifyIssuedDocument({ ...issued, number: 'SR/0009/3603/2026' }, rujukanInput)).toBe(
      false,
    );
  });

  it('refuses an institution referral without recorded consent, naming the field but no personal data', () => {
    const attempt = () => renderDocumentHtml(rujukan, { ...rujukanInput, kind: 'institution' });
    expect(attempt).toThrow(InvalidDocumentInputError);
    expect(attempt).toThrow(/consent/);
    expect(attempt).not.toThrow(/Ucok/);
    const withConsent = renderDocumentHtml(rujukan, {
      ...rujukanInput,
      kind: 'institution',
      consent: { givenBy: 'H. Sarmin', giverRole: 'lurah', letterDate: '2026-03-04' },
    });
    expect(withConsent.html).toContain('dari lurah, atas nama H. Sarmin, tertanggal 4 Maret 2026');
  });

  it('refuses an unknown template version', () => {
    expect(() =>
      renderDocumentHtml({ code: 'bast-rumah-singgah', version: 2 }, bastInput()),
    ).toThrow(UnknownTemplateError);
  });

  it('numbers documents per office and year', () => {
    expect(
      formatDocumentNumber({ prefix: 'BAST', sequence: 12, officeCode: '3603', year: 2026 }),
    ).toBe('BAST/0012/3603/2026');
    expect(() =>
      formatDocumentNumber({ prefix: 'BAST', sequence: 0, officeCode: '3603', year: 2026 }),
    ).toThrow(RangeError);
  });

  it('renders every template as a PDF', async () => {
    for (const [ref, input] of [
      [
        { code: 'bast-lks', version: 1 },
        bastInput({ receivingOrganisation: 'LKS Yayasan Harapan Bangsa' }),
      ],
      [rujukan, rujukanInput],
    ] as const) {
      const { model } = renderDocumentHtml(ref, input);
      expect((await renderPdf(model)).length).toBeGreaterThan(1000);
    }
  });
});

/** SHA-256 of the v1 HTML for the fixtures above, as first issued. */
const FROZEN_V1_HASHES = {
  bast: 'b30f036562789ad75fdc81ce1143fdd82240dc314e2064f3888f702042700282',
  pemulangan: '1c87c7976cee1104d9484603a7f2f0c31ec64d03e725a201c84ec7e11692f06e',
  rujukan: 'de5dc8738ebb80788b85a223c038191a731db7cc1808669d14bd6035603bb283',
};
