import {
  Kafka,
  logLevel,
  Partitioners,
  type KafkaConfig,
  type logCreator,
  type Producer,
  type ProducerConfig,
} from 'kafkajs';

export interface KafkaClientOptions {
  brokers: string[];
  clientId: string;
  /** kafkajs log level; WARN by default so a broker outage shows without flooding the logs. */
  level?: logLevel;
  /** How long a client keeps retrying a request (for example while the broker restarts). */
  maxRetryTimeMs?: number;
  /** Routes kafkajs's own log lines (e.g. into the service's JSON logger). */
  logCreator?: logCreator;
}

/**
 * The one place the Kafka client is configured. kafkajs 2.2.4 stays behind this lib's small
 * interface (this factory, EventRelay, EventConsumer, provisionTopics) so services never import it.
 */
export function createKafkaClient(options: KafkaClientOptions): Kafka {
  const config: KafkaConfig = {
    clientId: options.clientId,
    brokers: options.brokers,
    logLevel: options.level ?? logLevel.WARN,
    logCreator: options.logCreator,
    connectionTimeout: 3000,
    requestTimeout: 30_000,
    retry: {
      initialRetryTime: 200,
      maxRetryTime: 5000,
      retries: Math.max(5, Math.ceil((options.maxRetryTimeMs ?? 60_000) / 5000)),
    },
  };
  return new Kafka(config);
}

/**
 * The producer every part of this lib uses: idempotent, one request in flight (so a retry cannot
 * reorder a key's messages), and the Java client's partitioner, so a case's key lands on the same
 * partition whichever client wrote it (this also silences kafkajs's partitioner notice).
 */
export function createIdempotentProducer(
  kafka: Kafka,
  overrides: Partial<ProducerConfig> = {},
): Producer {
  return kafka.producer({
    idempotent: true,
    maxInFlightRequests: 1,
    createPartitioner: Partitioners.DefaultPartitioner,
    ...overrides,
  });
}
