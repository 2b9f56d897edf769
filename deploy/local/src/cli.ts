// `npm start` / `npm run stop`: brings up (or finds) PostgreSQL and Kafka, starts the services
// built so far on them (local-services.ts: intake, with its relay to Kafka, and any generated
// since), prints where everything is, and keeps running until Ctrl-C, then stops what it started.
import { startKafka, stopKafka } from './kafka';
import { localServices, portVariableOf, type LocalService } from './local-services';
import { cacheDir } from './paths';
import { parsePort } from './ports';
import { resolvePostgres, RunningPostgres } from './postgres';
import {
  devToken,
  prepareSystemDatabase,
  serviceUrls,
  startSealer,
  startService,
  type RunningService,
} from './services';
import type { RunningKafka } from './kafka';

/**
 * One service: its schema migrated as its owner role (DATABASE_MIGRATION_URL), the service as its
 * own role that owns nothing, dev tokens verified with the key pair in .cache/dev-auth.
 */
function startLocalService(
  service: LocalService,
  postgres: RunningPostgres,
  kafka: RunningKafka,
  publicKeyFile: string,
): Promise<RunningService> {
  const { ownerUrl, appUrl } = serviceUrls(postgres.adminUrl, service.role);
  const portVariable = portVariableOf(service);
  return startService({
    name: service.name,
    main: service.main,
    port: parsePort(process.env[portVariable], portVariable, service.port),
    portVariable,
    env: {
      NODE_ENV: 'development',
      DATABASE_URL: appUrl,
      DATABASE_MIGRATION_URL: ownerUrl,
      KAFKA_BROKERS: kafka.brokers.join(','),
      AUTH_DEV_PUBLIC_KEY_FILE: publicKeyFile,
      ...service.env?.({ cacheDir }),
    },
  });
}

/**
 * Starts everything, and stops what it started on SIGINT (Ctrl-C), SIGTERM (a process manager,
 * a CI job, `kill`) or SIGHUP, at any moment, during the start too; and when its parent (npm)
 * goes away without passing a signal on.
 */
async function start(): Promise<void> {
  let postgres: RunningPostgres | undefined;
  let kafka: RunningKafka | undefined;
  let token: string | undefined;
  const services: Array<{ service: LocalService; running: RunningService }> = [];
  let sealer: Awaited<ReturnType<typeof startSealer>> | undefined;
  let stopRequested = false;
  // Each part is started only while no stop was asked for; a stop waits for the part being
  // started (a broker runs detached: exiting before it is up would leave it running).
  const startSequence = (async () => {
    postgres = await resolvePostgres();
    if (stopRequested) return;
    kafka = await startKafka();
    if (stopRequested) return;
    await prepareSystemDatabase(postgres.adminUrl);
    if (stopRequested) return;
    const dev = devToken('intake-officer', '3603');
    token = dev.token;
    for (const service of localServices) {
      services.push({
        service,
        running: await startLocalService(service, postgres, kafka, dev.publicKeyFile),
      });
      if (stopRequested) return;
    }
    sealer = await startSealer({
      adminUrl: postgres.adminUrl,
      kafkaBrokers: kafka.brokers,
      intervalMs: parseInterval(process.env.SEAL_INTERVAL_MS),
    });
  })();
  const stopAll = async () => {
    await sealer?.stop().catch((e) => console.error(`stopping the sealer failed: ${e}`));
    for (const { service, running } of [...services].reverse()) {
      await running.stop().catch((e) => console.error(`stopping ${service.name} failed: ${e}`));
    }
    await kafka?.stop().catch((e) => console.error(`stopping Kafka failed: ${e}`));
    await postgres?.stop().catch((e) => console.error(`stopping PostgreSQL failed: ${e}`));
  };
  const stopAndExit = (why: string) => async () => {
    if (stopRequested) return;
    stopRequested = true;
    console.log(`\n${why}; stopping...`);
    await startSequence.catch(() => undefined);
    await stopAll();
    process.exit(0);
  };
  process.on('SIGINT', stopAndExit('interrupted'));
  process.on('SIGTERM', stopAndExit('terminated'));
  process.on('SIGHUP', stopAndExit('hung up'));
  const parent = process.ppid;
  setInterval(() => {
    if (process.ppid !== parent) void stopAndExit('the process that started this one is gone')();
  }, 1000);

  try {
    await startSequence;
  } catch (error) {
    if (stopRequested) return;
    stopRequested = true;
    await stopAll();
    console.error(`\nCould not start the system: ${(error as Error).message}`);
    process.exit(1);
  }
  if (stopRequested || !postgres || !kafka || !token || !sealer) return;
  console.log(
    [
      '',
      'Dinsos case management is up',
      `  PostgreSQL  ${redact(postgres.adminUrl)}  (${postgres.source})`,
      `  Kafka       ${kafka.brokers.join(',')}${kafka.startedHere ? '' : '  (already running)'}`,
      ...services.flatMap(({ service, running }) => [
        `  ${service.title.padEnd(11)} ${running.url}  (${service.note}; log ${running.logFile})`,
        `              API docs ${running.url}/docs`,
      ]),
      `  Sealer      signs every stream's head each ${parseInterval(process.env.SEAL_INTERVAL_MS) / 1000} s into ${sealer.sealDir}`,
      `              and publishes each seal to dinsos.audit.seals.v1 (public key ${sealer.publicKeyFile})`,
      '',
      'A development token (intake officer of office 3603, Kabupaten Tangerang; 8 hours):',
      token,
      'More: npm run token -- --role supervisor --office 36',
      '',
      'Press Ctrl-C to stop.',
    ].join('\n'),
  );
}

function parseInterval(value: string | undefined): number {
  const ms = Number(value ?? 60_000);
  if (!Number.isInteger(ms) || ms < 100)
    throw new Error(`SEAL_INTERVAL_MS must be ≥ 100, got "${value}"`);
  return ms;
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
