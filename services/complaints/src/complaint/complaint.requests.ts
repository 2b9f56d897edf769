import {
  ChannelReference,
  ComplaintChannel,
  ComplaintClassification,
  schemas,
} from '@dinsos/contracts';
import { PersonBody } from '@dinsos/platform';
import { z } from 'zod';

const words = (max: number) => z.string().trim().min(1).max(max);

/**
 * The reference kind each channel gives a complaint: how the office finds it again there. In
 * person the counter's log number, when the counter keeps one.
 */
export const referenceKindOfChannel: Record<
  z.infer<typeof ComplaintChannel>,
  z.infer<typeof ChannelReference>['kind']
> = {
  inPerson: 'counterLogNumber',
  complaintBox: 'boxCollectionDate',
  smsWhatsapp: 'messageReceivedAt',
  phone: 'callReceivedAt',
  email: 'emailMessageId',
  sp4nLapor: 'laporTrackingNumber',
  website: 'webFormId',
  socialMedia: 'postLink',
};

/** The complainant as the officer records them; `email` is where a reply by e-mail goes. */
export const ComplainantBody = PersonBody.extend({
  email: z.email().max(254).optional().describe('Where a reply by e-mail goes'),
});
export type ComplainantBody = z.infer<typeof ComplainantBody>;

export const ReceiveComplaintBody = z
  .strictObject({
    officeCode: schemas.OfficeCode.optional().describe(
      "The receiving office; default the officer's own (a province officer may name a regency)",
    ),
    standardCode: words(100)
      .optional()
      .describe('The standard to pin, when the office runs several'),
    channel: ComplaintChannel,
    channelReference: ChannelReference.optional().describe(
      "The channel's own reference: required on every channel but in person",
    ),
    classification: ComplaintClassification,
    complainant: ComplainantBody.optional().describe('Absent: anonymous'),
    text: words(20_000).describe('The complaint as received'),
    about: z
      .strictObject({ caseId: schemas.Id, eventId: z.uuid().optional() })
      .optional()
      .describe('The case (and the exact event of it) the complaint contests'),
  })
  .superRefine((body, context) => {
    const kind = referenceKindOfChannel[body.channel];
    if (!body.channelReference) {
      if (body.channel !== 'inPerson') {
        context.addIssue({
          code: 'custom',
          path: ['channelReference'],
          message: `a complaint by ${body.channel} is received with its ${kind}`,
        });
      }
      return;
    }
    if (body.channelReference.kind !== kind) {
      context.addIssue({
        code: 'custom',
        path: ['channelReference', 'kind'],
        message: `a complaint by ${body.channel} is referenced by its ${kind}`,
      });
    }
  });
export type ReceiveComplaintBody = z.infer<typeof ReceiveComplaintBody>;

export const ComplaintParams = z.strictObject({ complaintId: z.uuid() });

export const DeclineBody = z
  .strictObject({
    reason: z.enum(['notOurAuthority', 'duplicate', 'insufficientInformation']),
    forwardedTo: words(300).optional().describe('The body it was forwarded to (notOurAuthority)'),
    duplicateOf: z.uuid().optional().describe('The complaint it repeats (duplicate)'),
    explanation: words(2000).describe('No personal data'),
  })
  .superRefine((body, context) => {
    if (body.reason === 'notOurAuthority' && !body.forwardedTo) {
      context.addIssue({
        code: 'custom',
        path: ['forwardedTo'],
        message: 'name the body a complaint outside our authority is forwarded to',
      });
    }
    if (body.reason === 'duplicate' && !body.duplicateOf) {
      context.addIssue({
        code: 'custom',
        path: ['duplicateOf'],
        message: 'name the complaint this one repeats',
      });
    }
    if (body.reason !== 'notOurAuthority' && body.forwardedTo) {
      context.addIssue({
        code: 'custom',
        path: ['forwardedTo'],
        message: 'only a complaint outside our authority is forwarded',
      });
    }
    if (body.reason !== 'duplicate' && body.duplicateOf) {
      context.addIssue({
        code: 'custom',
        path: ['duplicateOf'],
        message: 'only a duplicate names the complaint it repeats',
      });
    }
  });
export type DeclineBody = z.infer<typeof DeclineBody>;

export const AssignBody = z.strictObject({
  assignee: z.discriminatedUnion('kind', [
    z.strictObject({ kind: z.literal('officer'), officerId: schemas.Id }),
    z.strictObject({ kind: z.literal('unit'), unit: words(200) }),
  ]),
});
export type AssignBody = z.infer<typeof AssignBody>;

export const RespondBody = z.strictObject({
  templateCode: words(100).describe('The reply template (Bahasa Indonesia)'),
  text: words(10_000).describe("The officer's own words in the reply"),
  outcome: z
    .enum(['upheld', 'partlyUpheld', 'notUpheld'])
    .optional()
    .describe('The outcome the reply announces (the `resolved` template needs it)'),
});
export type RespondBody = z.infer<typeof RespondBody>;

export const ResolveBody = z.strictObject({
  outcome: z.enum(['upheld', 'partlyUpheld', 'notUpheld']),
  complainantAccepted: z
    .boolean()
    .optional()
    .describe("The complainant's acceptance; absent when not recorded"),
  summary: words(2000).describe('No personal data'),
});
export type ResolveBody = z.infer<typeof ResolveBody>;

export const EscalateBody = z.strictObject({
  to: z.enum(['supervisor', 'provincialOffice']),
  reason: words(2000).describe('No personal data'),
});
export type EscalateBody = z.infer<typeof EscalateBody>;

export const ReopenBody = z.strictObject({ reason: words(2000).describe('No personal data') });
export type ReopenBody = z.infer<typeof ReopenBody>;

export const PauseBody = z.strictObject({
  note: words(1000).optional().describe('No personal data'),
});
export type PauseBody = z.infer<typeof PauseBody>;

export const ResumeBody = z.strictObject({});

export const ComplaintViewQuery = z.strictObject({
  purpose: z
    .enum(['complaintHandling', 'audit'])
    .optional()
    .describe('Why personal fields are read; without one they are withheld'),
});
export type ComplaintViewQuery = z.infer<typeof ComplaintViewQuery>;
