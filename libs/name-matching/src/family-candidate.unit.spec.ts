import { scoreFamilyCandidate, type FamilyCandidate, type KnownOfClient } from './index';
import { isGenericName, isNicknameOf } from './nicknames';
import { normaliseName } from './name-matching';

/**
 * The labelled table: what is known of a client, a candidate, and whether the candidate truly is
 * family (`family: true`) or another family that looks alike (`false`). Spelling variants,
 * Javanese single names, bin/binti, nicknames, generic nicknames, place and age tolerance, and
 * hard cases both ways (a true family with too little known, a different family with common
 * names in the same kabupaten): the scorer is not expected to get every row right.
 */
interface Row {
  family: boolean;
  why: string;
  known: KnownOfClient;
  candidate: FamilyCandidate;
}

const trueFamilies: Row[] = [
  {
    family: true,
    why: 'Moh. Jusuf is Muhammad Yusuf (abbreviation, old spelling); mother and village agree',
    known: {
      clientNames: ['Muhammad Yusuf'],
      motherName: 'Siti Aminah',
      places: ['Cikajang'],
      estimatedAgeYears: 10,
    },
    candidate: {
      name: 'Siti Aminah',
      relation: 'mother',
      address: { places: ['Cikajang', 'Garut'] },
      ageYears: 34,
      clientName: 'Moh. Jusuf',
      clientAgeYears: 11,
    },
  },
  {
    family: true,
    why: 'M. Rizki is Muhammad Rizky; "Pak Slamet" is Slamet Riyadi; village code in the kabupaten',
    known: {
      clientNames: ['M. Rizki'],
      fatherName: 'Pak Slamet',
      places: ['33.10'],
      estimatedAgeYears: 12,
    },
    candidate: {
      name: 'Slamet Riyadi',
      relation: 'father',
      address: { regionCode: '33.10.12.2003' },
      ageYears: 45,
      clientName: 'Muhammad Rizky',
    },
  },
  {
    family: true,
    why: 'Mohamad and Mochammad are Muhammad; a grandmother in Klaten',
    known: { clientNames: ['Mohamad Ridwan'], places: ['Klaten'], estimatedAgeYears: 12 },
    candidate: {
      name: 'Mbah Sainem',
      relation: 'grandmother',
      address: { places: ['Desa Jogonalan, Klaten'] },
      ageYears: 63,
      clientName: 'Mochammad Ridwan',
      clientAgeYears: 12,
    },
  },
  {
    family: true,
    why: 'Javanese single names: Sri is Sri Wahyuni, the mother Wati',
    known: { clientNames: ['Sri'], motherName: 'Wati', places: ['Wonogiri'], estimatedAgeYears: 9 },
    candidate: {
      name: 'Wati',
      relation: 'mother',
      address: { regionCode: '33.12.05', places: ['Wonogiri'] },
      ageYears: 31,
      clientName: 'Sri Wahyuni',
      clientAgeYears: 9,
    },
  },
  {
    family: true,
    why: 'Javanese single name in old spelling (Soetrisno); an uncle in the kabupaten named',
    known: { clientNames: ['Sutrisno'], places: ['Sragen'], estimatedAgeYears: 14 },
    candidate: {
      name: 'Paimin',
      relation: 'uncle',
      address: { places: ['Kec. Gemolong, Kab. Sragen'] },
      ageYears: 45,
      clientName: 'Soetrisno',
      clientAgeYears: 15,
    },
  },
  {
    family: true,
    why: "bin: the father's name after bin is the candidate's",
    known: { clientNames: ['Ahmad bin Yusuf'], places: ['32.01'], estimatedAgeYears: 13 },
    candidate: {
      name: 'Yusuf Hidayat',
      relation: 'father',
      address: { regionCode: '32.01.04.2005' },
      ageYears: 42,
      clientName: 'Ahmad',
    },
  },
  {
    family: true,
    why: "binti: the mother gives the father's name the child's name carries",
    known: {
      clientNames: ['Siti Nurhaliza binti Abdullah'],
      places: ['Indramayu'],
      estimatedAgeYears: 11,
    },
    candidate: {
      name: 'Khadijah',
      relation: 'mother',
      address: { places: ['Indramayu'] },
      ageYears: 35,
      clientName: 'Siti Nurhaliza',
      clientFatherName: 'Abdullah',
    },
  },
  {
    family: true,
    why: 'Ucup is Yusuf',
    known: { clientNames: ['Ucup'], places: ['Tasikmalaya'], estimatedAgeYears: 10 },
    candidate: {
      name: 'Euis Kurniasih',
      relation: 'mother',
      address: { places: ['Kab. Tasikmalaya'] },
      ageYears: 33,
      clientName: 'Muhammad Yusuf',
      clientAgeYears: 9,
    },
  },
  {
    family: true,
    why: 'Iwan is Setiawan; village code in the kabupaten',
    known: { clientNames: ['Iwan'], places: ['34.04'], estimatedAgeYears: 12 },
    candidate: {
      name: 'Darsono',
      relation: 'father',
      address: { regionCode: '34.04.07.2001' },
      ageYears: 45,
      clientName: 'Setiawan',
    },
  },
  {
    family: true,
    why: 'Wawan is Kurniawan; Bekasi is Bekasi Utara',
    known: { clientNames: ['Wawan'], places: ['Bekasi'], estimatedAgeYears: 15 },
    candidate: {
      name: 'Nurhayati',
      relation: 'aunt',
      address: { places: ['Bekasi Utara'] },
      ageYears: 38,
      clientName: 'Kurniawan',
      clientAgeYears: 16,
    },
  },
  {
    family: true,
    why: 'Yanto is Suryanto; Pak Harjo is Harjo Sumarto',
    known: {
      clientNames: ['Yanto'],
      fatherName: 'Pak Harjo',
      places: ['Klaten'],
      estimatedAgeYears: 13,
    },
    candidate: {
      name: 'Harjo Sumarto',
      relation: 'father',
      address: { places: ['Klaten'] },
      ageYears: 50,
      clientName: 'Suryanto',
    },
  },
  {
    family: true,
    why: 'Tono is Hartono; a grandmother in the kabupaten',
    known: { clientNames: ['Tono'], places: ['35.24'], estimatedAgeYears: 8 },
    candidate: {
      name: 'Sumirah',
      relation: 'grandmother',
      address: { regionCode: '35.24.10.2002' },
      ageYears: 66,
      clientName: 'Hartono',
      clientAgeYears: 8,
    },
  },
  {
    family: true,
    why: 'Budi is Budiman; "Ibu Sumarni" is Sumarni',
    known: {
      clientNames: ['Budi'],
      motherName: 'Ibu Sumarni',
      places: ['Surabaya'],
      estimatedAgeYears: 11,
    },
    candidate: {
      name: 'Sumarni',
      relation: 'mother',
      address: { places: ['Kota Surabaya'] },
      ageYears: 36,
      clientName: 'Budiman',
    },
  },
  {
    family: true,
    why: 'Udin is Saepudin; the father Dadang',
    known: {
      clientNames: ['Udin'],
      fatherName: 'Dadang',
      places: ['32.05'],
      estimatedAgeYears: 10,
    },
    candidate: {
      name: 'Dadang Suhendar',
      relation: 'father',
      address: { regionCode: '32.05.17.2004' },
      ageYears: 39,
      clientName: 'Saepudin',
    },
  },
  {
    family: true,
    why: 'Ipul is Syaiful',
    known: { clientNames: ['Ipul'], places: ['Cianjur'], estimatedAgeYears: 13 },
    candidate: {
      name: 'Mamat',
      relation: 'uncle',
      address: { places: ['Cianjur'] },
      ageYears: 40,
      clientName: 'Syaiful Anwar',
      clientAgeYears: 14,
    },
  },
  {
    family: true,
    why: 'Kiki is Rizki; "Mama Rina" is Rina Marlina; no place known',
    known: { clientNames: ['Kiki'], motherName: 'Mama Rina', estimatedAgeYears: 7 },
    candidate: {
      name: 'Rina Marlina',
      relation: 'mother',
      ageYears: 27,
      clientName: 'Rizki Amelia',
      clientAgeYears: 7,
    },
  },
  {
    family: true,
    why: '"Mak Ijah" is Khadijah',
    known: {
      clientNames: ['Dewi'],
      motherName: 'Mak Ijah',
      places: ['Brebes'],
      estimatedAgeYears: 12,
    },
    candidate: {
      name: 'Khadijah',
      relation: 'mother',
      address: { places: ['Brebes'] },
      ageYears: 40,
      clientName: 'Dewi Lestari',
    },
  },
  {
    family: true,
    why: 'Mamat is Muhammad (Sundanese)',
    known: { clientNames: ['Mamat'], places: ['32.03'], estimatedAgeYears: 11 },
    candidate: {
      name: 'Karta',
      relation: 'father',
      address: { regionCode: '32.03.08' },
      ageYears: 40,
      clientName: 'Muhammad Ramdani',
      clientAgeYears: 11,
    },
  },
  {
    family: true,
    why: 'old spelling: Djoko is Joko, Soewarno is Suwarno',
    known: {
      clientNames: ['Djoko'],
      fatherName: 'Soewarno',
      places: ['Klaten'],
      estimatedAgeYears: 14,
    },
    candidate: {
      name: 'Suwarno',
      relation: 'father',
      address: { places: ['Klaten'] },
      ageYears: 52,
      clientName: 'Joko Santoso',
    },
  },
  {
    family: true,
    why: 'a street name and a real name: Rizal is Rizal Maulana',
    known: { clientNames: ['Botak', 'Rizal'], places: ['12.71'], estimatedAgeYears: 13 },
    candidate: {
      name: 'Yuliani',
      relation: 'mother',
      address: { regionCode: '12.71.03.1002' },
      ageYears: 35,
      clientName: 'Rizal Maulana',
      clientAgeYears: 12,
    },
  },
  {
    family: true,
    why: 'hard: known only by a street name the family does not know; mother and city agree',
    known: {
      clientNames: ['Botak'],
      motherName: 'Yuli',
      places: ['Medan'],
      estimatedAgeYears: 10,
    },
    candidate: {
      name: 'Yuliani',
      relation: 'mother',
      address: { places: ['Medan'] },
      ageYears: 33,
      clientName: 'Andi Saputra',
      clientAgeYears: 10,
    },
  },
  {
    family: true,
    why: 'Asep says nothing, but the father and the kabupaten agree',
    known: {
      clientNames: ['Asep'],
      fatherName: 'Engkos',
      places: ['Garut'],
      estimatedAgeYears: 12,
    },
    candidate: {
      name: 'Engkos Kosasih',
      relation: 'father',
      address: { places: ['Garut'] },
      ageYears: 44,
      clientName: 'Asep Saepudin',
      clientAgeYears: 12,
    },
  },
  {
    family: true,
    why: 'a sibling: bin Sanusi in both names',
    known: { clientNames: ['Ahmad bin Sanusi'], places: ['35.24'], estimatedAgeYears: 12 },
    candidate: {
      name: 'Hasan bin Sanusi',
      relation: 'sibling',
      address: { regionCode: '35.24.01' },
      ageYears: 19,
      clientName: 'Ahmad',
    },
  },
  {
    family: true,
    why: "a grandmother gives both parents' names; no place known",
    known: {
      clientNames: ['Nur Aini'],
      motherName: 'Sumiati',
      fatherName: 'Kusnadi',
      estimatedAgeYears: 10,
    },
    candidate: {
      name: 'Mbah Sainem',
      relation: 'grandmother',
      ageYears: 70,
      clientName: 'Aini',
      clientMotherName: 'Sumiati',
      clientFatherName: 'Kusnadi',
    },
  },
  {
    family: true,
    why: 'Rudi is Rudi Hartono; another kecamatan of the kabupaten',
    known: { clientNames: ['Rudi'], places: ['35.15.04'], estimatedAgeYears: 14 },
    candidate: {
      name: 'Sukirman',
      relation: 'father',
      address: { regionCode: '35.15.09.2001' },
      ageYears: 48,
      clientName: 'Rudi Hartono',
    },
  },
  {
    family: true,
    why: 'Tari is Lestari (an ending); a village of the kecamatan the child names',
    known: {
      clientNames: ['Lestari'],
      places: ['Kec. Cikarang Barat', '32.16.05'],
      estimatedAgeYears: 9,
    },
    candidate: {
      name: 'Warsih',
      relation: 'grandmother',
      address: { regionCode: '32.16.05.2003', places: ['Desa Telajung'] },
      ageYears: 58,
      clientName: 'Tari',
      clientAgeYears: 9,
    },
  },
  {
    family: true,
    why: "the family gives the child's age 3 years above the estimate",
    known: { clientNames: ['Fajar'], places: ['Lamongan'], estimatedAgeYears: 10 },
    candidate: {
      name: 'Suparti',
      relation: 'mother',
      address: { places: ['Lamongan'] },
      ageYears: 38,
      clientName: 'Fajar Nugroho',
      clientAgeYears: 13,
    },
  },
  {
    family: true,
    why: 'a mother 14 years older than the child',
    known: {
      clientNames: ['Intan'],
      motherName: 'Yanti',
      places: ['Brebes'],
      estimatedAgeYears: 16,
    },
    candidate: {
      name: 'Yanti',
      relation: 'mother',
      address: { places: ['Brebes'] },
      ageYears: 30,
      clientName: 'Intan Permata',
    },
  },
  {
    family: true,
    why: 'hard: known only as "Adek", no parent named; only city and ages',
    known: { clientNames: ['Adek'], places: ['Bekasi'], estimatedAgeYears: 6 },
    candidate: {
      name: 'Lina',
      relation: 'mother',
      address: { places: ['Bekasi'] },
      ageYears: 28,
      clientName: 'Putri Ayu',
      clientAgeYears: 7,
    },
  },
  {
    family: true,
    why: 'the child names the wrong city; names and ages agree',
    known: {
      clientNames: ['Yusuf'],
      motherName: 'Siti',
      places: ['Jakarta'],
      estimatedAgeYears: 9,
    },
    candidate: {
      name: 'Siti Rohmah',
      relation: 'mother',
      address: { places: ['Bogor'] },
      ageYears: 30,
      clientName: 'Yusuf',
      clientAgeYears: 9,
    },
  },
  {
    family: true,
    why: 'Ucup is Yusup (Sundanese spelling of Yusuf); a grandfather',
    known: { clientNames: ['Ucup'], places: ['Garut'], estimatedAgeYears: 11 },
    candidate: {
      name: 'Karta',
      relation: 'grandfather',
      address: { places: ['Garut'] },
      ageYears: 68,
      clientName: 'Yusup Maulana',
      clientAgeYears: 10,
    },
  },
  {
    family: true,
    why: 'Moh. and Muhamad are Muhammad; an aunt',
    known: { clientNames: ['Moh. Farhan'], places: ['Indramayu'], estimatedAgeYears: 15 },
    candidate: {
      name: 'Tarsih',
      relation: 'aunt',
      address: { places: ['Indramayu'] },
      ageYears: 41,
      clientName: 'Muhamad Farhan',
    },
  },
  {
    family: true,
    why: 'Yuni is Wahyuni (an ending), Sri a Javanese first name',
    known: { clientNames: ['Sri Wahyuni'], places: ['Sleman'], estimatedAgeYears: 13 },
    candidate: {
      name: 'Sumiyati',
      relation: 'mother',
      address: { places: ['Sleman'] },
      ageYears: 37,
      clientName: 'Yuni',
    },
  },
  {
    family: true,
    why: 'Yati is Suryati; the father Paiman; no place known',
    known: { clientNames: ['Yati'], fatherName: 'Paiman', estimatedAgeYears: 12 },
    candidate: { name: 'Paiman', relation: 'father', ageYears: 47, clientName: 'Suryati' },
  },
  {
    family: true,
    why: 'Tini is Kartini',
    known: { clientNames: ['Tini'], places: ['33.29'], estimatedAgeYears: 9 },
    candidate: {
      name: 'Rasinah',
      relation: 'grandmother',
      address: { regionCode: '33.29.11.2007' },
      ageYears: 61,
      clientName: 'Kartini',
    },
  },
  {
    family: true,
    why: 'Anto is Susanto; an older brother',
    known: { clientNames: ['Anto'], places: ['35.78'], estimatedAgeYears: 15 },
    candidate: {
      name: 'Bambang Susilo',
      relation: 'sibling',
      address: { regionCode: '35.78.20' },
      ageYears: 22,
      clientName: 'Susanto',
      clientAgeYears: 15,
    },
  },
  {
    family: true,
    why: 'name order: Aminah Siti is Siti Aminah',
    known: { clientNames: ['Aminah Siti'], places: ['Cianjur'], estimatedAgeYears: 10 },
    candidate: {
      name: 'Empat',
      relation: 'grandmother',
      address: { places: ['Cianjur'] },
      ageYears: 64,
      clientName: 'Siti Aminah',
    },
  },
  {
    family: true,
    why: 'honorific and degree: H. Abdul Rahman, S.Ag. is Abdul Rahman',
    known: {
      clientNames: ['Faisal'],
      fatherName: 'Abdul Rahman',
      places: ['Lamongan'],
      estimatedAgeYears: 13,
    },
    candidate: {
      name: 'H. Abdul Rahman, S.Ag.',
      relation: 'father',
      address: { places: ['Lamongan'] },
      ageYears: 49,
      clientName: 'Faisal Akbar',
    },
  },
  {
    family: true,
    why: "an uncle gives the father's name: Abd. Rahman is Pak Abdul",
    known: { clientNames: ['Fikri'], fatherName: 'Pak Abdul', estimatedAgeYears: 12 },
    candidate: {
      name: 'Umar',
      relation: 'uncle',
      ageYears: 45,
      clientName: 'Fikri',
      clientFatherName: 'Abd. Rahman',
      clientAgeYears: 12,
    },
  },
  {
    family: true,
    why: "the mother's own binti: Aisyah binti Umar is Aisyah",
    known: {
      clientNames: ['Zahra'],
      motherName: 'Aisyah',
      places: ['Kota Medan'],
      estimatedAgeYears: 8,
    },
    candidate: {
      name: 'Aisyah binti Umar',
      relation: 'mother',
      address: { places: ['Medan'] },
      ageYears: 29,
      clientName: 'Zahra',
    },
  },
  {
    family: true,
    why: 'old spelling: Tjahjono is Cahyono',
    known: { clientNames: ['Tjahjono'], places: ['Wonogiri'], estimatedAgeYears: 14 },
    candidate: {
      name: 'Sarmi',
      relation: 'mother',
      address: { places: ['Wonogiri'] },
      ageYears: 40,
      clientName: 'Cahyono',
    },
  },
  {
    family: true,
    why: "the child's age given 3 years above the estimate; names agree; no place known",
    known: { clientNames: ['Dimas'], motherName: 'Ratna', estimatedAgeYears: 8 },
    candidate: {
      name: 'Ratna Sari',
      relation: 'mother',
      ageYears: 30,
      clientName: 'Dimas Saputra',
      clientAgeYears: 11,
    },
  },
  {
    family: true,
    why: 'a young uncle (5 years older than the child)',
    known: { clientNames: ['Bayu'], places: ['Kab. Bogor'], estimatedAgeYears: 12 },
    candidate: {
      name: 'Dani',
      relation: 'uncle',
      address: { places: ['Bogor'] },
      ageYears: 17,
      clientName: 'Bayu Pratama',
    },
  },
  {
    family: true,
    why: 'kh/h: Khairul is Hairul; an older sister',
    known: { clientNames: ['Khairul'], places: ['12.07'], estimatedAgeYears: 11 },
    candidate: {
      name: 'Hasanah',
      relation: 'sibling',
      address: { regionCode: '12.07.15' },
      ageYears: 20,
      clientName: 'Hairul Anwar',
    },
  },
  {
    family: true,
    why: 'the nickname on the family side: Ucup for Muhammad Yusuf bin Engkos',
    known: { clientNames: ['Muhammad Yusuf bin Engkos'], estimatedAgeYears: 12 },
    candidate: {
      name: 'Engkos',
      relation: 'father',
      address: { places: ['Garut'] },
      ageYears: 45,
      clientName: 'Ucup',
      clientAgeYears: 11,
    },
  },
  {
    family: true,
    why: 'Heri is Heriyanto; the grandmother names the mother Sri Astuti (Tuti)',
    known: {
      clientNames: ['Heri'],
      motherName: 'Tuti',
      places: ['Sidoarjo'],
      estimatedAgeYears: 14,
    },
    candidate: {
      name: 'Mbok Sarinah',
      relation: 'grandmother',
      address: { places: ['Sidoarjo'] },
      ageYears: 72,
      clientName: 'Heriyanto',
      clientMotherName: 'Sri Astuti',
    },
  },
  {
    family: true,
    why: 'a place in old spelling: Tjikampek is Cikampek',
    known: { clientNames: ['Dedi'], places: ['Tjikampek'], estimatedAgeYears: 13 },
    candidate: {
      name: 'Iyus',
      relation: 'uncle',
      address: { places: ['Cikampek'] },
      ageYears: 35,
      clientName: 'Dedi Kurniadi',
      clientAgeYears: 14,
    },
  },
  {
    family: true,
    why: "bin: the father is named only in the child's name; no place known",
    known: { clientNames: ['Rizal bin Hasan'], estimatedAgeYears: 15 },
    candidate: {
      name: 'Hasan Basri',
      relation: 'father',
      address: { places: ['Bekasi'] },
      ageYears: 50,
      clientName: 'Rizal',
    },
  },
  {
    family: true,
    why: 'hard: a Batak generic nickname, "Mama" for the mother, nothing else but ages',
    known: { clientNames: ['Ucok'], motherName: 'Mama', estimatedAgeYears: 9 },
    candidate: {
      name: 'Rosmawati Siregar',
      relation: 'mother',
      ageYears: 34,
      clientName: 'Daniel Siregar',
      clientAgeYears: 9,
    },
  },
  {
    family: true,
    why: 'Amat is Rahmat',
    known: { clientNames: ['Rahmat'], places: ['Cianjur'], estimatedAgeYears: 10 },
    candidate: {
      name: 'Enok',
      relation: 'mother',
      address: { places: ['Cianjur'] },
      ageYears: 32,
      clientName: 'Amat',
    },
  },
];

const otherFamilies: Row[] = [
  {
    family: false,
    why: 'the same village, another child and another mother',
    known: {
      clientNames: ['Yusuf'],
      motherName: 'Siti',
      places: ['Cikajang'],
      estimatedAgeYears: 10,
    },
    candidate: {
      name: 'Ratna',
      relation: 'mother',
      address: { places: ['Cikajang'] },
      ageYears: 33,
      clientName: 'Rizal',
      clientAgeYears: 10,
    },
  },
  {
    family: false,
    why: 'Budi Santoso is not Budi Susanto; another kabupaten',
    known: { clientNames: ['Budi Santoso'], places: ['Klaten'], estimatedAgeYears: 12 },
    candidate: {
      name: 'Warni',
      relation: 'mother',
      address: { places: ['Sragen'] },
      ageYears: 36,
      clientName: 'Budi Susanto',
      clientAgeYears: 12,
    },
  },
  {
    family: false,
    why: 'a "mother" 8 years older than the child',
    known: { clientNames: ['Dimas'], places: ['Bekasi'], estimatedAgeYears: 12 },
    candidate: {
      name: 'Ayu',
      relation: 'mother',
      address: { places: ['Bekasi'] },
      ageYears: 20,
      clientName: 'Dimas',
      clientAgeYears: 12,
    },
  },
  {
    family: false,
    why: 'Ahmad bin Yusuf, and a "father" named Yunus',
    known: { clientNames: ['Ahmad bin Yusuf'], places: ['32.01'], estimatedAgeYears: 13 },
    candidate: {
      name: 'Yunus',
      relation: 'father',
      address: { regionCode: '32.01.04' },
      ageYears: 44,
      clientName: 'Ahmad',
      clientAgeYears: 13,
    },
  },
  {
    family: false,
    why: 'Ucup is Yusuf, not Yunus',
    known: { clientNames: ['Ucup'], places: ['Tasikmalaya'], estimatedAgeYears: 10 },
    candidate: {
      name: 'Imas',
      relation: 'mother',
      address: { places: ['Tasikmalaya'] },
      ageYears: 31,
      clientName: 'Yunus',
      clientAgeYears: 10,
    },
  },
  {
    family: false,
    why: 'Asep is any Sundanese boy: a family in Garut with an Asep of that age',
    known: { clientNames: ['Asep'], places: ['Garut'], estimatedAgeYears: 12 },
    candidate: {
      name: 'Ujang',
      relation: 'father',
      address: { places: ['Garut'] },
      ageYears: 40,
      clientName: 'Asep Sunandar',
      clientAgeYears: 12,
    },
  },
  {
    family: false,
    why: 'Yanto is not Yanti',
    known: { clientNames: ['Yanto'], places: ['Klaten'], estimatedAgeYears: 11 },
    candidate: {
      name: 'Sumini',
      relation: 'mother',
      address: { places: ['Klaten'] },
      ageYears: 35,
      clientName: 'Yanti',
      clientAgeYears: 11,
    },
  },
  {
    family: false,
    why: 'a Muhammad Rizki in another province',
    known: { clientNames: ['Muhammad Rizki'], places: ['12.71'], estimatedAgeYears: 10 },
    candidate: {
      name: 'Neneng',
      relation: 'mother',
      address: { regionCode: '32.16.05' },
      ageYears: 30,
      clientName: 'M. Rizki',
      clientAgeYears: 10,
    },
  },
  {
    family: false,
    why: 'a "grandmother" 25 years older than the child',
    known: { clientNames: ['Andi'], places: ['Surabaya'], estimatedAgeYears: 15 },
    candidate: {
      name: 'Sulastri',
      relation: 'grandmother',
      address: { places: ['Surabaya'] },
      ageYears: 40,
      clientName: 'Andi',
      clientAgeYears: 15,
    },
  },
  {
    family: false,
    why: 'a "brother" with another father (bin Salim, not bin Umar)',
    known: { clientNames: ['Hasan bin Umar'], places: ['Lamongan'], estimatedAgeYears: 12 },
    candidate: {
      name: 'Husin bin Salim',
      relation: 'sibling',
      address: { places: ['Lamongan'] },
      ageYears: 16,
      clientName: 'Hasan',
    },
  },
  {
    family: false,
    why: 'Putra is not Putri, though a Lilis in Bandung',
    known: {
      clientNames: ['Putra'],
      motherName: 'Lilis',
      places: ['Bandung'],
      estimatedAgeYears: 8,
    },
    candidate: {
      name: 'Lilis Suryani',
      relation: 'mother',
      address: { places: ['Bandung'] },
      ageYears: 30,
      clientName: 'Putri',
      clientAgeYears: 8,
    },
  },
  {
    family: false,
    why: 'only the town in common',
    known: { clientNames: ['Bayu'], places: ['Bogor'], estimatedAgeYears: 12 },
    candidate: { name: 'Eni', relation: 'aunt', address: { places: ['Bogor'] } },
  },
  {
    family: false,
    why: 'a Rizki of that age in Bekasi, with another mother',
    known: {
      clientNames: ['Rizki'],
      motherName: 'Nurlela',
      places: ['Bekasi'],
      estimatedAgeYears: 9,
    },
    candidate: {
      name: 'Yayah',
      relation: 'mother',
      address: { places: ['Bekasi'] },
      ageYears: 30,
      clientName: 'Rizki Ramadhan',
      clientAgeYears: 9,
    },
  },
  {
    family: false,
    why: 'Tono is not Tini',
    known: { clientNames: ['Tono'], places: ['35.24'], estimatedAgeYears: 9 },
    candidate: {
      name: 'Karsih',
      relation: 'grandmother',
      address: { regionCode: '35.24.02' },
      ageYears: 62,
      clientName: 'Tini',
    },
  },
  {
    family: false,
    why: 'Agus is not Bagus; the father is Slamet, not Surono',
    known: { clientNames: ['Bagus'], fatherName: 'Slamet', estimatedAgeYears: 13 },
    candidate: { name: 'Surono', relation: 'father', ageYears: 45, clientName: 'Agus' },
  },
  {
    family: false,
    why: 'a "father" 10 years older than the child',
    known: { clientNames: ['Wulan'], places: ['Sleman'], estimatedAgeYears: 15 },
    candidate: {
      name: 'Joko',
      relation: 'father',
      address: { places: ['Sleman'] },
      ageYears: 25,
      clientName: 'Wulan',
      clientAgeYears: 14,
    },
  },
  {
    family: false,
    why: 'a Sri in Klaten, with another mother',
    known: {
      clientNames: ['Sri'],
      motherName: 'Sumarni',
      places: ['Klaten'],
      estimatedAgeYears: 10,
    },
    candidate: {
      name: 'Painem',
      relation: 'mother',
      address: { places: ['Klaten'] },
      ageYears: 38,
      clientName: 'Sri Rahayu',
      clientAgeYears: 10,
    },
  },
  {
    family: false,
    why: 'hard: a Rizki of that age in the same kabupaten, nothing else known',
    known: { clientNames: ['Muhammad Rizki'], places: ['32.16'], estimatedAgeYears: 11 },
    candidate: {
      name: 'Rohayati',
      relation: 'aunt',
      address: { regionCode: '32.16.07.2001' },
      ageYears: 39,
      clientName: 'Rizki',
      clientAgeYears: 10,
    },
  },
  {
    family: false,
    why: 'Yusuf is not Yosef',
    known: { clientNames: ['Yusuf'], places: ['Medan'], estimatedAgeYears: 12 },
    candidate: {
      name: 'Martha',
      relation: 'mother',
      address: { places: ['Medan'] },
      ageYears: 40,
      clientName: 'Yosef',
      clientAgeYears: 12,
    },
  },
  {
    family: false,
    why: 'Sukamaju is not Sukamulya; Ujang says nothing, Saepudin is not Sopandi',
    known: { clientNames: ['Ujang Saepudin'], places: ['Sukamaju'], estimatedAgeYears: 11 },
    candidate: {
      name: 'Entin',
      relation: 'mother',
      address: { places: ['Sukamulya'] },
      ageYears: 33,
      clientName: 'Ujang Sopandi',
      clientAgeYears: 11,
    },
  },
  {
    family: false,
    why: 'Fajar and Fajri (alike by Jaro-Winkler) in the next kabupaten',
    known: { clientNames: ['Fajar'], places: ['35.24'], estimatedAgeYears: 10 },
    candidate: {
      name: 'Sutini',
      relation: 'mother',
      address: { regionCode: '35.25.01' },
      ageYears: 35,
      clientName: 'Fajri',
      clientAgeYears: 10,
    },
  },
  {
    family: false,
    why: 'a "brother" 32 years older',
    known: { clientNames: ['Rina'], places: ['Bandung'], estimatedAgeYears: 8 },
    candidate: {
      name: 'Dedi',
      relation: 'sibling',
      address: { places: ['Bandung'] },
      ageYears: 40,
      clientName: 'Rina',
    },
  },
  {
    family: false,
    why: 'hard: a Wati in Bekasi with a Dimas, but hers is 17 and the client about 8',
    known: { clientNames: ['Dimas'], motherName: 'Wati', places: ['Bekasi'], estimatedAgeYears: 8 },
    candidate: {
      name: 'Wati Susilawati',
      relation: 'mother',
      address: { places: ['Bekasi'] },
      ageYears: 45,
      clientName: 'Dimas',
      clientAgeYears: 17,
    },
  },
  {
    family: false,
    why: 'an uncle whose nephew is Irfan, not Arif',
    known: { clientNames: ['Arif'], estimatedAgeYears: 12 },
    candidate: { name: 'Samsul', relation: 'uncle', ageYears: 40, clientName: 'Irfan' },
  },
  {
    family: false,
    why: 'a neighbour in Indramayu who knew a Nani',
    known: { clientNames: ['Nining'], places: ['Indramayu'], estimatedAgeYears: 14 },
    candidate: {
      name: 'Carman',
      relation: 'other',
      address: { places: ['Indramayu'] },
      clientName: 'Nani',
      clientAgeYears: 14,
    },
  },
  {
    family: false,
    why: 'a Sutrisno in Sragen, whose father is Parjo, not Karto',
    known: {
      clientNames: ['Sutrisno'],
      fatherName: 'Karto',
      places: ['Sragen'],
      estimatedAgeYears: 13,
    },
    candidate: {
      name: 'Parjo',
      relation: 'father',
      address: { places: ['Sragen'] },
      ageYears: 44,
      clientName: 'Sutrisno',
      clientAgeYears: 13,
    },
  },
  {
    family: false,
    why: 'a family in Medan with an "Ucok" (any Batak boy), for a client called Ucup',
    known: { clientNames: ['Ucup'], places: ['Medan'], estimatedAgeYears: 10 },
    candidate: {
      name: 'Rosdiana',
      relation: 'mother',
      address: { places: ['Medan'] },
      ageYears: 30,
      clientName: 'Ucok',
      clientAgeYears: 10,
    },
  },
  {
    family: false,
    why: 'a Tati whose son is Suryanto, for an Iwan',
    known: { clientNames: ['Iwan'], motherName: 'Tati', estimatedAgeYears: 11 },
    candidate: {
      name: 'Tati',
      relation: 'mother',
      ageYears: 35,
      clientName: 'Suryanto',
      clientAgeYears: 11,
    },
  },
];

const table = [...trueFamilies, ...otherFamilies];

describe('family candidates: the labelled table', () => {
  it('holds at least 60 labelled rows, both ways', () => {
    expect(table.length).toBeGreaterThanOrEqual(60);
    expect(trueFamilies.every((row) => row.family)).toBe(true);
    expect(otherFamilies.every((row) => !row.family)).toBe(true);
  });

  it('classes them "likely" with recall ≥ 0.9 and precision ≥ 0.8', () => {
    const results = table.map((row) => ({
      row,
      result: scoreFamilyCandidate(row.known, row.candidate),
    }));
    const likely = results.filter(({ result }) => result.class === 'likely');
    const truePositives = likely.filter(({ row }) => row.family).length;
    const recall = truePositives / trueFamilies.length;
    const precision = truePositives / likely.length;
    const misses = results
      .filter(({ row, result }) => row.family !== (result.class === 'likely'))
      .map(
        ({ row, result }) =>
          `${row.family ? 'missed' : 'wrongly likely'}: ${row.why} (${result.score} ${result.class})`,
      );
    console.log(
      `family-candidate v1 on ${table.length} rows (${trueFamilies.length} family, ${otherFamilies.length} not): ` +
        `"likely" recall ${recall.toFixed(3)}, precision ${precision.toFixed(3)}\n${misses.join('\n')}`,
    );
    expect(recall).toBeGreaterThanOrEqual(0.9);
    expect(precision).toBeGreaterThanOrEqual(0.8);
  });

  it.each(otherFamilies.filter((row) => !row.why.startsWith('hard')).map((row) => [row.why, row]))(
    'does not class as likely: %s',
    (_why, row) => {
      expect(scoreFamilyCandidate(row.known, row.candidate).class).not.toBe('likely');
    },
  );

  it.each(trueFamilies.filter((row) => !row.why.startsWith('hard')).map((row) => [row.why, row]))(
    'classes as likely: %s',
    (_why, row) => {
      expect(scoreFamilyCandidate(row.known, row.candidate).class).toBe('likely');
    },
  );
});

const outcomes = (known: KnownOfClient, candidate: FamilyCandidate) =>
  Object.fromEntries(
    scoreFamilyCandidate(known, candidate).comparison.map(({ field, outcome }) => [field, outcome]),
  );

describe('family candidates: fields, blanks, tolerances', () => {
  it('compares every field, in a fixed order, and gives no names or places back', () => {
    const result = scoreFamilyCandidate(trueFamilies[0].known, trueFamilies[0].candidate);
    expect(result.comparison.map(({ field }) => field)).toEqual([
      'childName',
      'fatherName',
      'motherName',
      'place',
      'age',
      'childAge',
    ]);
    expect(result.comparison.map(({ outcome }) => outcome)).toEqual([
      'match',
      'blank',
      'match',
      'match',
      'match',
      'match',
    ]);
    expect(result.algorithm).toEqual({ name: 'family-candidate', version: 1 });
    expect(result.score).toBeGreaterThanOrEqual(0);
    expect(result.score).toBeLessThanOrEqual(1);
    const text = JSON.stringify(result).toLowerCase();
    for (const value of ['yusuf', 'siti', 'aminah', 'cikajang', 'garut']) {
      expect(text).not.toContain(value);
    }
  });

  it('leaves every field blank when nothing is known, and calls that unlikely', () => {
    const result = scoreFamilyCandidate({ clientNames: [] }, { relation: 'other' });
    expect(result.comparison.every(({ outcome }) => outcome === 'blank')).toBe(true);
    expect(result.class).toBe('unlikely');
  });

  it('does not count a blank field as a mismatch', () => {
    const known: KnownOfClient = {
      clientNames: ['Yusuf'],
      motherName: 'Siti',
      estimatedAgeYears: 10,
    };
    const candidate: FamilyCandidate = {
      name: 'Siti Rohmah',
      relation: 'mother',
      ageYears: 35,
      clientName: 'Yusuf',
    };
    const withoutPlace = scoreFamilyCandidate(known, candidate);
    expect(outcomes(known, candidate).place).toBe('blank');
    // A place known on one side only changes nothing.
    const placeOnOneSide = scoreFamilyCandidate(known, {
      ...candidate,
      address: { places: ['Bogor'] },
    });
    expect(placeOnOneSide.score).toBe(withoutPlace.score);
    // A place that disagrees lowers the score; blank is not that.
    const placeMismatch = scoreFamilyCandidate(
      { ...known, places: ['Jakarta'] },
      { ...candidate, address: { places: ['Bogor'] } },
    );
    expect(placeMismatch.score).toBeLessThan(withoutPlace.score);
    expect(withoutPlace.class).toBe('likely');
  });

  it('treats generic nicknames and words of address as no name (blank)', () => {
    expect(
      outcomes(
        { clientNames: ['Asep'], fatherName: 'Bapak', motherName: 'Mamak' },
        { relation: 'mother', name: 'Enok', clientName: 'Yusuf', clientFatherName: 'Abah' },
      ),
    ).toMatchObject({ childName: 'blank', fatherName: 'blank', motherName: 'blank' });
    // The rest of a name is still compared: Asep Saepudin is not Asep Sunandar.
    expect(
      outcomes(
        { clientNames: ['Asep Saepudin'] },
        { relation: 'mother', clientName: 'Asep Sunandar' },
      ).childName,
    ).toBe('mismatch');
  });

  it('matches the Muhammad forms and nicknames in the child name, either way round', () => {
    const childName = (client: string, family: string) =>
      outcomes({ clientNames: [client] }, { relation: 'mother', clientName: family }).childName;
    for (const form of ['Muhammad', 'Muhamad', 'Mohamad', 'Mohammad', 'Moh.', 'M.', 'Mhd.']) {
      expect(childName(`${form} Yusuf`, 'Muhammad Yusuf')).toBe('match');
    }
    expect(childName('Ucup', 'Yusuf')).toBe('match');
    expect(childName('Yusuf', 'Ucup')).toBe('match');
    expect(childName('Wawan', 'Setiawan')).toBe('match');
    expect(childName('Yanto', 'Haryanto')).toBe('match');
    expect(childName('Tono', 'Sutono')).toBe('match');
    expect(childName('Ucup', 'Yunus')).toBe('mismatch');
    expect(childName('Yanto', 'Yanti')).toBe('mismatch');
    // Several names: any one of them may be the name the family knows.
    expect(
      outcomes({ clientNames: ['Botak', 'Kiki'] }, { relation: 'aunt', clientName: 'Rizki' })
        .childName,
    ).toBe('match');
  });

  it("reads the father's name after bin/binti, and a sibling's father", () => {
    expect(
      outcomes(
        { clientNames: ['Siti binti Karto'] },
        { relation: 'father', name: 'Karto Sumarno', clientName: 'Siti' },
      ),
    ).toMatchObject({ childName: 'match', fatherName: 'match' });
    expect(
      outcomes(
        { clientNames: ['Siti binti Karto'] },
        { relation: 'sibling', name: 'Joko bin Parjo', clientName: 'Siti' },
      ),
    ).toMatchObject({ childName: 'match', fatherName: 'mismatch' });
    // The father's name after bin is not held against the child's name.
    expect(
      outcomes(
        { clientNames: ['Ahmad bin Yusuf'] },
        { relation: 'uncle', clientName: 'Ahmad bin Yunus' },
      ),
    ).toMatchObject({ childName: 'match', fatherName: 'mismatch' });
  });

  it('matches region codes within a kabupaten, and place names by their words', () => {
    const place = (knownPlaces: string[], address: FamilyCandidate['address']) =>
      outcomes({ clientNames: [], places: knownPlaces }, { relation: 'other', address }).place;
    expect(place(['32.16.05'], { regionCode: '32.16.05.2003' })).toBe('match');
    expect(place(['32.16.05'], { regionCode: '32.16.07.2001' })).toBe('match');
    expect(place(['32.16'], { regionCode: '3216072001' })).toBe('match');
    expect(place(['32.16.05'], { regionCode: '32.75.01' })).toBe('mismatch');
    expect(place(['32'], { regionCode: '32.16.05' })).toBe('blank');
    expect(place(['32'], { regionCode: '33.10' })).toBe('mismatch');
    expect(place(['Bekasi'], { places: ['Kota Bekasi'] })).toBe('match');
    expect(place(['Bekasi'], { places: ['Bekasi Utara'] })).toBe('match');
    expect(place(['Tjikini'], { places: ['Cikini'] })).toBe('match');
    expect(place(['Desa Sukamaju, Kec. Cikajang'], { places: ['Cikajang'] })).toBe('match');
    expect(place(['Sukamaju'], { places: ['Sukamulya'] })).toBe('mismatch');
    expect(place(['Cikarang Barat'], { places: ['Cikarang Timur'] })).toBe('mismatch');
    // A name is not compared with a code.
    expect(place(['Bekasi'], { regionCode: '32.16' })).toBe('blank');
  });

  it('takes a parent as plausible from 14 years older, and a grandparent from 30', () => {
    const age = (relation: FamilyCandidate['relation'], ageYears: number, client = 10) =>
      outcomes({ clientNames: [], estimatedAgeYears: client }, { relation, ageYears }).age;
    expect(age('mother', 24)).toBe('match');
    expect(age('mother', 23)).toBe('mismatch');
    expect(age('mother', 60)).toBe('match');
    expect(age('mother', 61)).toBe('mismatch');
    expect(age('father', 75)).toBe('match');
    expect(age('grandmother', 40)).toBe('match');
    expect(age('grandfather', 39)).toBe('mismatch');
    expect(age('uncle', 5)).toBe('match');
    expect(age('aunt', 4)).toBe('mismatch');
    expect(age('sibling', 35)).toBe('match');
    expect(age('sibling', 36)).toBe('mismatch');
    expect(age('other', 40)).toBe('blank');
    expect(outcomes({ clientNames: [] }, { relation: 'mother', ageYears: 30 }).age).toBe('blank');
  });

  it("accepts the child's age as the family gives it within ±3 years of the estimate", () => {
    const childAge = (given: number) =>
      outcomes(
        { clientNames: [], estimatedAgeYears: 10 },
        { relation: 'aunt', clientAgeYears: given },
      ).childAge;
    expect(childAge(7)).toBe('match');
    expect(childAge(13)).toBe('match');
    expect(childAge(6)).toBe('mismatch');
    expect(childAge(14)).toBe('mismatch');
    expect(outcomes({ clientNames: [] }, { relation: 'aunt', clientAgeYears: 10 }).childAge).toBe(
      'blank',
    );
  });

  it('never calls a candidate likely on place and ages alone', () => {
    const result = scoreFamilyCandidate(
      { clientNames: ['Adek'], places: ['32.16'], estimatedAgeYears: 8 },
      {
        relation: 'mother',
        address: { regionCode: '32.16.05' },
        ageYears: 30,
        clientAgeYears: 8,
      },
    );
    expect(result.class).not.toBe('likely');
  });
});

describe('nicknames', () => {
  const key = (word: string) => normaliseName(word)[0].given[0];
  const nickname = (a: string, b: string) => isNicknameOf(key(a), key(b));

  it('knows table nicknames and name endings, either way round', () => {
    expect(nickname('Ucup', 'Yusuf')).toBe(true);
    expect(nickname('Yusup', 'Ucup')).toBe(true);
    expect(nickname('Iwan', 'Kurniawan')).toBe(true);
    expect(nickname('Ipul', 'Syaiful')).toBe(true);
    expect(nickname('Budi', 'Budiman')).toBe(true);
    expect(nickname('Yanto', 'Suryanto')).toBe(true);
    expect(nickname('Udin', 'Jamaluddin')).toBe(true);
    expect(nickname('Yanto', 'Yanti')).toBe(false);
    expect(nickname('Anto', 'Santo')).toBe(false);
    expect(nickname('Yusuf', 'Yusuf')).toBe(false);
  });

  it('knows generic nicknames and words of address', () => {
    for (const word of ['Asep', 'Ujang', 'Ucok', 'Butet', 'Adek', 'Bapak', 'Emak', 'Mbah']) {
      expect(isGenericName(key(word))).toBe(true);
    }
    for (const word of ['Yusuf', 'Budi', 'Joko', 'Sri']) {
      expect(isGenericName(key(word))).toBe(false);
    }
  });
});
