import { Kafka, logLevel, type KafkaConfig, type logCreator } from 'kafkajs';

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
