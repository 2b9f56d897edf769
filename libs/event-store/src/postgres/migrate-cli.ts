// Applies the event store migrations: `node -r @swc-node/register libs/event-store/src/postgres/migrate-cli.ts`
// with EVENT_STORE_MIGRATION_URL (the owner role) and EVENT_STORE_APP_ROLE (the role services use);
// optional EVENT_STORE_IDLE_IN_TRANSACTION_TIMEOUT (default 30s). Exit 0 done, 1 failed, 2 misconfigured.
import { migrate } from './migrate';

async function main(): Promise<number> {
  const url = process.env.EVENT_STORE_MIGRATION_URL;
  const appRole = process.env.EVENT_STORE_APP_ROLE;
  const missing = [
    !url &&
      'EVENT_STORE_MIGRATION_URL (PostgreSQL URL of the role that owns the event store tables)',
    !appRole &&
      'EVENT_STORE_APP_ROLE (the role services connect as; it gets SELECT and INSERT only)',
  ].filter(Boolean);
  if (missing.length) {
    console.error(
      `event-store migrate: missing environment variable(s):\n  ${missing.join('\n  ')}`,
    );
    return 2;
  }
  const result = await migrate(url!, {
    appRole: appRole!,
    idleInTransactionSessionTimeout: process.env.EVENT_STORE_IDLE_IN_TRANSACTION_TIMEOUT,
    log: (line) => console.log(`event-store migrate: ${line}`),
  });
  console.log(
    `event-store migrate: applied ${result.applied.length ? result.applied.join(', ') : 'nothing'}; ` +
      `already applied ${result.alreadyApplied.length}; grants for ${appRole} refreshed; ` +
      `idle_in_transaction_session_timeout set for ${result.idleTimeoutSetFor}`,
  );
  return 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(
      `event-store migrate failed: ${error instanceof Error ? error.message : String(error)}`,
    );
    process.exit(1);
  },
);
