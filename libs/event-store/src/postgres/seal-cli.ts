// Seals now (on demand; services seal on a schedule with startSealing):
//   node -r @swc-node/register libs/event-store/src/postgres/seal-cli.ts
// EVENT_STORE_URL (may read event_store.events), EVENT_STORE_SEAL_DIR (the seal files),
// EVENT_STORE_SEAL_PRIVATE_KEY (a file with the Ed25519 private key, PKCS#8 PEM).
// Exit 0 sealed or nothing to seal, 1 failed, 2 misconfigured.
import fs from 'node:fs';
import { Pool } from 'pg';
import { sealNow } from '../seals/sealStreams';

async function main(): Promise<number> {
  const url = process.env.EVENT_STORE_URL;
  const directory = process.env.EVENT_STORE_SEAL_DIR;
  const keyFile = process.env.EVENT_STORE_SEAL_PRIVATE_KEY;
  const missing = [
    !url && 'EVENT_STORE_URL (PostgreSQL URL that can read the events)',
    !directory && 'EVENT_STORE_SEAL_DIR (the directory of seal files)',
    !keyFile && 'EVENT_STORE_SEAL_PRIVATE_KEY (a PEM file with the Ed25519 private key)',
  ].filter(Boolean);
  if (missing.length) {
    console.error(`event-store seal: missing environment variable(s):\n  ${missing.join('\n  ')}`);
    return 2;
  }
  const pool = new Pool({ connectionString: url, max: 1 });
  try {
    const seal = await sealNow(pool, {
      directory: directory!,
      privateKey: fs.readFileSync(keyFile!, 'utf8'),
    });
    console.log(
      seal
        ? `event-store seal: seal ${seal.sequence} signs ${seal.streams.length} stream head(s) up to ${seal.upTo}`
        : 'event-store seal: nothing changed since the last seal',
    );
    return 0;
  } finally {
    await pool.end();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(
      `event-store seal failed: ${error instanceof Error ? error.message : String(error)}`,
    );
    process.exit(1);
  },
);
