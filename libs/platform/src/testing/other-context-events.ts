import {
  contexts,
  examples,
  isEventType,
  latestEventDefinition,
  toKafkaMessage,
  validateEvent,
  type EventForWire,
  type ServiceName,
} from '@dinsos/contracts';
import {
  createIdempotentProducer,
  provisionTopics,
  type createKafkaClient,
} from '@dinsos/messaging';
import { randomUUID } from 'node:crypto';

/** An event of another context, as a test puts it on Kafka for the service under test. */
export interface OtherContextEvent extends Partial<Omit<EventForWire, 'type' | 'payload'>> {
  /** An event type of the contracts; its context names the topic and the publishing service. */
  type: string;
  /** The owning office (`ce_officecode`). */
  officeCode: string;
  /**
   * Fields laid over the contracts' example payload of this type (`examples.example<Type>()`),
   * or the whole payload when the contracts have no example of it.
   */
  payload?: Record<string, unknown>;
  /** Publish even when the payload breaks its schema (to see the service dead-letter it). */
  skipValidation?: boolean;
}

/** The whole event as the other context's relay would publish it, and where. */
export interface EventOnTheWire {
  event: EventForWire;
  service: ServiceName;
  /** The topic as in the contracts (no prefix). */
  topic: string;
}

function examplePayloadOf(type: string): Record<string, unknown> | undefined {
  const example = (examples as Record<string, unknown>)[`example${type}`];
  return typeof example === 'function' ? (example as () => Record<string, unknown>)() : undefined;
}

/** Throws, naming every problem, when a payload breaks its type's schema in the contracts. */
export function assertValidPayload(type: string, schemaVersion: number, payload: unknown): void {
  const checked = validateEvent(type, schemaVersion, payload);
  if (!checked.ok) {
    throw new Error(
      `${type} v${schemaVersion} payload breaks its schema: ${checked.issues
        .map((issue) => `${issue.path}: ${issue.message}`)
        .join('; ')}`,
    );
  }
}

/**
 * Fills the envelope the way the other context's store and relay would (ids, stream of the
 * type's category, latest schema version) and checks the payload against the catalogue, so a
 * test cannot publish by mistake what a real service never would.
 */
export function otherContextEvent(
  input: OtherContextEvent,
  defaults: { occurredAt: string; streamRevisionOf: (streamId: string) => number },
): EventOnTheWire {
  if (!isEventType(input.type)) {
    throw new Error(`${input.type} is no event type of the contracts (libs/contracts/src/events)`);
  }
  const definition = latestEventDefinition(input.type);
  const context = contexts[definition.context];
  const { skipValidation, payload: fields, ...envelope } = input;
  const example = examplePayloadOf(input.type);
  if (!example && !fields) {
    throw new Error(`the contracts have no example of ${input.type}: give its payload`);
  }
  const payload = { ...example, ...fields };
  const schemaVersion = input.schemaVersion ?? definition.version;
  if (!skipValidation) assertValidPayload(input.type, schemaVersion, payload);
  if (definition.caseLink === 'required' && !input.caseId) {
    throw new Error(`${input.type} belongs to a case: give its caseId`);
  }
  const streamId = input.streamId ?? `${definition.streamCategory}-${input.caseId ?? randomUUID()}`;
  const occurredAt = input.occurredAt ?? defaults.occurredAt;
  const event: EventForWire = {
    eventId: randomUUID(),
    schemaVersion,
    streamId,
    streamRevision: defaults.streamRevisionOf(streamId),
    subjectIds: [],
    occurredAt,
    recordedAt: occurredAt,
    actor: { id: `${context.service}:test`, role: 'service', officeCode: input.officeCode },
    correlationId: randomUUID(),
    causationId: null,
    ...envelope,
    type: input.type,
    payload,
  };
  return { event, service: context.service, topic: context.topic };
}

/**
 * Puts other contexts' events on Kafka as their relays do: CloudEvents in binary mode
 * (contracts' toKafkaMessage), keyed by case, through messaging's idempotent producer, on the
 * context's topic with the test's prefix.
 */
export class OtherContextPublisher {
  private producer?: ReturnType<typeof createIdempotentProducer>;
  private readonly provisioned = new Set<string>();
  private readonly revisions = new Map<string, number>();

  constructor(
    private readonly kafka: ReturnType<typeof createKafkaClient>,
    private readonly topicPrefix: string,
    private readonly now: () => Date,
  ) {}

  async publish(input: OtherContextEvent): Promise<EventForWire> {
    const { event, service, topic } = otherContextEvent(input, {
      occurredAt: this.now().toISOString(),
      streamRevisionOf: (streamId) => {
        const next = (this.revisions.get(streamId) ?? -1) + 1;
        this.revisions.set(streamId, next);
        return next;
      },
    });
    const prefixed = `${this.topicPrefix}${topic}`;
    if (!this.provisioned.has(prefixed)) {
      await provisionTopics(this.kafka, [prefixed]);
      this.provisioned.add(prefixed);
    }
    if (!this.producer) {
      this.producer = createIdempotentProducer(this.kafka);
      await this.producer.connect();
    }
    await this.producer.send({
      topic: prefixed,
      messages: [toKafkaMessage(event, { service })],
      acks: -1,
    });
    return event;
  }

  async close(): Promise<void> {
    await this.producer?.disconnect();
    this.producer = undefined;
  }
}
