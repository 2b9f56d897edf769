// `npm start` as a process manager, a CI job or `kill` ends it: SIGTERM to npm's own process.
// Everything it started (embedded PostgreSQL, the Kafka broker, which runs detached, and the
// services) must stop with it, whether the signal comes once the system is up or while it starts.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { cacheDir, findFreePort, isPortAnswering, repoRoot } from './index';

/** Every process below `root`, read from /proc (ppid is the 4th field of /proc/<pid>/stat). */
function descendants(root: number): number[] {
  const children = new Map<number, number[]>();
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      children.set(ppid, [...(children.get(ppid) ?? []), Number(entry)]);
    } catch {
      // gone meanwhile
    }
  }
  const found: number[] = [];
  const queue = [root];
  while (queue.length) {
    for (const child of children.get(queue.shift()!) ?? []) {
      found.push(child);
      queue.push(child);
    }
  }
  return found;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return !fs.readFileSync(`/proc/${pid}/stat`, 'utf8').includes(') Z ');
  } catch {
    return false;
  }
}

interface StartedSystem {
  npm: ChildProcess;
  output: () => string;
  ports: { kafka: number; controller: number; intake: number; postgres: number };
  exited: Promise<number | null>;
  cleanUp(): void;
}

/** `npm start` on ports and a cache folder of its own, with the embedded PostgreSQL forced. */
async function npmStart(): Promise<StartedSystem> {
  const ownCache = fs.mkdtempSync(path.join(os.tmpdir(), 'dinsos-start-'));
  const ports = {
    kafka: await findFreePort(),
    controller: await findFreePort(),
    intake: await findFreePort(),
    postgres: await findFreePort(),
  };
  const env: Record<string, string | undefined> = {
    ...process.env,
    DINSOS_CACHE_DIR: ownCache,
    KAFKA_LIB_DIR: process.env.KAFKA_LIB_DIR ?? path.join(cacheDir, 'kafka', 'libs'),
    KAFKA_PORT: String(ports.kafka),
    KAFKA_CONTROLLER_PORT: String(ports.controller),
    KAFKA_HEAP_MB: '384',
    INTAKE_PORT: String(ports.intake),
    PGPORT: String(await findFreePort()),
    EMBEDDED_PG_PORT: String(ports.postgres),
  };
  delete env.DATABASE_URL;
  delete env.KAFKA_BROKERS;
  const npm = spawn('npm', ['start'], { cwd: repoRoot, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  npm.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  npm.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => npm.once('exit', resolve));
  return {
    npm,
    output: () => output,
    ports,
    exited,
    cleanUp: () => {
      const embeddedData = /data in (\S+?)\)/.exec(output)?.[1];
      if (embeddedData) fs.rmSync(embeddedData, { recursive: true, force: true });
      fs.rmSync(ownCache, { recursive: true, force: true });
    },
  };
}

async function waitFor(system: StartedSystem, text: string, timeoutMs = 150_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!system.output().includes(text)) {
    if (Date.now() > deadline || system.npm.exitCode !== null) {
      throw new Error(`"${text}" did not appear; output:\n${system.output()}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

async function expectEverythingStopped(system: StartedSystem, started: number[]): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const code = await Promise.race([
    system.exited,
    new Promise<'still running'>(
      (resolve) => (timer = setTimeout(resolve, 60_000, 'still running')),
    ),
  ]);
  clearTimeout(timer);
  expect(code).not.toBe('still running');
  // Exiting is not enough: what it started may take a moment to finish its own shutdown.
  const deadline = Date.now() + 30_000;
  while (started.some(isAlive) && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  expect(started.filter(isAlive)).toEqual([]);
  for (const port of Object.values(system.ports)) expect(await isPortAnswering(port)).toBe(false);
}

function killAll(pids: number[]): void {
  for (const pid of pids) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
}

describe('npm start ended by SIGTERM', () => {
  it('stops the services, the broker and the embedded PostgreSQL it started', async () => {
    const system = await npmStart();
    let started: number[] = [];
    try {
      await waitFor(system, 'Press Ctrl-C to stop.');
      started = descendants(system.npm.pid!);
      const commandLines = started
        .map((pid) => fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' '))
        .join('\n');
      expect(commandLines).toMatch(/kafka\.Kafka/);
      expect(commandLines).toMatch(/services\/intake\/src\/main\.ts/);
      expect(commandLines).toMatch(/bin\/postgres -D/);
      expect(commandLines).toMatch(/sealer-cli\.ts/);

      system.npm.kill('SIGTERM');
      await expectEverythingStopped(system, started);
    } finally {
      killAll(started);
      system.cleanUp();
    }
  }, 240_000);

  it('stops what it had started when the signal comes while the broker is starting', async () => {
    const system = await npmStart();
    let started: number[] = [];
    try {
      await waitFor(system, 'starting broker');
      started = descendants(system.npm.pid!);
      system.npm.kill('SIGTERM');
      await expectEverythingStopped(system, started);
      expect(system.output()).not.toMatch(/Dinsos case management is up/);
    } finally {
      killAll(started);
      system.cleanUp();
    }
  }, 240_000);
});
