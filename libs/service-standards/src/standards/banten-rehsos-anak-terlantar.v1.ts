import { defineServiceStandard } from './service-standard';

/**
 * Seed 000: Dinas Sosial Provinsi Banten, SK 188.4/174-Dinsos/2024, "Rehabilitasi Sosial Dasar
 * Anak Terlantar Dalam dan Luar Panti". Run by the province office `36`; it starts from a
 * referral by the police or a regency/city Dinsos.
 */
export const bantenRehabilitasiAnakTerlantarV1 = defineServiceStandard({
  code: 'banten-rehsos-anak-terlantar',
  version: 1,
  inForceFrom: '2024-01-01',
  inForceFromBasis:
    'The seed gives no decree date: taken as the first day of the SK year (2024). Replace with the date of SK 188.4/174-Dinsos/2024 when known.',
  title: {
    original: 'Rehabilitasi Sosial Dasar Anak Terlantar Dalam dan Luar Panti',
    english: 'Basic social rehabilitation of neglected children, in and outside institutions',
  },
  skNumber: '188.4/174-Dinsos/2024',
  issuer: {
    text: {
      original: 'Pemerintah Provinsi Banten / Dinas Sosial',
      english: 'Government of Banten Province / Social Affairs Office',
    },
    address: 'KP3B Jl. Syech Nawawi Al Bantani Palima Serang Banten 42171',
    phone: '082211331515',
    website: 'https://dinsos.bantenprov.go.id/',
    regionCode: '36',
  },
  clientCategories: ['neglectedChild'],
  requirements: [
    {
      code: 'referral-letter',
      text: {
        original:
          'Membawa surat keterangan rujukan dari Kepolisian/ Dinas Sosial Kabupaten/Kota (Keterangan: melanjutkan pemulangan, kondisi sakit, atau pelayanan dalam panti)',
        english:
          'A referral letter from the police or a regency/city Dinsos, stating the reason: continue repatriation, sick, or in-institution service',
      },
      mandatory: true,
    },
    {
      code: 'identity-document',
      text: {
        original: 'Membawa identitas data diri (KTP/KK atau identitas pendukung lainnya);',
        english: 'Proof of identity (KTP/KK or another supporting identity document)',
      },
      mandatory: true,
    },
    {
      code: 'regency-assessment',
      text: {
        original: 'Melampirkan hasil assessment dari petugas Dinas Sosial Kabupaten/Kota;',
        english: 'The assessment result of the regency/city Dinsos officer, attached',
      },
      mandatory: true,
    },
  ],
  steps: [
    {
      code: 'arrival',
      seedItem: 1,
      text: {
        original:
          'Perseorangan yang datang langsung dan/atau diantar oleh Dinas Sosial Kab/Kota atau Kepolisian',
        english: 'The person comes in, alone or brought by a regency/city Dinsos or the police',
      },
      performedBy: 'intake',
      completedBy: ['ReportReceived'],
    },
    {
      code: 'referral-letter-received',
      seedItem: 2,
      text: {
        original: 'Menerima Surat keterangan rujukan dari Kepolisian/Dinas Sosial Kabupaten/Kota;',
        english: 'The referral letter from the police or the regency/city Dinsos is received',
      },
      performedBy: 'intake',
      requires: ['arrival'],
      completedBy: ['ReportReceived'],
    },
    {
      code: 'administrative-completeness',
      seedItem: 3,
      text: {
        original: 'Proses kelengkapan berkas Administrasi;',
        english: 'The administrative file is checked for completeness',
      },
      performedBy: 'intake',
      requires: ['referral-letter-received'],
      completedBy: ['RequirementsChecked'],
    },
    {
      code: 'peksos-assessment',
      seedItem: 4,
      text: {
        original: 'Proses Assessment oleh petugas (Peksos);',
        english: 'Assessment by a social worker (Peksos)',
      },
      performedBy: 'assessment',
      requires: ['administrative-completeness'],
      completedBy: ['RecommendationMade'],
    },
    {
      code: 'fingerprint-and-photo',
      seedItem: 5,
      text: {
        original: 'Perekaman sidik jari dan foto diri oleh petugas;',
        english: 'An officer records fingerprints and a photo',
      },
      performedBy: 'intake',
      requires: ['peksos-assessment'],
      completedBy: ['BiometricsRecorded'],
    },
    {
      code: 'referral-letter-issued',
      seedItem: 6,
      text: { original: 'Penerbitan surat rujukan:', english: 'A referral letter is issued:' },
      performedBy: 'placement',
      requires: ['fingerprint-and-photo'],
      completedBy: ['ReturnHomeArranged', 'HealthReferralIssued', 'InstitutionReferralIssued'],
      alternatives: [
        {
          code: 'return-home',
          text: { original: 'Pemulangan', english: 'Return home' },
          completedBy: ['ReturnHomeArranged'],
          issues: ['referralLetter'],
        },
        {
          code: 'health-facility',
          text: {
            original: 'Rujukan Faskes (bila kondisi sakit)',
            english: 'Referral to a health facility (when sick)',
          },
          completedBy: ['HealthReferralIssued'],
          issues: ['referralLetter'],
        },
        {
          code: 'institution-care',
          text: {
            original:
              'Rujukan Pelayanan panti (Surat persetujuan untuk mendapatkan Rehabilitasi Sosial lanjut dari Keluarga, wali, pengasuh, aparat desa atau lurah atau nama lain, atau kepala dinas sosial setempat)',
            english:
              'Referral to institution (panti) care, on a letter of consent to further social rehabilitation from the family, a guardian, a caregiver, a village official or lurah, or the head of the local Dinsos',
          },
          completedBy: ['InstitutionReferralIssued'],
          needs: ['ConsentRecorded'],
          issues: ['referralLetter'],
        },
      ],
    },
  ],
  caseOpensAfter: 'administrative-completeness',
  timeLimits: [
    {
      code: 'whole-service',
      text: { original: '1 (satu) Tahun Berjalan', english: 'One running year' },
      amount: 1,
      unit: 'runningYear',
      startsOn: ['ReportReceived'],
      stopsOn: ['ClientReturnedHome', 'DischargedFromInstitution', 'ClientHandedOverToLks'],
      reading:
        'The service (in or outside an institution) runs up to one year from the day the client is received; it ends when the client is back with the family, leaves the institution, or is handed over to an LKS. A health referral does not stop it: treatment is part of the service.',
    },
  ],
  recommendations: {
    outcomes: ['returnHome', 'healthReferral', 'institutionCare'],
    supervisorApproval: true,
    reading:
      "Step 6 issues one of three referral letters (pemulangan, Faskes when sick, panti with consent), on the Peksos assessment of step 4: those are the outcomes. The letters are the provincial office's, signed above the social worker, so a supervisor approves the recommendation before it stands (to be confirmed by the office). The seed names no assessment period: only the whole service's year runs.",
  },
  placement: {
    institutionReviewIntervalMonths: 3,
    stayAtRiskDays: 30,
    reading:
      'Neither number is in the seed. It gives only "1 (satu) Tahun Berjalan" for the whole service, counted from ReportReceived by the whole-service clock (not from admission), and names no review of a stay in panti and no warning before the year runs out. A review every 3 months from admission, and "at risk" 30 days before the year ends, are defaults for the province office to confirm.',
  },
  fee: {
    amountRupiah: 0,
    text: { original: 'Tidak dipungut biaya', english: 'Free of charge' },
  },
  products: [
    {
      original: 'Rehabilitasi sosial dasar anak terlantar dalam panti',
      english: 'Basic social rehabilitation of neglected children in an institution',
    },
  ],
  complaintChannels: [
    {
      channel: 'inPerson',
      text: {
        original: 'Tatap Muka langsung kepada Pejabat Pengelola Pengaduan;',
        english: 'In person, to the complaints officer',
      },
    },
    {
      channel: 'complaintBox',
      text: {
        original: 'Tertulis disampaikan ke Kotak Pengaduan;',
        english: 'In writing, into the complaint box',
      },
    },
    {
      channel: 'smsWhatsapp',
      text: { original: 'SMS/WA : No. 081288475883', english: 'SMS/WhatsApp' },
      contact: '081288475883',
    },
    {
      channel: 'phone',
      text: { original: 'Telepon : 081288475883', english: 'Telephone' },
      contact: '081288475883',
    },
    {
      channel: 'email',
      text: { original: 'Email : dinsos@bantenprov.go.id', english: 'E-mail' },
      contact: 'dinsos@bantenprov.go.id',
    },
    {
      channel: 'sp4nLapor',
      text: {
        original: 'Online melalui website SP4N-LAPOR! (www.lapor.go.id)',
        english: 'Online through SP4N-LAPOR!',
      },
      contact: 'http://www.lapor.go.id',
    },
    {
      channel: 'website',
      text: { original: 'Website: http://dinsos.bantenprov.go.id', english: 'Website' },
      contact: 'http://dinsos.bantenprov.go.id',
    },
    {
      channel: 'socialMedia',
      text: { original: 'Instagram: dinsosbanten.go.id_official', english: 'Instagram' },
      contact: 'https://www.instagram.com/dinsosbanten.go.id_official',
    },
  ],
  source: { seedFile: '000_6ef6915b36ca231f.txt' },
});
