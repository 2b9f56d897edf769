import { randomUUID } from 'node:crypto';
import {
  Inject,
  Injectable,
  ServiceUnavailableException,
  type OnModuleDestroy,
} from '@nestjs/common';
import type { EventPayload } from '@dinsos/contracts';
import {
  DATABASE_POOL,
  DomainRuleViolation,
  PLATFORM_CONFIG,
  SERVICE_STANDARDS,
} from '@dinsos/platform';
import type { ServiceStandardCatalogue } from '@dinsos/service-standards';
import { createTransport, type Transporter } from 'nodemailer';
import type { Pool } from 'pg';
import type { ComplaintsConfig } from '../complaints-config';
import { letterOf, replyTemplates } from './reply-templates';

export type ComplaintChannel = EventPayload<'ComplaintReceived'>['channel'];

/** What a reply's template is filled with. */
export interface ReplyFacts {
  complaintNumber: string;
  officeCode: string;
  /** Office-local YYYY-MM-DD. */
  receivedOn: string;
  complainantName?: string;
  outcome?: 'upheld' | 'partlyUpheld' | 'notUpheld';
  /** The officer's own words. */
  body?: string;
  forwardedTo?: string;
}

export interface DraftedReply {
  template: { code: string; version: number };
  subject: string;
  text: string;
}

export interface ReplyToSend {
  channel: ComplaintChannel;
  to?: string;
  subject: string;
  text: string;
  complaintNumber: string;
}

export interface SentReply {
  sentBy: 'smtp' | 'developmentSink' | 'officer';
  messageId?: string;
}

/**
 * Replies to the complainant: drafted from the versioned templates in Bahasa Indonesia (the
 * office and its complaint contacts from the office's data), sent on the channel the complaint
 * came in. E-mail goes over SMTP where SMTP_URL is set (nodemailer), else into the development
 * mail sink (table complaint_mail_sink); every other channel is the officer's to send, and is
 * answered `officer` without sending anything. A mail server that is down or refuses the reply
 * is a 503 (nothing recorded, the officer tries again). Nothing here logs a recipient or a text.
 */
@Injectable()
export class ComplaintReplies implements OnModuleDestroy {
  private transport?: Transporter;

  constructor(
    @Inject(SERVICE_STANDARDS) private readonly standards: ServiceStandardCatalogue,
    @Inject(PLATFORM_CONFIG) private readonly config: ComplaintsConfig,
    @Inject(DATABASE_POOL) private readonly pool: Pool,
  ) {}

  /** The templates in force (the latest version of each). */
  templates(): { code: string; version: number; title: string }[] {
    return replyTemplates.map(({ code, version, title }) => ({ code, version, title }));
  }

  /** The reply drafted from a template; 422 for an unknown template or a missing fact. */
  draft(templateCode: string, facts: ReplyFacts): DraftedReply {
    const template = replyTemplates.find((candidate) => candidate.code === templateCode);
    if (!template) {
      throw new DomainRuleViolation(
        'unknown-reply-template',
        `There is no reply template ${templateCode}: use one of ${replyTemplates.map((t) => t.code).join(', ')}.`,
      );
    }
    const missing = template.requires.filter((fact) => !facts[fact]);
    if (missing.length > 0) {
      throw new DomainRuleViolation(
        'reply-facts-missing',
        `The reply template ${templateCode} needs ${missing.join(', ')}.`,
        { missing },
      );
    }
    const office = this.standards.offices.get(facts.officeCode);
    return {
      template: { code: template.code, version: template.version },
      subject: template.subject(facts, office),
      text: letterOf(template, facts, office, this.standards.complaintContacts.of(office.code)),
    };
  }

  /** Sends an e-mail reply (SMTP or the development sink); other channels are the officer's. */
  async send(reply: ReplyToSend): Promise<SentReply> {
    if (reply.channel !== 'email') return { sentBy: 'officer' };
    if (!reply.to) {
      throw new DomainRuleViolation(
        'reply-address-missing',
        'A reply by e-mail needs the address to send it to.',
      );
    }
    if (this.config.SMTP_URL) {
      this.transport ??= createTransport(this.config.SMTP_URL);
      let info: { messageId: string };
      try {
        info = (await this.transport.sendMail({
          from: this.config.MAIL_FROM,
          to: reply.to,
          subject: reply.subject,
          text: reply.text,
          headers: { 'X-Complaint-Number': reply.complaintNumber },
        })) as { messageId: string };
      } catch (error) {
        // 503, not 500: the mail server is down or refused the reply, and nothing was recorded,
        // so the officer may try again. Only nodemailer's code is kept: its message can hold
        // the recipient, which is not logged.
        const code = (error as { code?: unknown }).code;
        throw new ServiceUnavailableException(
          `The mail server did not take the reply${typeof code === 'string' ? ` (${code})` : ''}: nothing was sent or recorded. Try again in a moment.`,
        );
      }
      return { sentBy: 'smtp', messageId: info.messageId };
    }
    const messageId = `<${randomUUID()}@complaints.development-sink.invalid>`;
    await this.pool.query(
      `insert into complaint_mail_sink (message_id, complaint_number, recipient, subject, body)
       values ($1, $2, $3, $4, $5)`,
      [messageId, reply.complaintNumber, reply.to, reply.subject, reply.text],
    );
    return { sentBy: 'developmentSink', messageId };
  }

  onModuleDestroy(): void {
    this.transport?.close();
  }
}
