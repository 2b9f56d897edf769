import type { ComplaintContact, Office } from '@dinsos/service-standards';
import type { ReplyFacts } from './complaint-replies';
import { formatDate } from '@dinsos/documents';

/**
 * The replies to a complainant, in Bahasa Indonesia, versioned: a reply records the template's
 * code and version it was drafted from (ComplaintResponded.template). A wording change is a new
 * version, never an edit of a version already sent.
 */
export interface ReplyTemplate {
  code: string;
  version: number;
  title: string;
  /** The facts it cannot be drafted without. */
  requires: readonly (keyof ReplyFacts)[];
  subject(facts: ReplyFacts, office: Office): string;
  /** The letter's body, between the salutation and the office's contacts. */
  body(facts: ReplyFacts, office: Office): string;
}

const outcomes: Record<NonNullable<ReplyFacts['outcome']>, string> = {
  upheld: 'pengaduan Saudara dinyatakan terbukti dan telah ditindaklanjuti',
  partlyUpheld: 'pengaduan Saudara dinyatakan terbukti sebagian dan telah ditindaklanjuti',
  notUpheld: 'pengaduan Saudara tidak terbukti',
};

const received = (facts: ReplyFacts) =>
  `pengaduan Saudara dengan nomor ${facts.complaintNumber} yang kami terima pada tanggal ${formatDate(facts.receivedOn)}`;

export const replyTemplates: readonly ReplyTemplate[] = [
  {
    code: 'receipt',
    version: 1,
    title: 'Tanda terima pengaduan',
    requires: [],
    subject: (facts) => `Tanda Terima Pengaduan Nomor ${facts.complaintNumber}`,
    body: (facts, office) =>
      `Terima kasih atas ${received(facts)}. Pengaduan Saudara telah tercatat dan akan diverifikasi oleh ${office.officeName} paling lambat 3 (tiga) hari kerja. Status pengaduan dapat Saudara periksa dengan nomor pengaduan dan kode rahasia yang diberikan saat pengaduan diterima.`,
  },
  {
    code: 'verified',
    version: 1,
    title: 'Pengaduan diverifikasi dan sedang ditindaklanjuti',
    requires: [],
    subject: (facts) => `Pengaduan Nomor ${facts.complaintNumber} Sedang Ditindaklanjuti`,
    body: (facts, office) =>
      `Dengan hormat, kami sampaikan bahwa ${received(facts)} telah diverifikasi dan termasuk kewenangan ${office.officeName}. Pengaduan Saudara sedang ditindaklanjuti, dan tanggapan akan kami sampaikan paling lambat 5 (lima) hari kerja.`,
  },
  {
    code: 'declinedNotOurAuthority',
    version: 1,
    title: 'Pengaduan bukan kewenangan kami (diteruskan)',
    requires: ['forwardedTo'],
    subject: (facts) => `Pengaduan Nomor ${facts.complaintNumber} Diteruskan`,
    body: (facts, office) =>
      `Dengan hormat, setelah kami verifikasi, ${received(facts)} bukan merupakan kewenangan ${office.officeName}. Pengaduan Saudara telah kami teruskan kepada ${facts.forwardedTo ?? ''} untuk ditindaklanjuti sesuai kewenangannya.`,
  },
  {
    code: 'declinedInsufficientInformation',
    version: 1,
    title: 'Pengaduan tidak dapat diproses: informasi kurang',
    requires: [],
    subject: (facts) => `Pengaduan Nomor ${facts.complaintNumber} Memerlukan Informasi Tambahan`,
    body: (facts) =>
      `Dengan hormat, ${received(facts)} belum dapat kami proses karena informasi yang disampaikan belum mencukupi. Saudara dapat menyampaikan kembali pengaduan dengan keterangan yang lebih lengkap (waktu, tempat, layanan dan pihak yang diadukan) melalui salah satu saluran di bawah ini.`,
  },
  {
    code: 'response',
    version: 1,
    title: 'Tanggapan atas pengaduan',
    requires: ['body'],
    subject: (facts) => `Tanggapan atas Pengaduan Nomor ${facts.complaintNumber}`,
    body: (facts) =>
      `Dengan hormat, menindaklanjuti ${received(facts)}, bersama ini kami sampaikan tanggapan sebagai berikut:\n\n${facts.body ?? ''}`,
  },
  {
    code: 'resolved',
    version: 1,
    title: 'Pengaduan selesai',
    requires: ['outcome'],
    subject: (facts) => `Penyelesaian Pengaduan Nomor ${facts.complaintNumber}`,
    body: (facts, office) =>
      `Dengan hormat, kami sampaikan bahwa ${received(facts)} telah selesai ditangani oleh ${office.officeName}: ${outcomes[facts.outcome ?? 'notUpheld']}.${facts.body ? `\n\n${facts.body}` : ''}\n\nApabila Saudara belum puas dengan penyelesaian ini, Saudara dapat menyampaikannya kembali melalui salah satu saluran di bawah ini.`,
  },
];

/** The letter: salutation, the template's body, the office's complaint contacts, signature. */
export function letterOf(
  template: ReplyTemplate,
  facts: ReplyFacts,
  office: Office,
  contacts: readonly ComplaintContact[],
): string {
  const salutation = facts.complainantName
    ? `Yth. Sdr. ${facts.complainantName},`
    : 'Yth. Bapak/Ibu Pengadu,';
  const channels =
    contacts.length > 0
      ? `\n\nLayanan pengaduan ${office.officeName}:\n${contacts.map((c) => `- ${c.text}`).join('\n')}`
      : '';
  return `${salutation}\n\n${template.body(facts, office)}${channels}\n\nHormat kami,\nPejabat Pengelola Pengaduan\n${office.officeName}\n`;
}
