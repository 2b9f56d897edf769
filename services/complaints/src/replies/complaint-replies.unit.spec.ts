import { DomainRuleViolation } from '@dinsos/platform';
import { serviceStandards } from '@dinsos/service-standards';
import type { Pool } from 'pg';
import type { ComplaintsConfig } from '../complaints-config';
import { ComplaintReplies, type ReplyFacts } from './complaint-replies';

const config = { MAIL_FROM: 'Pengaduan <pengaduan@dinsos.invalid>' } as ComplaintsConfig;
const replies = new ComplaintReplies(serviceStandards, config, {} as Pool);
const facts: ReplyFacts = {
  complaintNumber: 'ADU/3603/2026/0007',
  officeCode: '3603',
  receivedOn: '2026-03-05',
};

describe('reply templates', () => {
  it('lists the six templates, each versioned and titled in Bahasa Indonesia', () => {
    expect(replies.templates().map((t) => t.code)).toEqual([
      'receipt',
      'verified',
      'declinedNotOurAuthority',
      'declinedInsufficientInformation',
      'response',
      'resolved',
    ]);
    for (const template of replies.templates()) expect(template.version).toBe(1);
  });

  it("names the office and its own contacts, never Bekasi's building", () => {
    const receipt = replies.draft('receipt', facts);
    expect(receipt.template).toEqual({ code: 'receipt', version: 1 });
    expect(receipt.subject).toBe('Tanda Terima Pengaduan Nomor ADU/3603/2026/0007');
    expect(receipt.text).toContain('Dinas Sosial Kabupaten Tangerang');
    expect(receipt.text).toContain('5 Maret 2026');
    expect(receipt.text).toContain('Online melalui SP4N-LAPOR!');
    expect(receipt.text).not.toMatch(/Bekasi|Graha Wibawa Mukti/);
    const province = replies.draft('verified', { ...facts, officeCode: '36' }).text;
    expect(province).toContain('SMS/WA: 081288475883');
    expect(province).toContain('Email: dinsos@bantenprov.go.id');
    expect(province).toContain('Instagram: dinsosbanten.go.id_official');
  });

  it("fills in the forwarding body, the officer's words and the outcome", () => {
    expect(
      replies.draft('declinedNotOurAuthority', { ...facts, forwardedTo: 'Ombudsman RI' }).text,
    ).toContain('teruskan kepada Ombudsman RI');
    expect(
      replies.draft('response', { ...facts, body: 'Bantuan telah disalurkan.' }).text,
    ).toContain('Bantuan telah disalurkan.');
    expect(replies.draft('resolved', { ...facts, outcome: 'partlyUpheld' }).text).toContain(
      'terbukti sebagian',
    );
    expect(replies.draft('receipt', { ...facts, complainantName: 'Siti' }).text).toMatch(
      /^Yth\. Sdr\. Siti,/,
    );
    expect(replies.draft('receipt', facts).text).toMatch(/^Yth\. Bapak\/Ibu Pengadu,/);
  });

  it('refuses an unknown template and a missing fact', () => {
    expect(() => replies.draft('nope', facts)).toThrow(DomainRuleViolation);
    expect(() => replies.draft('declinedNotOurAuthority', facts)).toThrow(/forwardedTo/);
    expect(() => replies.draft('response', facts)).toThrow(/body/);
    expect(() => replies.draft('resolved', facts)).toThrow(/outcome/);
  });

  it('sends nothing for channels other than e-mail', async () => {
    for (const channel of ['inPerson', 'phone', 'sp4nLapor', 'socialMedia'] as const) {
      await expect(
        replies.send({ channel, subject: 's', text: 't', complaintNumber: 'x' }),
      ).resolves.toEqual({ sentBy: 'officer' });
    }
    await expect(
      replies.send({ channel: 'email', subject: 's', text: 't', complaintNumber: 'x' }),
    ).rejects.toThrow(DomainRuleViolation);
  });
});
