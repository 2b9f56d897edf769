import { ContractViolationError, fromKafkaMessage } from '@dinsos/contracts';
import { UndecodableMessage, type InboundEvent } from './inbound-event';
import type { RawMessage } from './raw-message';

/**
 * Decodes a CloudEvents message with the contracts (headers, known type, schema, upcast to the
 * latest version). Contract violations become UndecodableMessage with the contracts' reason, so the
 * consumer dead-letters them at once with that reason.
 */
export function decodeCloudEvent(message: RawMessage): InboundEvent {
  try {
    const event = fromKafkaMessage(message);
    return {
      eventId: event.eventId,
      type: event.type,
      schemaVersion: event.schemaVersion,
      caseKey: event.subject,
      officeCode: event.officeCode,
      correlationId: event.correlationId,
      causationId: event.causationId,
      payload: event.payload,
      topic: message.topic,
      received: event,
    };
  } catch (error) {
    if (error instanceof ContractViolationError) {
      throw new UndecodableMessage(`${error.reason}: ${error.message}`);
    }
    throw new UndecodableMessage(`undecodable: ${String(error)}`);
  }
}
