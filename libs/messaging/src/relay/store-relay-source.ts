import { contexts, contextOfService, toKafkaMessage, type ServiceName } from '@dinsos/contracts';
import { Position, type EventStore } from '@dinsos/event-store';
import type { RelayItem, RelaySource } from './event-relay';

/**
 * The relay source of one service: its own stream categories (from the contracts' names table),
 * read from the event store by global position, each event as a CloudEvents Kafka message.
 * `topicPrefix` keeps test runs apart on a shared broker.
 */
export function relaySourceFromStore(
  store: EventStore<unknown>,
  service: ServiceName,
  options: { topicPrefix?: string } = {},
): RelaySource {
  const context = contexts[contextOfService(service)];
  const topic = `${options.topicPrefix ?? ''}${context.topic}`;
  return async (after, maxCount) => {
    const events = await store.readAll({
      from: after === undefined ? undefined : Position.parse(after),
      filter: { categories: context.streamCategories },
      maxCount,
    });
    return events.map((event): RelayItem => ({
      position: event.position.toString(),
      topic,
      message: toKafkaMessage(event, { service }),
    }));
  };
}
