import { z } from 'zod';
import { defineEvent } from '../catalogue/define-event';
import {
  ContactPerson,
  Id,
  IsoDate,
  IsoDateTime,
  OfficeCode,
  ServiceStandardRef,
  personalNarrative,
} from './common';

/**
 * Complaints about the service (stream `complaint-<complaintId>`), through every channel the
 * office's standard names, on SP4N-LAPOR!'s clocks unless the pinned standard says otherwise. A
 * complaint may contest a case, and the exact event of it: then the envelope's caseId is that
 * case, so an auditor sees the complaint beside the decision it contests; otherwise it has no
 * caseId and its Kafka key is its stream id. A whistle-blower's identity is encrypted under a key
 * only the complaints role may use.
 */

export const ComplaintChannel = z
  .enum([
    'inPerson',
    'complaintBox',
    'smsWhatsapp',
    'phone',
    'email',
    'sp4nLapor',
    'website',
    'socialMedia',
  ])
  .describe('How the complaint came in');

export const ComplaintClassification = z
  .enum(['aspiration', 'complaint', 'informationRequest', 'whistleblowing'])
  .describe('Aspirasi, pengaduan, permintaan informasi or whistle-blowing');

/** The channel's own reference of the complaint: how the office finds it again there. */
export const ChannelReference = z
  .discriminatedUnion('kind', [
    z.object({ kind: z.literal('laporTrackingNumber'), value: z.string().min(1).max(100) }),
    z.object({ kind: z.literal('emailMessageId'), value: z.string().min(1).max(500) }),
    z.object({ kind: z.literal('boxCollectionDate'), value: IsoDate }),
    z.object({ kind: z.literal('postLink'), value: z.url().max(2000) }),
    z.object({ kind: z.literal('messageReceivedAt'), value: IsoDateTime }),
    z.object({ kind: z.literal('callReceivedAt'), value: IsoDateTime }),
    z.object({ kind: z.literal('webFormId'), value: z.string().min(1).max(100) }),
    z.object({ kind: z.literal('counterLogNumber'), value: z.string().min(1).max(100) }),
  ])
  .meta({ id: 'ChannelReference' });

/** A clock of the complaint, due in the office's calendar and time zone. */
export const ComplaintClockCode = z.enum(['verify', 'followUp', 'resolve']);

const ClockDue = z.object({
  clock: ComplaintClockCode,
  code: z
    .string()
    .min(1)
    .max(100)
    .describe("The time limit's code (SP4N-LAPOR! or the standard's)"),
  dueDate: IsoDate,
  dueAt: IsoDateTime,
});

export const ComplaintReceivedV1 = defineEvent({
  type: 'ComplaintReceived',
  version: 1,
  context: 'complaints',
  provisional: false,
  streamCategory: 'complaint',
  caseLink: 'optional',
  summary:
    "A complaint was received through one of the office's channels, with that channel's own reference; its clocks start.",
  payload: z.object({
    complaintId: Id,
    complaintNumber: z.string().min(1).max(100).describe("The office's complaint number"),
    officeCode: OfficeCode,
    serviceStandard: ServiceStandardRef,
    channel: ComplaintChannel,
    channelReference: ChannelReference.optional(),
    classification: ComplaintClassification,
    complainant: ContactPerson.optional().describe(
      "Absent when anonymous; a whistle-blower's is encrypted under a key only complaints may use",
    ),
    text: personalNarrative('The complaint as received'),
    about: z
      .object({
        caseId: Id,
        eventId: z.uuid().optional().describe('The exact case event the complaint contests'),
      })
      .optional()
      .describe('The case the complaint is about, when it names one'),
    receivedAt: IsoDateTime,
    clocks: z.array(ClockDue).describe('The clocks that start on receipt, with their due dates'),
  }),
});

export const ComplaintVerifiedV1 = defineEvent({
  type: 'ComplaintVerified',
  version: 1,
  context: 'complaints',
  provisional: false,
  streamCategory: 'complaint',
  caseLink: 'optional',
  summary:
    "The complaint was verified as within the office's authority (SP4N-LAPOR!: within 3 working days); follow-up starts.",
  payload: z.object({
    complaintId: Id,
    verifiedAt: IsoDateTime,
    clocks: z.array(ClockDue).describe('The clocks that start on verification (follow-up)'),
  }),
});

export const ComplaintDeclinedV1 = defineEvent({
  type: 'ComplaintDeclined',
  version: 1,
  context: 'complaints',
  provisional: false,
  streamCategory: 'complaint',
  caseLink: 'optional',
  summary:
    'The complaint was declined: not our authority (forwarded to a named body), a duplicate (of a named complaint), or insufficient information.',
  payload: z.object({
    complaintId: Id,
    declinedAt: IsoDateTime,
    reason: z.enum(['notOurAuthority', 'duplicate', 'insufficientInformation']),
    forwardedTo: z.string().min(1).max(300).optional().describe('Required for notOurAuthority'),
    duplicateOf: Id.optional().describe('The complaint it repeats; required for duplicate'),
    explanation: z.string().min(1).max(2000).describe('No personal data'),
  }),
});

export const ComplaintAssignedV1 = defineEvent({
  type: 'ComplaintAssigned',
  version: 1,
  context: 'complaints',
  provisional: false,
  streamCategory: 'complaint',
  caseLink: 'optional',
  summary: 'The verified complaint was assigned to a unit or an officer for follow-up.',
  payload: z.object({
    complaintId: Id,
    assignee: z.discriminatedUnion('kind', [
      z.object({ kind: z.literal('officer'), officerId: Id }),
      z.object({ kind: z.literal('unit'), unit: z.string().min(1).max(200) }),
    ]),
    previousAssignee: z.string().max(200).optional(),
  }),
});

export const ComplaintRespondedV1 = defineEvent({
  type: 'ComplaintResponded',
  version: 1,
  context: 'complaints',
  provisional: false,
  streamCategory: 'complaint',
  caseLink: 'optional',
  summary:
    'The complainant was answered, on the channel the complaint came in: e-mail sent over SMTP (or the development sink), other channels recorded as sent by the officer.',
  payload: z.object({
    complaintId: Id,
    channel: ComplaintChannel,
    template: z.object({ code: Id, version: z.int().min(1) }),
    response: personalNarrative('The reply as sent'),
    sentBy: z.enum(['smtp', 'developmentSink', 'officer']),
    messageId: z.string().max(500).optional().describe('The e-mail Message-ID, when mailed'),
    respondedAt: IsoDateTime,
  }),
});

export const ComplaintResolvedV1 = defineEvent({
  type: 'ComplaintResolved',
  version: 1,
  context: 'complaints',
  provisional: false,
  streamCategory: 'complaint',
  caseLink: 'optional',
  summary:
    "The complaint was resolved (SP4N-LAPOR!: within 60 days), with the complainant's acceptance recorded or not.",
  payload: z.object({
    complaintId: Id,
    resolvedAt: IsoDateTime,
    outcome: z.enum(['upheld', 'partlyUpheld', 'notUpheld']),
    complainantAccepted: z
      .boolean()
      .optional()
      .describe('Whether the complainant accepted the outcome; absent when not recorded'),
    summary: z.string().min(1).max(2000).describe('No personal data'),
  }),
});

export const ComplaintEscalatedV1 = defineEvent({
  type: 'ComplaintEscalated',
  version: 1,
  context: 'complaints',
  provisional: false,
  streamCategory: 'complaint',
  caseLink: 'optional',
  summary: 'The complaint was escalated to a supervisor or the province office.',
  payload: z.object({
    complaintId: Id,
    to: z.enum(['supervisor', 'provincialOffice']),
    reason: z.string().min(1).max(2000).describe('No personal data'),
  }),
});

export const ComplaintReopenedV1 = defineEvent({
  type: 'ComplaintReopened',
  version: 1,
  context: 'complaints',
  provisional: false,
  streamCategory: 'complaint',
  caseLink: 'optional',
  summary: 'A resolved or declined complaint was reopened; its completion clock runs again.',
  payload: z.object({
    complaintId: Id,
    reopenedAt: IsoDateTime,
    reason: z.string().min(1).max(2000).describe('No personal data'),
    clocks: z.array(ClockDue),
  }),
});

export const ComplaintClockPausedV1 = defineEvent({
  type: 'ComplaintClockPaused',
  version: 1,
  context: 'complaints',
  provisional: false,
  streamCategory: 'complaint',
  caseLink: 'optional',
  summary: "The complaint's running clocks were paused while waiting for the complainant.",
  payload: z.object({
    complaintId: Id,
    pausedAt: IsoDateTime,
    reason: z.enum(['waitingForComplainant']),
    note: z.string().max(1000).optional().describe('No personal data'),
  }),
});

export const ComplaintClockResumedV1 = defineEvent({
  type: 'ComplaintClockResumed',
  version: 1,
  context: 'complaints',
  provisional: false,
  streamCategory: 'complaint',
  caseLink: 'optional',
  summary:
    'The paused clocks run again, their due dates moved on by the time spent waiting for the complainant.',
  payload: z.object({
    complaintId: Id,
    resumedAt: IsoDateTime,
    clocks: z.array(ClockDue).describe('The running clocks with their new due dates'),
  }),
});

export const ComplaintSlaBreachedV1 = defineEvent({
  type: 'ComplaintSlaBreached',
  version: 1,
  context: 'complaints',
  provisional: false,
  streamCategory: 'complaint',
  caseLink: 'optional',
  summary: "A clock of the complaint passed its due time (raised once by the kit's timer).",
  payload: z.object({
    complaintId: Id,
    clock: ComplaintClockCode,
    dueAt: IsoDateTime,
  }),
});

export const complaintEvents = [
  ComplaintReceivedV1,
  ComplaintVerifiedV1,
  ComplaintDeclinedV1,
  ComplaintAssignedV1,
  ComplaintRespondedV1,
  ComplaintResolvedV1,
  ComplaintEscalatedV1,
  ComplaintReopenedV1,
  ComplaintClockPausedV1,
  ComplaintClockResumedV1,
  ComplaintSlaBreachedV1,
] as const;
