import type { ComplaintSla, ServiceStandard } from '../standards/service-standard';

/**
 * SP4N-LAPOR!'s clocks for a complaint: verified within 3 working days, followed up within 5
 * working days of verification, finished within 60 days. They apply unless the pinned standard
 * overrides them (neither seed does).
 */
export const sp4nLaporComplaintSla: ComplaintSla = Object.freeze({
  source: 'SP4N-LAPOR!',
  verify: {
    code: 'complaint-verify',
    text: { original: 'verifikasi 3 hari kerja', english: 'verify within 3 working days' },
    amount: 3,
    unit: 'workingDays',
    startsOn: ['ComplaintReceived'],
    stopsOn: ['ComplaintVerified', 'ComplaintDeclined'],
    reading: 'From receipt until the complaint is verified or declined.',
  },
  followUp: {
    code: 'complaint-follow-up',
    text: { original: 'tindak lanjut 5 hari kerja', english: 'follow up within 5 working days' },
    amount: 5,
    unit: 'workingDays',
    startsOn: ['ComplaintVerified'],
    stopsOn: ['ComplaintResponded'],
    reading: 'From verification until the complainant is answered.',
  },
  resolve: {
    code: 'complaint-resolve',
    text: { original: 'selesai 60 hari', english: 'finished within 60 days' },
    amount: 60,
    unit: 'calendarDays',
    startsOn: ['ComplaintReceived'],
    stopsOn: ['ComplaintResolved', 'ComplaintDeclined'],
    reading: 'From receipt until the complaint is resolved or declined.',
  },
}) as ComplaintSla;

/** The complaint clocks of a pinned standard: its override, else SP4N-LAPOR!'s. */
export function complaintSlaOf(
  standard: Pick<ServiceStandard, 'complaintSlaOverride'>,
): ComplaintSla {
  return standard.complaintSlaOverride ?? sp4nLaporComplaintSla;
}
