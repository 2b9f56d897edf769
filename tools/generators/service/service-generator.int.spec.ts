// So the generator cannot rot: it runs into a copy of this workspace (its files as they are now,
// committed or not), and what it writes must pass with zero edits: the new service's unit and int
// specs on real PostgreSQL and Kafka, the type check, ESLint with the module boundaries applying
// to it, Prettier, and the tests of the contracts and docker-compose.yml it changed.
import { getTestInfrastructure } from '@dinsos/testing';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const repoRoot = path.resolve(__dirname, '../../..');
// Hyphenated on purpose: the service, its context (visits), its aggregate (homeVisit), role,
// route and port variable each spell it their own way.
const name = 'home-visits';

/**
 * The workspace's files as they are (tracked, and new ones not ignored) in a temporary folder.
 * Its node_modules links the workspace's packages, but @dinsos/* to the copy's own sources: the
 * generated service must compile and run against the contracts the generator changed.
 */
function copyWorkspace(): string {
  const copy = fs.mkdtempSync(path.join(os.tmpdir(), 'dinsos-service-generator-'));
  const listed = spawnSync(
    'git',
    ['ls-files', '-z', '--cached', '--others', '--exclude-standard'],
    {
      cwd: repoRoot,
      encoding: 'utf8',
      maxBuffer: 64 * 1024 * 1024,
    },
  );
  if (listed.status !== 0) throw new Error(`git ls-files failed: ${listed.stderr}`);
  for (const file of listed.stdout.split('\0').filter(Boolean)) {
    const from = path.join(repoRoot, file);
    if (!fs.existsSync(from)) continue; // deleted in the working tree, not yet committed
    fs.mkdirSync(path.dirname(path.join(copy, file)), { recursive: true });
    fs.copyFileSync(from, path.join(copy, file));
  }
  const modules = path.join(repoRoot, 'node_modules');
  fs.mkdirSync(path.join(copy, 'node_modules', '@dinsos'), { recursive: true });
  for (const entry of fs.readdirSync(modules)) {
    if (entry === '@dinsos') continue;
    fs.symlinkSync(path.join(modules, entry), path.join(copy, 'node_modules', entry));
  }
  for (const entry of fs.readdirSync(path.join(modules, '@dinsos'))) {
    const source = fs.realpathSync(path.join(modules, '@dinsos', entry));
    const inCopy = path.join(copy, path.relative(repoRoot, source));
    fs.symlinkSync(inCopy, path.join(copy, 'node_modules', '@dinsos', entry));
  }
  return copy;
}

describe('npx nx g @dinsos/tools:service', () => {
  let copy: string;
  let env: NodeJS.ProcessEnv;

  /** A Node script of the copy's packages, run in the copy: exit status and all its output. */
  function run(args: string[], timeoutMs = 120_000): { status: number | null; output: string } {
    const result = spawnSync(process.execPath, args, {
      cwd: copy,
      env,
      encoding: 'utf8',
      maxBuffer: 64 * 1024 * 1024,
      timeout: timeoutMs,
      killSignal: 'SIGKILL',
    });
    return { status: result.status, output: `${result.stdout}${result.stderr}` };
  }

  /** Its output when it failed, so the failure says why. */
  function succeeded(result: { status: number | null; output: string }, what: string): string {
    if (result.status !== 0)
      throw new Error(`${what} failed (${result.status}):\n${result.output}`);
    return result.output;
  }

  const read = (file: string) => fs.readFileSync(path.join(copy, file), 'utf8');
  const nx = (...args: string[]) =>
    run(['node_modules/nx/dist/bin/nx.js', ...args, '--no-interactive']);
  const eslint = (...files: string[]) =>
    run(['node_modules/eslint/bin/eslint.js', '--max-warnings=0', ...files]);

  beforeAll(async () => {
    const { kafkaBrokers, adminDatabaseUrl } = await getTestInfrastructure();
    env = {
      ...process.env,
      KAFKA_BROKERS: kafkaBrokers.join(','),
      DATABASE_URL: adminDatabaseUrl,
      NX_DAEMON: 'false',
      NX_NO_CLOUD: 'true',
      FORCE_COLOR: '0',
    };
    // This run's topics (DINSOS_TEST_RUN_ID) are removed by whoever owns the run, not the copy's Jest.
    delete env.DINSOS_TEST_RUN_OWNED_BY_JEST;
    delete env.JEST_WORKER_ID;
    copy = copyWorkspace();
  });

  afterAll(() => {
    if (copy) fs.rmSync(copy, { recursive: true, force: true });
  });

  it('refuses a name that is taken, saying so, and writes nothing', () => {
    const contexts = read('libs/contracts/src/catalogue/contexts.ts');
    const refused = nx('g', '@dinsos/tools:service', 'intake');
    expect(refused.status).not.toBe(0);
    expect(refused.output).toContain('services/intake already exists');
    expect(read('libs/contracts/src/catalogue/contexts.ts')).toBe(contexts);
  });

  it('writes a service whose tests pass with zero edits, wired into the contracts, npm start, compose and the lint boundaries', () => {
    succeeded(nx('g', '@dinsos/tools:service', name), 'the generator');

    const service = `services/${name}`;
    for (const file of [
      'project.json',
      'Dockerfile',
      'src/main.ts',
      `src/${name}.module.ts`,
      `src/${name}-config.ts`,
      'src/home-visit/home-visit.decider.ts',
      'src/home-visit/home-visit.decider.unit.spec.ts',
      'src/home-visit/home-visit.controller.ts',
      'src/home-visit/home-visit.requests.ts',
      'src/home-visit/home-visit.reactions.ts',
      'src/home-visit/home-visit.int.spec.ts',
    ]) {
      expect(fs.existsSync(path.join(copy, service, file))).toBe(true);
    }
    expect(JSON.parse(read(`${service}/project.json`)).tags).toEqual([
      'type:service',
      `scope:${name}`,
    ]);
    expect(read('libs/contracts/src/catalogue/contexts.ts')).toContain(
      "topic: 'dinsos.visits.events.v1'",
    );
    expect(read('deploy/local/src/local-services.ts')).toContain(`main: '${service}/src/main.ts'`);
    expect(read('docker-compose.yml')).toContain(`dockerfile: ${service}/Dockerfile`);
    expect(JSON.parse(read('package-lock.json')).packages[service]).toEqual({
      name: `@dinsos/${name}-service`,
      version: '0.1.0',
    });

    succeeded(run(['node_modules/typescript/bin/tsc', '-p', 'tsconfig.json', '--noEmit']), 'tsc');
    // As `npm run lint` does: the project graph the module boundaries read, refreshed first.
    expect(succeeded(nx('show', 'projects'), 'nx show projects').split('\n')).toContain(name);
    const changed = [service, 'libs/contracts/src', 'deploy/local/src/local-services.ts'];
    succeeded(eslint(...changed), 'ESLint');
    succeeded(
      run(['node_modules/prettier/bin/prettier.cjs', '--check', ...changed, 'docker-compose.yml']),
      'Prettier',
    );

    // The boundaries apply to it: a service may not import the local infrastructure.
    const main = path.join(copy, service, 'src/main.ts');
    fs.appendFileSync(
      main,
      "import { repoRoot } from '@dinsos/local-infra';\nexport { repoRoot };\n",
    );
    const crossing = eslint(`${service}/src/main.ts`);
    expect(crossing.status).toBe(1);
    expect(crossing.output).toContain('@nx/enforce-module-boundaries');

    const results = path.join(copy, 'tmp', 'generated-service-tests.json');
    const tests = run(
      [
        '--experimental-vm-modules',
        '--disable-warning=ExperimentalWarning',
        '--disable-warning=TimeoutNegativeWarning',
        'node_modules/jest/bin/jest.js',
        '--projects',
        `${service}/jest.config.js`,
        'libs/contracts/jest.config.js',
        'test/jest.config.js',
        '--json',
        `--outputFile=${results}`,
      ],
      180_000,
    );
    if (!fs.existsSync(results)) throw new Error(`Jest wrote no results:\n${tests.output}`);
    const outcome = JSON.parse(fs.readFileSync(results, 'utf8')) as {
      success: boolean;
      numFailedTests: number;
      testResults: Array<{ name: string }>;
    };
    expect({ success: outcome.success, failed: outcome.numFailedTests }).toEqual({
      success: true,
      failed: 0,
    });
    const suites = outcome.testResults.map((suite) =>
      path.relative(fs.realpathSync(copy), fs.realpathSync(suite.name)),
    );
    expect(suites).toEqual(
      expect.arrayContaining([
        `${service}/src/home-visit/home-visit.decider.unit.spec.ts`,
        `${service}/src/home-visit/home-visit.int.spec.ts`,
        'libs/contracts/src/asyncapi/asyncapi.unit.spec.ts',
        'libs/contracts/src/catalogue/catalogue.unit.spec.ts',
        'test/infrastructure/docker-compose.unit.spec.ts',
      ]),
    );
    expect(tests.status).toBe(0);
  }, 400_000);
});
