import fs from 'node:fs';
import path from 'node:path';
import {
  cacheDir,
  findFreePort,
  startEmbeddedPostgres,
  startKafka,
  type RunningKafka,
} from '@dinsos/local-infra';

export interface OwnKafka {
  brokers: string[];
  /** Stops the broker; messages and offsets stay in its data directory for start(). */
  stop(): Promise<void>;
  /** Starts the stopped broker again on the same ports and data. */
  start(): Promise<void>;
  restart(): Promise<void>;
  /** Stops the broker and deletes its data. */
  destroy(): Promise<void>;
}

/**
 * A Kafka broker of the test's own, on ports of its own, for tests that stop or restart Kafka:
 * the run's shared broker is never disturbed.
 */
export async function startOwnKafka(): Promise<OwnKafka> {
  const port = await findFreePort();
  const controllerPort = await findFreePort();
  const dataDir = fs.mkdtempSync(path.join(ownDir('kafka'), `broker-${port}-`));
  const options = { port, controllerPort, dataDir, heapMb: 384, log: () => undefined };
  let running: RunningKafka | undefined = await startKafka(options);
  const stop = async () => {
    await running?.stop();
    running = undefined;
  };
  const start = async () => {
    running ??= await startKafka(options);
  };
  return {
    brokers: running.brokers,
    stop,
    start,
    restart: async () => {
      await stop();
      await start();
    },
    destroy: async () => {
      await stop();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export interface OwnPostgresCluster {
  adminUrl: string;
  destroy(): Promise<void>;
}

/**
 * An embedded PostgreSQL 15 cluster of the test's own: for tests whose subject is cluster-wide
 * (the snapshot horizon that one long transaction holds back for every database).
 */
export async function startOwnPostgresCluster(): Promise<OwnPostgresCluster> {
  const port = await findFreePort();
  const dataDir = fs.mkdtempSync(path.join(ownDir('postgres'), `cluster-${port}-`));
  const cluster = await startEmbeddedPostgres({ port, dataDir: path.join(dataDir, 'data') });
  return {
    adminUrl: cluster.adminUrl,
    destroy: async () => {
      await cluster.stop();
      // As root the cluster's data is kept outside the clone (see embeddedLayout).
      if (cluster.dataDir) fs.rmSync(cluster.dataDir, { recursive: true, force: true });
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

function ownDir(kind: string): string {
  const dir = path.join(cacheDir, 'test-own', kind);
  fs.mkdirSync(dir, { recursive: true });
  return dir;
}
