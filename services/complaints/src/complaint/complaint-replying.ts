import { Inject, Injectable } from '@nestjs/common';
import { officeCovers, type AuthenticatedActor } from '@dinsos/auth';
import type { EncryptedField } from '@dinsos/contracts';
import type { EventStore, RecordedEvent } from '@dinsos/event-store';
import {
  DomainRuleViolation,
  EVENT_STORE,
  PersonalFields,
  foldEvents,
  type CommandContext,
} from '@dinsos/platform';
import { ComplaintReplies } from '../replies/complaint-replies';
import { ComplaintCommands, type PreparedComplaintCommand } from './complaint-commands';
import {
  complaintCommandAllowedIn,
  complaintDecider,
  complaintStreamId,
  type ComplaintState,
} from './complaint.decider';
import type { RespondBody } from './complaint.requests';

/**
 * The reply to the complainant: drafted from the template, sent on the complaint's channel
 * (e-mail to the complainant's address, decrypted for complaint handling; any other channel
 * recorded as sent by the officer), and recorded encrypted under the complainant's key (the
 * complaint's own when anonymous). Sent before the command's transaction: sent only when the
 * complaint may be answered now, and never twice for one Idempotency-Key.
 */
@Injectable()
export class ComplaintReplying {
  constructor(
    private readonly complaints: ComplaintCommands,
    private readonly replies: ComplaintReplies,
    private readonly fields: PersonalFields,
    @Inject(EVENT_STORE) private readonly store: EventStore<unknown>,
  ) {}

  async respond(
    context: CommandContext,
    complaintId: string,
    state: ComplaintState,
    body: RespondBody,
  ): Promise<PreparedComplaintCommand> {
    const respondedAt = this.complaints.now();
    const events = await this.store.readStream(complaintStreamId(complaintId));
    const replayed = events.some(
      (event) => event.eventId === this.complaints.firstEventId(context),
    );
    if (replayed || !complaintCommandAllowedIn.RecordResponse!.includes(state.status)) {
      // A retry of an answered request (the kit answers it again from its record), or a reply
      // out of order (the decider refuses it in words): nothing is drafted, nothing sent.
      return {
        command: {
          type: 'RecordResponse',
          template: { code: body.templateCode, version: 1 },
          response: notSent,
          sentBy: 'officer',
          respondedAt,
        },
      };
    }
    const access = { actor: context.actor, purpose: 'complaintHandling' as const };
    const received = events.find((event) => event.type === 'ComplaintReceived') as RecordedEvent;
    const person = (received.payload as { complainant?: Record<string, unknown> }).complainant;
    const complainant = person ? await this.fields.decryptObject(person, access) : undefined;
    const whistleblowing = state.classification === 'whistleblowing';
    const name = complainant?.name;
    const drafted = this.replies.draft(body.templateCode, {
      complaintNumber: state.complaintNumber!,
      officeCode: state.officeCode!,
      receivedOn: this.complaints.standards.offices.localDate(state.officeCode!, state.receivedAt!),
      // A whistle-blower's name stays out of the reply's record (supervisors read replies).
      ...(typeof name === 'string' && !whistleblowing ? { complainantName: name } : {}),
      body: body.text,
      ...(body.outcome ? { outcome: body.outcome } : {}),
    });
    const email = complainant?.email;
    const to = state.channel === 'email' && typeof email === 'string' ? email : undefined;
    // An e-mail complaint whose complainant left no address (anonymous) is answered by the
    // officer in the thread of its Message-ID: recorded as sent by the officer, nothing mailed.
    const sent =
      state.channel === 'email' && !to
        ? { sentBy: 'officer' as const }
        : await this.replies.send({
            channel: state.channel!,
            ...(to ? { to } : {}),
            subject: drafted.subject,
            text: drafted.text,
            complaintNumber: state.complaintNumber!,
          });
    return {
      command: {
        type: 'RecordResponse',
        template: drafted.template,
        response: (await this.fields.encrypt(
          this.complaints.textSubjectOf(state),
          drafted.text,
        )) as EncryptedField,
        sentBy: sent.sentBy,
        ...(sent.messageId ? { messageId: sent.messageId } : {}),
        respondedAt,
      },
    };
  }

  /** The complaint a duplicate names: received, in an office the actor serves. */
  async requireComplaint(complaintId: string, actor: AuthenticatedActor): Promise<void> {
    const state = foldEvents(
      complaintDecider,
      (await this.store.readStream(complaintStreamId(complaintId))) as never,
    );
    if (
      state.status === 'notReceived' ||
      !state.officeCode ||
      !officeCovers(actor.officeCode, state.officeCode)
    ) {
      throw new DomainRuleViolation(
        'duplicate-of-unknown',
        `There is no complaint ${complaintId} in the offices you serve for this one to repeat.`,
      );
    }
  }
}

/** Never stored: the decider refuses (or the kit replays) before an event is made of it. */
const notSent = { keyId: 'not-sent', iv: '', ct: '', tag: '' } as unknown as EncryptedField;
