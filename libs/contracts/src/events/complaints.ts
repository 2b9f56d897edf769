import { z } from 'zod';
import { defineEvent } from '../catalogue/define-event';
import { ContactPerson, Id, IsoDateTime, personalNarrative } from './common';

/**
 * Complaints through every channel of both standards, on SP4N-LAPOR! clocks unless the pinned
 * standard says otherwise. A complaint may have no case (then the envelope has no caseId and the
 * Kafka key is the complaint's stream id). Provisional: the complaints service's issue fixes these.
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

export const ComplaintReceivedV1 = defineEvent({
  type: 'ComplaintReceived',
  version: 1,
  context: 'complaints',
  streamCategory: 'complaint',
  caseLink: 'optional',
  summary: 'A complaint was received through one of the channels.',
  payload: z.object({
    complaintId: Id,
    channel: ComplaintChannel,
    complainant: ContactPerson.optional().describe('Absent when the complaint is anonymous'),
    text: personalNarrative('The complaint as received'),
    aboutEventId: z
      .uuid()
      .optional()
      .describe('The exact event the complaint is about, when known'),
    externalReference: z
      .string()
      .max(100)
      .optional()
      .describe('E.g. the SP4N-LAPOR! ticket number'),
    receivedAt: IsoDateTime,
  }),
});

export const ComplaintVerifiedV1 = defineEvent({
  type: 'ComplaintVerified',
  version: 1,
  context: 'complaints',
  streamCategory: 'complaint',
  caseLink: 'optional',
  summary:
    'The complaint was verified as within the office authority (SP4N-LAPOR!: within 3 working days).',
  payload: z.object({
    complaintId: Id,
    topic: z.string().min(1).max(200).describe('Classification of the complaint; no personal data'),
  }),
});

export const ComplaintDeclinedV1 = defineEvent({
  type: 'ComplaintDeclined',
  version: 1,
  context: 'complaints',
  streamCategory: 'complaint',
  caseLink: 'optional',
  summary: 'The complaint was declined, with the reason.',
  payload: z.object({
    complaintId: Id,
    reason: z.enum(['notOurAuthority', 'insufficientInformation', 'duplicate', 'other']),
    explanation: z.string().min(1).max(2000).describe('No personal data'),
    redirectedTo: z
      .string()
      .max(300)
      .optional()
      .describe('The authority the complainant was pointed to'),
  }),
});

export const ComplaintAssignedV1 = defineEvent({
  type: 'ComplaintAssigned',
  version: 1,
  context: 'complaints',
  streamCategory: 'complaint',
  caseLink: 'optional',
  summary: 'The complaint was assigned for follow-up (SP4N-LAPOR!: within 5 working days).',
  payload: z.object({
    complaintId: Id,
    assigneeId: z.string().min(1).describe('Actor id of the assignee'),
    dueAt: IsoDateTime,
  }),
});

export const ComplaintRespondedV1 = defineEvent({
  type: 'ComplaintResponded',
  version: 1,
  context: 'complaints',
  streamCategory: 'complaint',
  caseLink: 'optional',
  summary: 'The complainant was answered.',
  payload: z.object({
    complaintId: Id,
    channel: ComplaintChannel,
    response: personalNarrative('The response as sent'),
    respondedAt: IsoDateTime,
  }),
});

export const ComplaintResolvedV1 = defineEvent({
  type: 'ComplaintResolved',
  version: 1,
  context: 'complaints',
  streamCategory: 'complaint',
  caseLink: 'optional',
  summary: 'The complaint was resolved (SP4N-LAPOR!: within 60 days).',
  payload: z.object({
    complaintId: Id,
    outcome: z.enum(['upheld', 'partlyUpheld', 'notUpheld']),
    summary: z.string().min(1).max(2000).describe('No personal data'),
  }),
});

export const ComplaintEscalatedV1 = defineEvent({
  type: 'ComplaintEscalated',
  version: 1,
  context: 'complaints',
  streamCategory: 'complaint',
  caseLink: 'optional',
  summary: 'The complaint was escalated.',
  payload: z.object({
    complaintId: Id,
    to: z.enum(['supervisor', 'headOfOffice', 'provincialOffice', 'sp4nLapor']),
    reason: z.string().min(1).max(2000).describe('No personal data'),
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
] as const;
