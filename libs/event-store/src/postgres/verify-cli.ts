// Verifies every stream's hash chain (and, when given, the seals):
//   node -r @swc-node/register libs/event-store/src/postgres/verify-cli.ts
// EVENT_STORE_URL: a PostgreSQL URL that may read event_store.events (the app role will do).
// EVENT_STORE_SEAL_DIR and EVENT_STORE_SEAL_PUBLIC_KEY (a PEM file): also check against the seals.
// Exit 0 intact, 1 broken (the first broken link of each broken stream is printed), 2 misconfigured.
import fs from 'node:fs';
import { Pool } from 'pg';
import { readSeals, type Seal } from '../seals/seal';
import { verifyAll } from './verify';

async function main(): Promise<number> {
  const url = process.env.EVENT_STORE_URL;
  const sealDir = process.env.EVENT_STORE_SEAL_DIR;
  const publicKeyFile = process.env.EVENT_STORE_SEAL_PUBLIC_KEY;
  if (!url) {
    console.error(
      'event-store verify: missing environment variable EVENT_STORE_URL (PostgreSQL URL that can read the events)',
    );
    return 2;
  }
  if (Boolean(sealDir) !== Boolean(publicKeyFile)) {
    console.error(
      'event-store verify: set both EVENT_STORE_SEAL_DIR and EVENT_STORE_SEAL_PUBLIC_KEY, or neither',
    );
    return 2;
  }
  let seals: Seal[] | undefined;
  if (sealDir && publicKeyFile) {
    seals = readSeals(sealDir, fs.readFileSync(publicKeyFile, 'utf8'));
    console.error(`event-store verify: ${seals.length} seal(s) valid`);
  }
  const pool = new Pool({ connectionString: url, max: 1 });
  try {
    let lastReport = 0;
    const report = await verifyAll(pool, {
      seals,
      onProgress: ({ eventsChecked, totalEvents, streamsChecked }) => {
        if (Date.now() - lastReport < 1000) return;
        lastReport = Date.now();
        const percent = totalEvents
          ? Math.min(100, Math.floor((eventsChecked / totalEvents) * 100))
          : 100;
        console.error(
          `event-store verify: ${eventsChecked}/${totalEvents} events (${percent}%), ${streamsChecked} streams`,
        );
      },
    });
    console.log(
      `event-store verify: ${report.ok ? 'intact' : 'BROKEN'}: ${report.eventsChecked} events in ` +
        `${report.streamsChecked} streams checked` +
        (seals ? ` against ${seals.length} seal(s)` : ''),
    );
    for (const link of report.broken) console.log(JSON.stringify(link));
    return report.ok ? 0 : 1;
  } finally {
    await pool.end();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(
      `event-store verify failed: ${error instanceof Error ? error.message : String(error)}`,
    );
    process.exit(error instanceof Error && error.name === 'SealVerificationError' ? 1 : 2);
  },
);
