import {
  contexts,
  isEventType,
  latestEventDefinition,
  owningContextOf,
  serviceNames,
} from '@dinsos/contracts';
import type { NewEvent } from '@dinsos/event-store';
import { randomUUID } from 'node:crypto';
import { assertValidPayload } from './other-context-events';

type Payload = Record<string, unknown>;

/** One of the service's own events, as a test seeds the store with it (ServiceDeployment.append). */
export interface OwnEvent extends Partial<Omit<NewEvent<Payload>, 'type' | 'payload'>> {
  /** An event type of the service's own context (any name for a service the contracts lack). */
  type: string;
  /** The owning office. */
  officeCode: string;
  payload: Payload;
  /**
   * Default `<the type's category>-<caseId>`; required for a type the contracts do not have.
   */
  streamId?: string;
  /** Append even when the payload breaks its schema (to see what a read model does with it). */
  skipValidation?: boolean;
}

/** An own event as appended: the event with its stream, revision and position. */
export type AppendedOwnEvent = NewEvent<Payload> & {
  streamId: string;
  streamRevision: number;
  position: string;
};

/**
 * Fills the envelope the way the service's write path would (ids, latest schema version, a
 * service actor of the owning office, no causation) and checks the type and payload against the
 * contracts: a service of the contracts appends only its own context's types, so a test cannot
 * seed what the service never would.
 */
export function ownEvent(
  input: OwnEvent,
  defaults: { service: string; occurredAt: string },
): { streamId: string; event: NewEvent<Payload> } {
  const { skipValidation, streamId: givenStreamId, payload, ...envelope } = input;
  const contractsService = (serviceNames as readonly string[]).includes(defaults.service);
  let streamId = givenStreamId;
  let schemaVersion = input.schemaVersion ?? 1;
  if (isEventType(input.type)) {
    const definition = latestEventDefinition(input.type);
    const owner = contexts[owningContextOf(input.type)].service;
    if (contractsService && owner !== defaults.service) {
      throw new Error(
        `${input.type} is ${owner}'s, not ${defaults.service}'s: put another context's events on Kafka with publish()`,
      );
    }
    if (definition.caseLink === 'required' && !input.caseId) {
      throw new Error(`${input.type} belongs to a case: give its caseId`);
    }
    schemaVersion = input.schemaVersion ?? definition.version;
    if (!skipValidation) assertValidPayload(input.type, schemaVersion, payload);
    streamId ??= `${definition.streamCategory}-${input.caseId ?? randomUUID()}`;
  } else if (contractsService) {
    throw new Error(`${input.type} is no event type of the contracts (libs/contracts/src/events)`);
  }
  if (!streamId) throw new Error(`${input.type} is not in the contracts: give its streamId`);
  return {
    streamId,
    event: {
      eventId: randomUUID(),
      subjectIds: [],
      occurredAt: defaults.occurredAt,
      actor: { id: `${defaults.service}:test`, role: 'service', officeCode: input.officeCode },
      correlationId: randomUUID(),
      causationId: null,
      ...envelope,
      schemaVersion,
      type: input.type,
      payload,
    },
  };
}
