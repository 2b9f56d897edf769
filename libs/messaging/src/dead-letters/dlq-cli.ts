// Operators' command for dead letters:
//   npm run dlq -- list   --topic dinsos.intake.events.v1 --group assessment
//   npm run dlq -- replay --topic dinsos.intake.events.v1 --group assessment [--event-id <uuid>]
// Brokers come from KAFKA_BROKERS (comma-separated).
import { parseArgs } from 'node:util';
import { createKafkaClient } from '../kafka/kafka-client';
import { listDeadLetters, replayDeadLetters } from './dead-letters';

const usage =
  'usage: dlq list|replay --topic <topic> --group <consumer group> [--event-id <uuid>] (KAFKA_BROKERS must be set)';

async function main(): Promise<number> {
  const { positionals, values } = parseArgs({
    allowPositionals: true,
    options: {
      topic: { type: 'string' },
      group: { type: 'string' },
      'event-id': { type: 'string' },
    },
  });
  const [command] = positionals;
  const brokers = process.env.KAFKA_BROKERS;
  if (!brokers) {
    console.error(`KAFKA_BROKERS is not set.\n${usage}`);
    return 2;
  }
  if (!['list', 'replay'].includes(command ?? '') || !values.topic || !values.group) {
    console.error(usage);
    return 2;
  }
  const kafka = createKafkaClient({ brokers: brokers.split(','), clientId: 'dinsos-dlq-cli' });
  if (command === 'list') {
    const letters = await listDeadLetters(kafka, values.topic, values.group);
    for (const l of letters) {
      console.log(
        [
          l.offset,
          l.replayed ? 'replayed' : 'pending',
          l.key,
          l.type,
          l.eventId,
          l.reason,
          l.failedAt,
          l.error,
        ].join('\t'),
      );
    }
    console.log(
      `${letters.length} dead letters, ${letters.filter((l) => !l.replayed).length} pending`,
    );
    return 0;
  }
  const replayed = await replayDeadLetters(kafka, values.topic, values.group, {
    eventId: values['event-id'],
  });
  console.log(
    `replayed ${replayed.length} dead letters to ${values.topic} for group ${values.group}`,
  );
  return 0;
}

main().then(
  (code) => process.exit(code),
  (error) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  },
);
