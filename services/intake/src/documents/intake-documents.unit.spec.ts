import { renderDocumentHtml } from '@dinsos/documents';
import {
  bantenRehabilitasiAnakTerlantarV1,
  bekasiLayananRujukanV1,
  serviceStandards,
} from '@dinsos/service-standards';
import {
  bastTemplate,
  clientDescription,
  documentOffice,
  officeReferralLetter,
  partyOf,
  referralLetterTemplate,
  shelterHandoverBast,
} from './intake-documents';

const tangerang = documentOffice(serviceStandards, '3603', bekasiLayananRujukanV1);

function bast(
  client = clientDescription(
    { calledName: 'Ucup', sex: 'male', estimatedAgeYears: 8 },
    'neglectedChild',
  ),
) {
  return shelterHandoverBast({
    office: tangerang,
    number: 'BAST/0001/3603/2026',
    caseNumber: '3603-2026-000001',
    standard: bekasiLayananRujukanV1,
    handedOverAt: '2026-03-02T07:30:00Z',
    place: 'Rumah Singgah Dinas Sosial Kabupaten Tangerang',
    shelterName: 'Rumah Singgah Dinas Sosial Kabupaten Tangerang',
    handingOver: partyOf({ name: 'Siti Aminah', nik: '3603014501800002', phone: '081234567890' }),
    receiving: partyOf({ name: 'Rahmat Hidayat', position: 'Pekerja Sosial' }),
    client,
    belongings: ['Tas ransel biru'],
  });
}

describe("intake's documents", () => {
  it('renders the BAST of the shelter handover, the same bytes for the same case', () => {
    const first = renderDocumentHtml(bastTemplate, bast());
    const again = renderDocumentHtml(bastTemplate, bast());
    expect(first.issued).toEqual(again.issued);
    expect(first.issued).toMatchObject({
      number: 'BAST/0001/3603/2026',
      templateCode: 'bast-rumah-singgah',
    });
    expect(first.html).toContain('3603-2026-000001');
    expect(first.html).toContain('Pemberian Layanan Rujukan');
    expect(first.html).toContain('pukul 14.30'); // 07:30 UTC is 14:30 WIB
    expect(first.html).toContain('Tas ransel biru');
  });

  it('describes an unnamed client as "tidak diketahui" (a document needs a name)', () => {
    const nameless = clientDescription({ sex: 'unknown' }, 'neglectedChild');
    expect(nameless).toEqual({
      calledName: 'tidak diketahui',
      sex: 'unknown',
      category: 'neglectedChild',
    });
    expect(renderDocumentHtml(bastTemplate, bast(nameless)).html).toContain('tidak diketahui');
    expect(
      clientDescription(
        { name: 'Muhammad Yusuf', dateOfBirth: '2016-05-14', estimatedAgeYears: 9, sex: 'male' },
        'neglectedChild',
      ),
    ).toEqual({
      name: 'Muhammad Yusuf',
      dateOfBirth: '2016-05-14',
      sex: 'male',
      category: 'neglectedChild',
    });
  });

  it("heads the province's letters with the address in its standard, others with office and region", () => {
    expect(documentOffice(serviceStandards, '36', bantenRehabilitasiAnakTerlantarV1).address).toBe(
      'KP3B Jl. Syech Nawawi Al Bantani Palima Serang Banten 42171',
    );
    expect(tangerang.address).toBe('Dinas Sosial Kabupaten Tangerang, Kabupaten Tangerang');
    expect(tangerang.timeZone).toBe('Asia/Jakarta');
  });

  it('writes the referral letter to the receiving office, with the reason in Indonesian', () => {
    const { html, issued } = renderDocumentHtml(
      referralLetterTemplate,
      officeReferralLetter({
        office: tangerang,
        receivingOffice: documentOffice(serviceStandards, '36'),
        number: 'SR/0001/3603/2026',
        caseNumber: '3603-2026-000001',
        standard: bekasiLayananRujukanV1,
        issuedAt: '2026-03-05T02:00:00Z',
        client: clientDescription({ calledName: 'Ucup', sex: 'male' }, 'neglectedChild'),
        reason: 'inInstitutionService',
        note: 'Keluarga belum ditemukan.',
        signatory: {
          name: 'Drs. H. Ahmad Fauzi',
          position: 'Kepala Dinas Sosial Kabupaten Tangerang',
          nip: '197003031995031002',
        },
      }),
    );
    expect(issued.number).toBe('SR/0001/3603/2026');
    expect(html).toContain('Kepala Dinas Sosial Provinsi Banten');
    expect(html).toContain('Klien memerlukan pelayanan dalam panti. Keluarga belum ditemukan.');
  });
});
