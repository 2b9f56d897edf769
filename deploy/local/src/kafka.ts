import { spawn, spawnSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { Kafka, logLevel } from 'kafkajs';
import { cacheDir, localDeployDir } from './paths';
import { isPortAnswering, parsePort, PortTakenError } from './ports';

export interface KafkaOptions {
  /** Client listener port (env KAFKA_PORT, default 9092). */
  port?: number;
  /** KRaft controller port (env KAFKA_CONTROLLER_PORT, default port + 1). */
  controllerPort?: number;
  /** Where the broker keeps its logs and metadata; kept between starts. */
  dataDir?: string;
  /** Where the jars are cached (env KAFKA_LIB_DIR). */
  libDir?: string;
  /** Maximum JVM heap in MiB (env KAFKA_HEAP_MB, default 512). */
  heapMb?: number;
  /** How long to wait for the broker to answer before giving up. */
  startTimeoutMs?: number;
  log?: (line: string) => void;
}

export interface RunningKafka {
  brokers: string[];
  port: number;
  /** False when an already running broker was found and reused. */
  startedHere: boolean;
  /** Stops the broker if this call started it; a reused broker is left alone. */
  stop(): Promise<void>;
}

export class KafkaStartError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'KafkaStartError';
  }
}

interface ResolvedOptions {
  port: number;
  controllerPort: number;
  dataDir: string;
  libDir: string;
  heapMb: number;
  startTimeoutMs: number;
  log: (line: string) => void;
}

function resolveOptions(options: KafkaOptions): ResolvedOptions {
  const port = options.port ?? parsePort(process.env.KAFKA_PORT, 'KAFKA_PORT', 9092);
  const controllerPort =
    options.controllerPort ??
    parsePort(process.env.KAFKA_CONTROLLER_PORT, 'KAFKA_CONTROLLER_PORT', port + 1);
  const heapMb = options.heapMb ?? Number(process.env.KAFKA_HEAP_MB ?? 512);
  if (!Number.isInteger(heapMb) || heapMb < 128) {
    throw new KafkaStartError(`KAFKA_HEAP_MB must be an integer of at least 128, got "${heapMb}"`);
  }
  return {
    port,
    controllerPort,
    heapMb,
    dataDir: options.dataDir ?? path.join(cacheDir, 'kafka', `broker-${port}`),
    libDir: options.libDir ?? process.env.KAFKA_LIB_DIR ?? path.join(cacheDir, 'kafka', 'libs'),
    startTimeoutMs: options.startTimeoutMs ?? 120_000,
    log: options.log ?? ((line) => process.stderr.write(`[kafka] ${line}\n`)),
  };
}

/** True when a Kafka broker answers metadata requests on the port. */
export async function isKafkaAnswering(port: number, timeoutMs = 3000): Promise<boolean> {
  if (!(await isPortAnswering(port))) return false;
  const admin = new Kafka({
    clientId: 'dinsos-local-probe',
    brokers: [`127.0.0.1:${port}`],
    logLevel: logLevel.NOTHING,
    connectionTimeout: timeoutMs,
    requestTimeout: timeoutMs,
    retry: { retries: 0 },
  }).admin();
  try {
    await admin.connect();
    await admin.listTopics();
    return true;
  } catch {
    return false;
  } finally {
    await admin.disconnect().catch(() => undefined);
  }
}

function commandExists(command: string, args: string[]): boolean {
  const result = spawnSync(command, args, { stdio: 'ignore', env: process.env });
  return !result.error;
}

/**
 * Makes sure the broker's jars are in the cache: Maven copies them from Maven Central (or its own
 * local repository) once; a marker named after the pom's hash tells later starts they are complete.
 */
export function ensureKafkaJars(libDir: string, log: (line: string) => void): void {
  const pom = path.join(localDeployDir, 'pom.xml');
  const pomHash = createHash('sha256').update(fs.readFileSync(pom)).digest('hex').slice(0, 16);
  const marker = path.join(libDir, `.complete-${pomHash}`);
  if (fs.existsSync(marker)) return;
  if (!commandExists('mvn', ['-v'])) {
    throw new KafkaStartError(
      'Apache Maven (mvn) was not found on PATH; it fetches the Kafka jars once. Install Maven, ' +
        'or run the infrastructure with Docker instead: `docker compose up -d postgres kafka`.',
    );
  }
  log(`fetching Kafka jars with Maven into ${libDir} (once; cached afterwards)`);
  fs.rmSync(libDir, { recursive: true, force: true });
  fs.mkdirSync(libDir, { recursive: true });
  const result = spawnSync('mvn', ['-q', '-B', '-f', pom, 'package', `-Dkafka.libDir=${libDir}`], {
    encoding: 'utf8',
    env: process.env,
  });
  if (result.status !== 0) {
    throw new KafkaStartError(
      `Maven could not fetch the Kafka jars (exit ${result.status}):\n${tail(result.stdout + result.stderr, 30)}`,
    );
  }
  fs.writeFileSync(marker, new Date().toISOString());
}

function ensureJava(): void {
  const result = spawnSync('java', ['-version'], { encoding: 'utf8', env: process.env });
  if (result.error) {
    throw new KafkaStartError(
      'Java was not found on PATH; the local Kafka broker needs Java 17 or newer. Install a JDK, ' +
        'or run the infrastructure with Docker instead: `docker compose up -d postgres kafka`.',
    );
  }
  const version = /version "(\d+)/.exec(result.stderr ?? '');
  if (version && Number(version[1]) < 17) {
    throw new KafkaStartError(
      `Java ${version[1]} was found; the local Kafka broker needs Java 17 or newer ` +
        '(or use `docker compose up -d postgres kafka`).',
    );
  }
}

function serverProperties(o: ResolvedOptions): string {
  return [
    '# Written by deploy/local/src/kafka.ts: a single-node KRaft broker for development and tests.',
    'process.roles=broker,controller',
    'node.id=1',
    `controller.quorum.voters=1@127.0.0.1:${o.controllerPort}`,
    `listeners=PLAINTEXT://127.0.0.1:${o.port},CONTROLLER://127.0.0.1:${o.controllerPort}`,
    `advertised.listeners=PLAINTEXT://127.0.0.1:${o.port}`,
    'controller.listener.names=CONTROLLER',
    'inter.broker.listener.name=PLAINTEXT',
    'listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT',
    `log.dirs=${path.join(o.dataDir, 'logs')}`,
    'num.partitions=1',
    'default.replication.factor=1',
    'min.insync.replicas=1',
    'offsets.topic.replication.factor=1',
    'offsets.topic.num.partitions=3',
    'transaction.state.log.replication.factor=1',
    'transaction.state.log.min.isr=1',
    'transaction.state.log.num.partitions=3',
    'group.initial.rebalance.delay.ms=0',
    // Topics are provisioned explicitly (libs/messaging); a typo must not create a topic.
    'auto.create.topics.enable=false',
    'num.network.threads=2',
    'num.io.threads=4',
    'log.retention.hours=168',
    '',
  ].join('\n');
}

const log4jProperties = [
  'log4j.rootLogger=INFO, stdout',
  'log4j.appender.stdout=org.apache.log4j.ConsoleAppender',
  'log4j.appender.stdout.layout=org.apache.log4j.PatternLayout',
  'log4j.appender.stdout.layout.ConversionPattern=[%d] %p %m (%c)%n',
  'log4j.logger.kafka=INFO',
  'log4j.logger.org.apache.kafka=INFO',
  'log4j.logger.state.change.logger=WARN',
  '',
].join('\n');

function tail(text: string, lines: number): string {
  return text.split('\n').slice(-lines).join('\n');
}

function readLogTail(logFile: string, lines = 40): string {
  try {
    return tail(fs.readFileSync(logFile, 'utf8'), lines);
  } catch {
    return '(no broker log was written)';
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function waitUntil(check: () => boolean | Promise<boolean>, timeoutMs: number, stepMs = 250) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return true;
    await new Promise((r) => setTimeout(r, stepMs));
  }
  return false;
}

async function terminate(pid: number, timeoutMs = 30_000): Promise<void> {
  if (!isAlive(pid)) return;
  process.kill(pid, 'SIGTERM');
  if (await waitUntil(() => !isAlive(pid), timeoutMs)) return;
  process.kill(pid, 'SIGKILL');
  await waitUntil(() => !isAlive(pid), 5000);
}

/**
 * True only for the broker this data directory started: a pid file can outlive its process (a
 * reboot, a kill -9) and the number be reused by an unrelated program, which must not be killed.
 */
function isOurBroker(pid: number, propertiesFile: string): boolean {
  try {
    const commandLine = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
    return commandLine.includes('kafka.Kafka') && commandLine.includes(propertiesFile);
  } catch {
    const ps = spawnSync('ps', ['-o', 'args=', '-p', String(pid)], { encoding: 'utf8' });
    return ps.stdout.includes('kafka.Kafka') && ps.stdout.includes(propertiesFile);
  }
}

/**
 * A KRaft cluster id as Kafka's own `Uuid.randomUuid()` makes one: 16 random bytes in URL-safe
 * base64, drawn again when the text would begin with '-' (one draw in 64), which argument parsers
 * read as an option.
 */
export function newClusterId(randomSource: () => Buffer = () => randomBytes(16)): string {
  for (;;) {
    const id = randomSource().toString('base64url');
    if (!id.startsWith('-')) return id;
  }
}

interface BrokerFiles {
  propertiesFile: string;
  log4jFile: string;
  logFile: string;
  classpath: string;
}

function brokerFiles(o: ResolvedOptions): BrokerFiles {
  return {
    propertiesFile: path.join(o.dataDir, 'server.properties'),
    log4jFile: path.join(o.dataDir, 'log4j.properties'),
    logFile: path.join(o.dataDir, 'broker.log'),
    classpath: `${o.libDir}${path.sep}*`,
  };
}

function writeBrokerFiles(o: ResolvedOptions, files: BrokerFiles): void {
  fs.mkdirSync(o.dataDir, { recursive: true });
  fs.writeFileSync(files.propertiesFile, serverProperties(o));
  fs.writeFileSync(files.log4jFile, log4jProperties);
}

function runStorageFormat(files: BrokerFiles, clusterId: string): void {
  // `--cluster-id=<id>` is one argument: an id beginning with '-' is never taken for an option.
  const format = spawnSync(
    'java',
    [
      `-Dlog4j.configuration=file:${files.log4jFile}`,
      '-cp',
      files.classpath,
      'kafka.tools.StorageTool',
      'format',
      `--cluster-id=${clusterId}`,
      `--config=${files.propertiesFile}`,
      '--ignore-formatted',
    ],
    { encoding: 'utf8', env: process.env },
  );
  if (format.status !== 0) {
    throw new KafkaStartError(
      `formatting the KRaft storage failed:\n${tail(format.stdout + format.stderr, 30)}`,
    );
  }
}

/**
 * Formats a broker's KRaft storage in its data directory with the given cluster id (any id Kafka
 * accepts, including one beginning with '-', as a cluster formatted elsewhere may have).
 */
export function formatKraftStorage(options: KafkaOptions & { clusterId: string }): void {
  const o = resolveOptions(options);
  ensureJava();
  ensureKafkaJars(o.libDir, o.log);
  const files = brokerFiles(o);
  writeBrokerFiles(o, files);
  runStorageFormat(files, options.clusterId);
}

function pidFile(o: ResolvedOptions): string {
  return path.join(o.dataDir, 'broker.pid');
}

/**
 * Starts a single-node KRaft broker from the cached jars, or finds the one already answering on
 * the port. Resolves once a kafkajs admin can list topics; on any failure nothing is left running.
 */
export async function startKafka(options: KafkaOptions = {}): Promise<RunningKafka> {
  const o = resolveOptions(options);
  const brokers = [`127.0.0.1:${o.port}`];

  if (await isKafkaAnswering(o.port)) {
    o.log(`found a running broker at ${brokers[0]}; reusing it`);
    return { brokers, port: o.port, startedHere: false, stop: async () => undefined };
  }
  if (await isPortAnswering(o.port)) {
    throw new PortTakenError(o.port, 'KAFKA_PORT', 'Kafka client listener');
  }
  if (await isPortAnswering(o.controllerPort)) {
    throw new PortTakenError(o.controllerPort, 'KAFKA_CONTROLLER_PORT', 'Kafka KRaft controller');
  }

  ensureJava();
  ensureKafkaJars(o.libDir, o.log);

  const files = brokerFiles(o);
  const { propertiesFile, logFile, log4jFile, classpath } = files;
  fs.mkdirSync(o.dataDir, { recursive: true });
  const stale = readPid(o);
  if (stale !== undefined && isAlive(stale) && isOurBroker(stale, propertiesFile))
    await terminate(stale);
  writeBrokerFiles(o, files);
  if (!fs.existsSync(path.join(o.dataDir, 'logs', 'meta.properties'))) {
    runStorageFormat(files, newClusterId());
  }

  const logFd = fs.openSync(logFile, 'a');
  const child = spawn(
    'java',
    [
      `-Xms${Math.min(256, o.heapMb)}m`,
      `-Xmx${o.heapMb}m`,
      '-XX:+UseG1GC',
      '-XX:MaxGCPauseMillis=20',
      '-Djava.awt.headless=true',
      `-Dlog4j.configuration=file:${log4jFile}`,
      `-Dkafka.logs.dir=${o.dataDir}`,
      '-cp',
      classpath,
      'kafka.Kafka',
      propertiesFile,
    ],
    { detached: true, stdio: ['ignore', logFd, logFd], env: process.env },
  );
  fs.closeSync(logFd);
  child.unref();
  const pid = child.pid;
  if (pid === undefined) throw new KafkaStartError('the JVM for Kafka could not be started');
  fs.writeFileSync(pidFile(o), String(pid));
  o.log(`starting broker (pid ${pid}) on ${brokers[0]}, log: ${logFile}`);

  const ready = await waitUntil(
    async () => !isAlive(pid) || (await isKafkaAnswering(o.port, 2000)),
    o.startTimeoutMs,
    500,
  );
  if (!ready || !isAlive(pid)) {
    await terminate(pid);
    fs.rmSync(pidFile(o), { force: true });
    // Another starter (a parallel test run, a second `npm start`) won the ports meanwhile.
    if (await isKafkaAnswering(o.port)) {
      o.log(`another broker came up at ${brokers[0]} meanwhile; reusing it`);
      return { brokers, port: o.port, startedHere: false, stop: async () => undefined };
    }
    const why = ready ? 'exited during start' : `did not answer within ${o.startTimeoutMs} ms`;
    throw new KafkaStartError(
      `the Kafka broker on port ${o.port} ${why}. Last lines of ${logFile}:\n${readLogTail(logFile)}`,
    );
  }
  o.log(`broker ready at ${brokers[0]}`);
  return {
    brokers,
    port: o.port,
    startedHere: true,
    stop: async () => {
      await terminate(pid);
      fs.rmSync(pidFile(o), { force: true });
    },
  };
}

function readPid(o: ResolvedOptions): number | undefined {
  try {
    const pid = Number(fs.readFileSync(pidFile(o), 'utf8').trim());
    return Number.isInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}

/** Stops the broker started from this checkout on the configured port, if one is running. */
export async function stopKafka(options: KafkaOptions = {}): Promise<boolean> {
  const o = resolveOptions(options);
  const pid = readPid(o);
  if (
    pid === undefined ||
    !isAlive(pid) ||
    !isOurBroker(pid, path.join(o.dataDir, 'server.properties'))
  ) {
    fs.rmSync(pidFile(o), { force: true });
    return false;
  }
  await terminate(pid);
  fs.rmSync(pidFile(o), { force: true });
  return true;
}
