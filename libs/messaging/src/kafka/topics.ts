import { ConfigResourceTypes, type Kafka } from 'kafkajs';

export interface TopicProvisioning {
  /** Default 12, so a province can run up to 12 consumers of one group per topic. */
  partitions?: number;
  replicationFactor?: number;
  /**
   * Kafka's max.message.bytes for the topics: above the event store's event size limit plus
   * headers, so whatever was stored can always be published. Default 1 MiB + 64 KiB.
   */
  maxMessageBytes?: number;
  /**
   * Kafka's retention.ms. Default -1, kept forever: the topics carry the store's permanent
   * events, so that a service deployed later (which row-level security keeps out of other
   * services' streams) can build its state from the start of each topic it follows (ADR 0010).
   */
  retentionMs?: number;
}

export const defaultMaxMessageBytes = 1024 * 1024 + 64 * 1024;

function topicConfig(options: TopicProvisioning): Array<{ name: string; value: string }> {
  return [
    {
      name: 'max.message.bytes',
      value: String(options.maxMessageBytes ?? defaultMaxMessageBytes),
    },
    { name: 'retention.ms', value: String(options.retentionMs ?? -1) },
  ];
}

/**
 * Creates the topics that do not exist yet, and brings the message limit and retention of those
 * that exist to these settings (a topic made before retention was kept forever keeps its events
 * from then on). Partitions of existing topics are left as they are.
 */
export async function provisionTopics(
  kafka: Kafka,
  topics: string[],
  options: TopicProvisioning = {},
): Promise<void> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const existing = new Set(await admin.listTopics());
    const wanted = [...new Set(topics)];
    const missing = wanted.filter((topic) => !existing.has(topic));
    await alignExistingTopics(
      admin,
      wanted.filter((topic) => existing.has(topic)),
      topicConfig(options),
    );
    if (missing.length === 0) return;
    await createTopicsTolerantly(admin, {
      waitForLeaders: true,
      // Also how long kafkajs waits for the new partitions' leaders (default 5 s).
      timeout: 30_000,
      topics: missing.map((topic) => ({
        topic,
        numPartitions: options.partitions ?? 12,
        replicationFactor: options.replicationFactor ?? 1,
        configEntries: topicConfig(options),
      })),
    });
  } finally {
    await admin.disconnect();
  }
}

type Admin = ReturnType<Kafka['admin']>;

/** Sets the entries on existing topics whose values differ (AlterConfigs sets them all at once). */
async function alignExistingTopics(
  admin: Admin,
  topics: string[],
  entries: Array<{ name: string; value: string }>,
): Promise<void> {
  if (topics.length === 0) return;
  const described = await admin.describeConfigs({
    includeSynonyms: false,
    resources: topics.map((name) => ({ type: ConfigResourceTypes.TOPIC, name })),
  });
  const differing = described.resources
    .filter((resource) =>
      entries.some(
        (entry) =>
          resource.configEntries.find((found) => found.configName === entry.name)?.configValue !==
          entry.value,
      ),
    )
    .map((resource) => resource.resourceName);
  if (differing.length === 0) return;
  await admin.alterConfigs({
    validateOnly: false,
    resources: differing.map((name) => ({
      type: ConfigResourceTypes.TOPIC,
      name,
      configEntries: entries,
    })),
  });
}

/**
 * Another instance creating the same topic at the same moment is success, not an error. A broker
 * that has just started may answer the leader check with UNKNOWN_TOPIC_OR_PARTITION while its
 * metadata catches up with the created topics (kafkajs retries only LEADER_NOT_AVAILABLE): then
 * the metadata is asked again until it knows them.
 */
async function createTopicsTolerantly(admin: Admin, request: Parameters<Admin['createTopics']>[0]) {
  try {
    await admin.createTopics(request);
  } catch (error) {
    const failures = (error as { errors?: Array<{ type?: string }> }).errors ?? [
      error as { type?: string },
    ];
    if (failures.every((failure) => failure.type === 'TOPIC_ALREADY_EXISTS')) return;
    if (!failures.every((failure) => failure.type === 'UNKNOWN_TOPIC_OR_PARTITION')) throw error;
    await untilMetadataKnows(
      admin,
      request.topics.map((t) => t.topic),
    );
  }
}

async function untilMetadataKnows(
  admin: Admin,
  topics: string[],
  timeoutMs = 30_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      await admin.fetchTopicMetadata({ topics });
      return;
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }
}

/** The dead-letter topic of one consumer group on one topic. */
export function deadLetterTopic(topic: string, groupId: string): string {
  return `${topic}.${groupId}.dlq`;
}
