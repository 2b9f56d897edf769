// `npm run sealer`: the one sealer of the whole store (DESIGN.md section 3). Signs the heads of
// every stream changed since the last seal, on a schedule, into the seal directory, and publishes
// each seal to dinsos.audit.seals.v1. It runs as a role that reads every category (dinsos_sealer):
// under a service's role it would sign only that service's streams, so it refuses to.
//   EVENT_STORE_URL               the sealer role's URL of the system database
//   EVENT_STORE_SEAL_DIR          the directory of seal files
//   EVENT_STORE_SEAL_PRIVATE_KEY  a file with the Ed25519 private key (PKCS#8 PEM); in development
//                                 (NODE_ENV=development) made on the first start, with
//                                 public.pem beside it
//   KAFKA_BROKERS                 host:port,…   KAFKA_TOPIC_PREFIX (tests)
//   SEAL_INTERVAL_MS              default 60000
// Stops on SIGTERM/SIGINT after the seal in progress. Exit 0 stopped, 1 failed, 2 misconfigured.
import fs from 'node:fs';
import path from 'node:path';
import { auditSealsTopic } from '@dinsos/contracts';
import {
  CategoryAccessDenied,
  generateSealingKeyPair,
  sealNow,
  startSealing,
} from '@dinsos/event-store';
import { logLevel } from 'kafkajs';
import { Pool } from 'pg';
import { createKafkaClient } from '../kafka/kafka-client';
import { provisionTopics } from '../kafka/topics';
import { SealPublisher } from './seal-publisher';

const log = (message: string) => console.log(`sealer: ${message}`);

async function main(): Promise<number> {
  const env = process.env;
  const intervalMs = Number(env.SEAL_INTERVAL_MS ?? 60_000);
  const missing = [
    !env.EVENT_STORE_URL && 'EVENT_STORE_URL (the sealer role, which reads every category)',
    !env.EVENT_STORE_SEAL_DIR && 'EVENT_STORE_SEAL_DIR (the directory of seal files)',
    !env.EVENT_STORE_SEAL_PRIVATE_KEY && 'EVENT_STORE_SEAL_PRIVATE_KEY (Ed25519 private key file)',
    !env.KAFKA_BROKERS && 'KAFKA_BROKERS (host:port,…)',
    !(Number.isInteger(intervalMs) && intervalMs >= 100) && 'SEAL_INTERVAL_MS (≥ 100)',
  ].filter(Boolean);
  if (missing.length) {
    console.error(`sealer: missing or invalid environment variable(s):\n  ${missing.join('\n  ')}`);
    return 2;
  }
  const keyFile = env.EVENT_STORE_SEAL_PRIVATE_KEY!;
  if (!fs.existsSync(keyFile) && env.NODE_ENV === 'development') {
    const pair = generateSealingKeyPair();
    fs.mkdirSync(path.dirname(keyFile), { recursive: true, mode: 0o700 });
    fs.writeFileSync(path.join(path.dirname(keyFile), 'public.pem'), pair.publicKeyPem);
    fs.writeFileSync(keyFile, pair.privateKeyPem, { mode: 0o600 });
    log(`made a development key pair in ${path.dirname(keyFile)}`);
  }
  const privateKey = fs.readFileSync(keyFile, 'utf8');
  const pool = new Pool({ connectionString: env.EVENT_STORE_URL, max: 2 });
  pool.on('error', () => undefined);
  const kafka = createKafkaClient({
    brokers: env.KAFKA_BROKERS!.split(','),
    clientId: 'dinsos-sealer',
    level: logLevel.WARN,
  });
  const topic = `${env.KAFKA_TOPIC_PREFIX ?? ''}${auditSealsTopic}`;
  await provisionTopics(kafka, [topic], { partitions: 1 });
  const publisher = new SealPublisher(kafka, topic);
  await publisher.start();
  const options = {
    directory: env.EVENT_STORE_SEAL_DIR!,
    privateKey,
    onSeal: async (seal: Parameters<SealPublisher['publish']>[0]) => {
      await publisher.publish(seal);
      log(`seal ${seal.sequence}: ${seal.streams.length} stream head(s) up to ${seal.upTo}`);
    },
  };
  try {
    // The first seal now: a wrong role or key stops the sealer at once, not a minute later.
    await sealNow(pool, options);
  } catch (error) {
    await publisher.stop();
    await pool.end();
    throw error;
  }
  const sealer = startSealing(pool, {
    ...options,
    intervalMs,
    onError: (error) => console.error(`sealer: sealing failed: ${String(error)}`),
  });
  log(`sealing every ${intervalMs} ms to ${options.directory} and ${topic}`);
  await new Promise<void>((resolve) => {
    process.once('SIGTERM', resolve);
    process.once('SIGINT', resolve);
  });
  await sealer.stop();
  await publisher.stop();
  await pool.end();
  log('stopped');
  return 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    const why =
      error instanceof CategoryAccessDenied
        ? `${error.message}: run it as the sealer role (dinsos_sealer)`
        : error instanceof Error
          ? error.message
          : String(error);
    console.error(`sealer failed: ${why}`);
    process.exit(1);
  },
);
