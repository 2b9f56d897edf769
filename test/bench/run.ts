// `npm run bench -- <name>`: runs test/bench/<name>.bench.ts (all of them without a name) on the
// same infrastructure the tests use. Benchmarks print ratios against a baseline measured in the
// same run, never bare timings: this machine's speed varies too much between runs.
import fs from 'node:fs';
import path from 'node:path';
import { infrastructureEnvironment, startTestInfrastructure } from '@dinsos/testing';

async function main(): Promise<void> {
  const available = fs
    .readdirSync(__dirname)
    .filter((f) => f.endsWith('.bench.ts'))
    .map((f) => f.replace(/\.bench\.ts$/, ''));
  const requested = process.argv.slice(2);
  const unknown = requested.filter((name) => !available.includes(name));
  if (unknown.length) {
    console.error(
      `unknown benchmark ${unknown.join(', ')}; available: ${available.join(', ') || 'none'}`,
    );
    process.exit(2);
  }
  const infra = await startTestInfrastructure();
  Object.assign(process.env, infrastructureEnvironment(infra));
  try {
    for (const name of requested.length ? requested : available) {
      console.log(`\n== benchmark: ${name}`);
      const bench = (await import(path.join(__dirname, `${name}.bench.ts`))) as {
        default: () => Promise<void>;
      };
      await bench.default();
    }
  } finally {
    await infra.stop();
  }
}

main().then(
  () => process.exit(0),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
