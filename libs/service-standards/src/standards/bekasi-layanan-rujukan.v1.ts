import { defineServiceStandard } from './service-standard';

/**
 * Seed 004: Dinas Sosial Kabupaten Bekasi, SK OR.02/1446/Dinsos/2022, "Pemberian Layanan
 * Rujukan". Bekasi (3216) is in West Java, not an office of this system: Banten's regency and city
 * offices run this standard as their template (DESIGN.md section 2).
 */
export const bekasiLayananRujukanV1 = defineServiceStandard({
  code: 'bekasi-layanan-rujukan',
  version: 1,
  inForceFrom: '2022-01-01',
  inForceFromBasis:
    'The seed gives no decree date: taken as the first day of the SK year (2022). Replace with the date of SK OR.02/1446/Dinsos/2022 when known.',
  title: { original: 'Pemberian Layanan Rujukan', english: 'Referral service' },
  skNumber: 'OR.02/1446/Dinsos/2022',
  issuer: {
    text: {
      original: 'Pemerintah Kab. Bekasi / Dinas Sosial',
      english: 'Government of Bekasi Regency / Social Affairs Office',
    },
    address:
      'Komplek Perkantoran Pemerintahan Daerah Kabupaten Bekasi Desa Sukamahi Kecamatan Cikarang Pusat 17531',
    // As printed in the seed (the number looks garbled there; kept, not corrected).
    phone: '09302302827921',
    regionCode: '3216',
  },
  clientCategories: ['neglectedChild', 'neglectedElderly', 'personWithDisability'],
  requirements: [
    {
      code: 'covering-letter',
      text: {
        original:
          'Surat Pengantar dari Desa/Kelurahan, Kecamatan, Kepolisian, Instansi lain/Stakeholder',
        english:
          'A covering letter from the village/kelurahan, the kecamatan, the police, or another agency/stakeholder',
      },
      mandatory: true,
    },
    {
      code: 'identity-document',
      text: {
        original: 'Kartulidentitas/Kartu Keluarga (jika ada) PPKS/Klien',
        english: 'Identity card / family card of the PPKS/client (if any)',
      },
      mandatory: false,
    },
  ],
  steps: [
    {
      code: 'report-received',
      seedItem: 1,
      text: {
        original:
          'Dinas Sosial menerima laporan penemuan Anak/Lansia/Disabilitas terlantar dari masyarakat, Kelurahan, Kecamatan, maupun kepolisian',
        english:
          'Dinsos receives a report of a found neglected child, elderly or disabled person from the public, a kelurahan, a kecamatan or the police',
      },
      performedBy: 'intake',
      completedBy: ['ReportReceived'],
    },
    {
      code: 'document-check',
      seedItem: 2,
      text: {
        original:
          'Dinas Sosial Kab. Bekasi memeriksa Dokumen Persyaratan Pelayanan dari aduan Pelapor',
        english: "Dinsos checks the required documents of the reporter's report",
      },
      performedBy: 'intake',
      requires: ['report-received'],
      completedBy: ['RequirementsChecked'],
    },
    {
      code: 'shelter-handover',
      seedItem: 3,
      text: {
        original:
          'Dinas Sosial Kabupaten Bekasi bersama Pelapor membuat Berita Acara Serah Terima Klien ke Rumah Singgah Dinas Sosial',
        english:
          'Dinsos and the reporter draw up a handover record (BAST) of the client to the Dinsos shelter (Rumah Singgah)',
      },
      performedBy: 'intake',
      requires: ['document-check'],
      completedBy: ['ClientHandedOverToShelter'],
      issues: ['bast'],
    },
    {
      code: 'further-assessment-and-basic-rehabilitation',
      seedItem: 3,
      text: {
        original:
          'untuk dilakukan asesmen lanjutan terhadap klien dan mendapatkan layanan rehabilitasi sosial dasar selama 7 hari',
        english: 'Further assessment of the client, and 7 days of basic social rehabilitation',
      },
      performedBy: 'assessment',
      requires: ['shelter-handover'],
      completedBy: ['RecommendationMade'],
    },
    {
      code: 'family-tracing',
      seedItem: 4,
      text: {
        original:
          'Pelaksana Dinas Sosial berkoordinasi dengan lintas sektoral untuk melakukan penelusuran keluarga klien, meliputi : Koordinasi dengan kecamatan atau kelurahan terkait asal usul klien dan Koordinasi dengan Disdukcapil untuk melakukan pengecekan sidik jari dan iris mata',
        english:
          "Dinsos traces the client's family across sectors: with the kecamatan or kelurahan of origin, and with Disdukcapil for a fingerprint and iris check",
      },
      performedBy: 'family-tracing',
      requires: ['further-assessment-and-basic-rehabilitation'],
      completedBy: ['FamilyFound', 'FamilyNotFound'],
    },
    {
      code: 'return-home',
      seedItem: 5,
      text: {
        original:
          'Bagi Klien yang telah ditemukan keluarganya, Pelaksana Dinas Sosial akan memulangkan klien tersebut kepada keluarganya dengan dilengkapi Berita Acara Pemulangan dari Dinas Sosial kepada Keluarga',
        english:
          'A client whose family was found is returned to the family, with a Berita Acara Pemulangan (return record) from Dinsos to the family',
      },
      performedBy: 'placement',
      requires: ['family-tracing'],
      completedBy: ['ClientReturnedHome'],
      condition: {
        text: {
          original: 'Bagi Klien yang telah ditemukan keluarganya',
          english: 'When the family was found',
        },
        afterEvent: 'FamilyFound',
      },
      issues: ['beritaAcaraPemulangan'],
    },
    {
      code: 'lks-referral',
      seedItem: 6,
      text: {
        original:
          'Jika klien yang sama sekali tidak ditemukan keluarganya, Pegawai Dinas Sosial akan berkoordinasi dengan Lembaga Kesejahteraan Sosial (LKS) untuk merujuk klien agar mendapatkan layanan rehabilitasi sosial lanjut',
        english:
          'When no family at all is found, Dinsos coordinates with a licensed care organisation (LKS) to refer the client for further social rehabilitation',
      },
      performedBy: 'placement',
      requires: ['family-tracing'],
      completedBy: ['LksReferralMade'],
      condition: {
        text: {
          original: 'Jika klien yang sama sekali tidak ditemukan keluarganya',
          english: 'When no family at all is found',
        },
        afterEvent: 'FamilyNotFound',
      },
      issues: ['referralLetter'],
    },
    {
      code: 'lks-handover',
      seedItem: 7,
      text: {
        original:
          'Dinas Sosial membuat Berita Acara Serah Terima Klien yang diantar dan diserahkan kepada Lembaga Kesejahteraan Sosial',
        english:
          'Dinsos draws up a handover record (BAST) of the client taken to and handed over to the LKS',
      },
      performedBy: 'placement',
      requires: ['lks-referral'],
      completedBy: ['ClientHandedOverToLks'],
      issues: ['bast'],
    },
  ],
  caseOpensAfter: 'shelter-handover',
  timeLimits: [
    {
      code: 'whole-service',
      text: { original: '7 Hari', english: '7 days' },
      amount: 7,
      unit: 'calendarDays',
      startsOn: ['ReportReceived'],
      stopsOn: ['ClientReturnedHome', 'ClientHandedOverToLks'],
      reading:
        '"7 Hari" without "kerja" counts calendar days (step 3 also speaks of 7 days of shelter care, which runs on weekends). The clock runs from the report until the client is returned home or handed over to an LKS.',
    },
    {
      code: 'basic-rehabilitation',
      step: 'further-assessment-and-basic-rehabilitation',
      text: {
        original: 'mendapatkan layanan rehabilitasi sosial dasar selama 7 hari',
        english: '7 days of basic social rehabilitation',
      },
      amount: 7,
      unit: 'calendarDays',
      startsOn: ['ClientHandedOverToShelter'],
      stopsOn: ['ClientReturnedHome', 'ClientHandedOverToLks', 'AdmittedToInstitution'],
      reading:
        'Step 3: the client receives 7 days of basic rehabilitation in the Rumah Singgah, counted in calendar days from the BAST handover. Care goes on, with tracing beside it, until custody leaves the shelter (returned home, handed over to an LKS, admitted to an institution): the 7 days are a limit to watch, not a wait.',
    },
  ],
  tracing: {
    inquiryPeriodDays: 7,
    consentRequired: false,
    reading:
      'Step 4 names the kecamatan or kelurahan of origin and Disdukcapil (fingerprint and iris), and no period of its own: the whole service has 7 days, so no inquiry may wait longer than 7 calendar days. The seed asks no consent before tracing.',
  },
  recommendations: {
    outcomes: ['traceFamily', 'returnHome', 'continueWithLks', 'healthReferral'],
    supervisorApproval: false,
    reading:
      "Steps 3–6: after the further assessment the family is traced, then the client goes home (family found) or to an LKS (not found); a sick client is referred for health care at any time. The seed names no approval, and the 7-day service leaves no room for one: tracing starts on the social worker's recommendation.",
  },
  placement: {
    institutionReviewIntervalMonths: 1,
    stayAtRiskDays: 2,
    reading:
      'The 7-day service has no institution stay of its own: the client goes home or is handed over to an LKS (steps 5–7), and that ends the service. The policy applies if a client is placed in an institution anyway: the stay is reviewed every month from admission and counts as at risk 2 days before its limit, as short as the 7-day service itself. Neither number is in the seed; the office should confirm them.',
  },
  fee: {
    amountRupiah: 0,
    text: { original: 'Tidak dipungut biaya', english: 'Free of charge' },
  },
  products: [
    { original: 'Rehabilitasi dan Berita Acara', english: 'Rehabilitation and official records' },
  ],
  complaintChannels: [
    {
      channel: 'inPerson',
      text: {
        original: 'Langsung ke Gedung SLRT Graha Wibawa Mukti',
        english: 'In person at the SLRT building, Graha Wibawa Mukti',
      },
    },
    { channel: 'sp4nLapor', text: { original: 'SP4N Lapor', english: 'SP4N-LAPOR!' } },
    { channel: 'socialMedia', text: { original: 'Media Sosial', english: 'Social media' } },
  ],
  source: { seedFile: '004_712527f83d09a6f0.txt' },
});
