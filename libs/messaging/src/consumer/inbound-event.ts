import type { ReceivedEvent } from '@dinsos/contracts';
import type { RawMessage } from './raw-message';

/** What a consumer's handlers see of a message, once decoded and validated against the catalogue. */
export interface InboundEvent {
  eventId: string;
  type: string;
  schemaVersion: number;
  /** The Kafka key: the caseId, or the stream id of an event without a case. */
  caseKey: string;
  officeCode?: string;
  correlationId?: string;
  causationId?: string | null;
  payload: unknown;
  topic: string;
  /** The whole decoded CloudEvent (envelope and payload), when the contracts decoded it. */
  received?: ReceivedEvent;
}

/** Thrown by a decoder for a message that can never be handled (it goes to the DLQ at once). */
export class UndecodableMessage extends Error {
  constructor(readonly reason: string) {
    super(reason);
    this.name = 'UndecodableMessage';
  }
}

export type Decode = (message: RawMessage) => InboundEvent;
