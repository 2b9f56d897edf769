import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import {
  findFreePort,
  formatKraftStorage,
  isPortAnswering,
  PortTakenError,
  startKafka,
} from './index';

const quiet = () => undefined;

/** Another program on the port: accepts connections and never speaks Kafka. */
function occupy(port: number): Promise<{ close(): void }> {
  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.on('error', () => undefined);
  });
  return new Promise((resolve) => {
    server.listen(port, '127.0.0.1', () =>
      resolve({
        close: () => {
          for (const socket of sockets) socket.destroy();
          server.close();
        },
      }),
    );
  });
}

function processesMentioning(text: string): string {
  return spawnSync('pgrep', ['-af', text], { encoding: 'utf8' }).stdout.trim();
}

describe('the local Kafka launcher', () => {
  it('finds a running broker on a second start instead of failing', async () => {
    const brokers = process.env.KAFKA_BROKERS?.split(',')[0];
    const port = brokers?.startsWith('127.0.0.1:') ? Number(brokers.split(':')[1]) : undefined;
    const first = await startKafka({ port, log: quiet });
    const second = await startKafka({ port: first.port, log: quiet });
    expect(second.startedHere).toBe(false);
    expect(second.brokers).toEqual(first.brokers);
    await second.stop();
    expect(await isPortAnswering(first.port)).toBe(true);
    await first.stop();
  }, 180_000);

  it('names the port and the variable when the client port is taken by another program', async () => {
    const port = await findFreePort();
    const server = await occupy(port);
    try {
      const attempt = startKafka({ port, log: quiet });
      await expect(attempt).rejects.toBeInstanceOf(PortTakenError);
      await expect(attempt).rejects.toThrow(new RegExp(`Port ${port} .*KAFKA_PORT`));
    } finally {
      server.close();
    }
  });

  it('names KAFKA_CONTROLLER_PORT when the controller port is taken', async () => {
    const port = await findFreePort();
    const controllerPort = await findFreePort();
    const server = await occupy(controllerPort);
    try {
      await expect(startKafka({ port, controllerPort, log: quiet })).rejects.toThrow(
        new RegExp(`Port ${controllerPort} .*KAFKA_CONTROLLER_PORT`),
      );
    } finally {
      server.close();
    }
  });

  it('points to docker compose when Java is missing', async () => {
    const port = await findFreePort();
    const savedPath = process.env.PATH;
    process.env.PATH = fs.mkdtempSync(path.join(os.tmpdir(), 'no-java-'));
    try {
      await expect(startKafka({ port, log: quiet })).rejects.toThrow(
        /Java was not found.*docker compose up/s,
      );
    } finally {
      process.env.PATH = savedPath;
    }
  });

  it('gives up after its bound with the tail of the broker log and leaves nothing running', async () => {
    const port = await findFreePort();
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'kafka-slow-'));
    try {
      const attempt = startKafka({ port, dataDir, startTimeoutMs: 1500, log: quiet });
      await expect(attempt).rejects.toThrow(
        /did not answer within 1500 ms\. Last lines of .*broker\.log/s,
      );
      expect(processesMentioning(dataDir)).toBe('');
      expect(fs.existsSync(path.join(dataDir, 'broker.pid'))).toBe(false);
      expect(await isPortAnswering(port)).toBe(false);
    } finally {
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  }, 60_000);

  it('formats KRaft storage with a cluster id that begins with "-"', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'kafka-format-'));
    const clusterId = Buffer.from([0xf8, ...randomBytes(15)]).toString('base64url');
    expect(clusterId.startsWith('-')).toBe(true);
    try {
      const port = await findFreePort();
      formatKraftStorage({ port, dataDir, clusterId, log: quiet });
      const meta = fs.readFileSync(path.join(dataDir, 'logs', 'meta.properties'), 'utf8');
      expect(meta).toContain(`cluster.id=${clusterId}`);
    } finally {
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  }, 60_000);
});
