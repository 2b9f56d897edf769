import type { IHeaders, Kafka } from 'kafkajs';
import { replayGroupHeader } from '../consumer/event-consumer';
import { headerText } from '../consumer/raw-message';
import { deadLetterTopic } from '../kafka/topics';
import { createIdempotentProducer } from '../kafka/kafka-client';

export interface DeadLetter {
  offset: string;
  key: string | null;
  eventId?: string;
  type?: string;
  reason?: string;
  error?: string;
  originalTopic?: string;
  originalOffset?: string;
  failedAt?: string;
  /** True once `replayDeadLetters` has republished it. */
  replayed: boolean;
  headers: IHeaders;
  value: Buffer | null;
}

/** The group that remembers (by committed offset) which dead letters were replayed. */
function replayerGroup(groupId: string): string {
  return `${groupId}.dlq-replayer`;
}

async function readAll(kafka: Kafka, topic: string, groupId: string): Promise<DeadLetter[]> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const [ends, [committed]] = await Promise.all([
      admin.fetchTopicOffsets(topic),
      admin.fetchOffsets({ groupId: replayerGroup(groupId), topics: [topic] }),
    ]);
    const replayedBelow = Number(committed?.partitions[0]?.offset ?? -1);
    const end = Number(ends[0]?.high ?? 0);
    const start = Number(ends[0]?.low ?? 0);
    if (end <= start) return [];
    const readerGroup = `${groupId}.dlq-reader.${process.pid}.${Date.now()}`;
    const reader = kafka.consumer({ groupId: readerGroup });
    const letters: DeadLetter[] = [];
    await reader.connect();
    try {
      await reader.subscribe({ topic, fromBeginning: true });
      await new Promise<void>((resolve, reject) => {
        reader
          .run({
            autoCommit: false,
            eachMessage: async ({ message }) => {
              const h = message.headers ?? {};
              letters.push({
                offset: message.offset,
                key: message.key?.toString() ?? null,
                eventId: headerText(h, 'ce_id'),
                type: headerText(h, 'ce_type'),
                reason: headerText(h, 'dlq-reason'),
                error: headerText(h, 'dlq-error'),
                originalTopic: headerText(h, 'dlq-original-topic'),
                originalOffset: headerText(h, 'dlq-original-offset'),
                failedAt: headerText(h, 'dlq-failed-at'),
                replayed: Number(message.offset) < replayedBelow,
                headers: h,
                value: message.value,
              });
              if (Number(message.offset) >= end - 1) resolve();
            },
          })
          .catch(reject);
      });
    } finally {
      await reader.disconnect();
      await admin.deleteGroups([readerGroup]).catch(() => undefined);
    }
    return letters;
  } finally {
    await admin.disconnect();
  }
}

/** Every dead letter of one consumer group on one topic, oldest first, with its error and state. */
export function listDeadLetters(
  kafka: Kafka,
  topic: string,
  groupId: string,
): Promise<DeadLetter[]> {
  return readAll(kafka, deadLetterTopic(topic, groupId), groupId);
}

/**
 * Republishes the group's not yet replayed dead letters (or the one with eventId) to their original
 * topic, marked for that group. The group's consumer then handles it again — after the fix — and,
 * if the case was parked behind it, the case's waiting messages follow in order. Other groups
 * already processed it and skip it through their inbox.
 */
export async function replayDeadLetters(
  kafka: Kafka,
  topic: string,
  groupId: string,
  options: { eventId?: string } = {},
): Promise<DeadLetter[]> {
  const dlq = deadLetterTopic(topic, groupId);
  const pending = (await readAll(kafka, dlq, groupId)).filter(
    (letter) => !letter.replayed && (!options.eventId || letter.eventId === options.eventId),
  );
  if (pending.length === 0) return [];
  const producer = createIdempotentProducer(kafka);
  await producer.connect();
  try {
    for (const letter of pending) {
      const headers: IHeaders = {};
      for (const [name, value] of Object.entries(letter.headers)) {
        if (!name.startsWith('dlq-') && value !== undefined) headers[name] = value;
      }
      headers[replayGroupHeader] = groupId;
      await producer.send({
        topic: letter.originalTopic ?? topic,
        acks: -1,
        messages: [{ key: letter.key, value: letter.value, headers }],
      });
    }
  } finally {
    await producer.disconnect();
  }
  if (!options.eventId) {
    const last = pending[pending.length - 1];
    const admin = kafka.admin();
    await admin.connect();
    try {
      await admin.setOffsets({
        groupId: replayerGroup(groupId),
        topic: dlq,
        partitions: [{ partition: 0, offset: String(Number(last.offset) + 1) }],
      });
    } finally {
      await admin.disconnect();
    }
  }
  return pending;
}
