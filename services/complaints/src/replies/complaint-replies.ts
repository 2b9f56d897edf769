import { Injectable } from '@nestjs/common';
import type { EventPayload } from '@dinsos/contracts';

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

/** Replies to the complainant: templates in Bahasa Indonesia, SMTP or the development sink. */
@Injectable()
export class ComplaintReplies {
  templates(): { code: string; version: number; title: string }[] {
    return [];
  }

  draft(templateCode: string, facts: ReplyFacts): DraftedReply {
    return {
      template: { code: templateCode, version: 1 },
      subject: `Pengaduan ${facts.complaintNumber}`,
      text: facts.body ?? '',
    };
  }

  send(reply: ReplyToSend): Promise<SentReply> {
    void reply;
    return Promise.resolve({ sentBy: 'officer' });
  }
}
