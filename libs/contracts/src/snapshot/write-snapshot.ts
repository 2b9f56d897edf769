// Records the contract snapshot (libs/contracts/contract-snapshot.json) after a compatible change:
//   node -r @swc-node/register libs/contracts/src/snapshot/write-snapshot.ts
// It refuses breaking changes: add a new event version with an upcaster instead. Only before a
// contract has been released may `--accept-breaking` overwrite it.
import fs from 'node:fs';
import { format, resolveConfig } from 'prettier';
import {
  buildContractSnapshot,
  compareSnapshots,
  snapshotPath,
  type ContractSnapshot,
} from './contract-snapshot';

async function main(): Promise<number> {
  const current = buildContractSnapshot();
  if (fs.existsSync(snapshotPath)) {
    const committed = JSON.parse(fs.readFileSync(snapshotPath, 'utf8')) as ContractSnapshot;
    const { breaking, compatible } = compareSnapshots(committed, current);
    for (const change of compatible) console.log(`compatible: ${change}`);
    for (const change of breaking) console.log(`BREAKING:   ${change}`);
    if (breaking.length && !process.argv.includes('--accept-breaking')) {
      console.error(
        'Refusing to record breaking changes: give the event a new version with an upcaster instead.',
      );
      return 1;
    }
  }
  const text = await format(JSON.stringify(current), {
    ...(await resolveConfig(snapshotPath)),
    parser: 'json',
  });
  fs.writeFileSync(snapshotPath, text);
  console.log(`wrote ${snapshotPath}`);
  return 0;
}

main().then(
  (status) => process.exit(status),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
