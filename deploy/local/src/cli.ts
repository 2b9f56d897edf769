// `npm start` / `npm run stop`: brings up (or finds) PostgreSQL and Kafka, prints where they are,
// and keeps running until Ctrl-C, then stops what it started. Later issues add the services here.
import { startKafka, stopKafka } from './kafka';
import { resolvePostgres, RunningPostgres } from './postgres';
import type { RunningKafka } from './kafka';

async function start(): Promise<void> {
  let postgres: RunningPostgres | undefined;
  let kafka: RunningKafka | undefined;
  const stopAll = async () => {
    await kafka?.stop().catch((e) => console.error(`stopping Kafka failed: ${e}`));
    await postgres?.stop().catch((e) => console.error(`stopping PostgreSQL failed: ${e}`));
  };
  try {
    postgres = await resolvePostgres();
    kafka = await startKafka();
  } catch (error) {
    await stopAll();
    console.error(`\nCould not start the infrastructure: ${(error as Error).message}`);
    process.exit(1);
  }
  console.log(
    [
      '',
      'Dinsos case management: infrastructure is up',
      `  PostgreSQL  ${redact(postgres.adminUrl)}  (${postgres.source})`,
      `  Kafka       ${kafka.brokers.join(',')}${kafka.startedHere ? '' : '  (already running)'}`,
      '',
      'Press Ctrl-C to stop.',
    ].join('\n'),
  );
  let stopping = false;
  const onSignal = async () => {
    if (stopping) return;
    stopping = true;
    console.log('\nstopping...');
    await stopAll();
    process.exit(0);
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  setInterval(() => undefined, 1 << 30);
}

function redact(url: string): string {
  return url.replace(/\/\/([^:@/]+):[^@/]*@/, '//$1:***@');
}

async function main(): Promise<void> {
  const command = process.argv[2] ?? 'start';
  if (command === 'start') return start();
  if (command === 'stop') {
    const stopped = await stopKafka();
    console.log(
      stopped ? 'Kafka broker stopped.' : 'No Kafka broker started from this checkout is running.',
    );
    return;
  }
  console.error(`unknown command "${command}"; use start or stop`);
  process.exit(2);
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
