// Rebuilds case-query's read model from zero beside the live one, then switches over:
//   npx nx run case-query:rebuild [-- --drop-old | --no-switch | --batch-size N]
//   node -r @swc-node/register services/case-query/src/read-model/rebuild-cli.ts [options]
//   DATABASE_URL            the service's role (dinsos_case_query): reads the store, writes the rows
//   DATABASE_MIGRATION_URL  the owner of the service's schema: creates the fresh schema, switches
//   DATABASE_SCHEMA         the live schema (default case_query)
// Progress (events done of total, events/s, ETA) on stderr; the result on stdout.
// Exit 0 done, 1 failed (nothing switched), 2 misconfigured or refused (nothing changed),
// 130 interrupted before the switch-over (nothing changed).
import { parseArgs } from 'node:util';
import { progressPrinter } from './rebuild-progress';

const usage = `usage: rebuild-cli [--no-switch] [--drop-old] [--batch-size N] [--schema NAME]
  --no-switch      build the fresh schema and keep it beside the live one (no switch-over)
  --drop-old       after the switch-over, drop the replaced tables (default: kept in <schema>_old_<time>)
  --batch-size N   the most events per transaction, 1 to 50000 (default 5000; each batch is sized to commit in ~0.4 s)
  --schema NAME    the live schema (default DATABASE_SCHEMA, else case_query)
environment: DATABASE_URL (the service's role), DATABASE_MIGRATION_URL (the schema's owner)`;

function options(argv: string[]) {
  const { values } = parseArgs({
    args: argv,
    allowPositionals: false,
    options: {
      'no-switch': { type: 'boolean', default: false },
      'drop-old': { type: 'boolean', default: false },
      'batch-size': { type: 'string' },
      schema: { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  return values;
}

async function main(): Promise<number> {
  let values: ReturnType<typeof options>;
  try {
    values = options(process.argv.slice(2));
  } catch (error) {
    console.error(`rebuild: ${error instanceof Error ? error.message : String(error)}\n${usage}`);
    return 2;
  }
  if (values.help) {
    console.log(usage);
    return 0;
  }
  const appUrl = process.env.DATABASE_URL;
  const ownerUrl = process.env.DATABASE_MIGRATION_URL;
  if (!appUrl || !ownerUrl) {
    console.error(
      `rebuild: ${!appUrl ? 'DATABASE_URL' : 'DATABASE_MIGRATION_URL'} is not set\n${usage}`,
    );
    return 2;
  }
  if (values['no-switch'] && values['drop-old']) {
    console.error(`rebuild: --drop-old needs a switch-over; not with --no-switch\n${usage}`);
    return 2;
  }
  const batchText = values['batch-size'];
  if (batchText !== undefined && !/^\d+$/.test(batchText)) {
    console.error(`rebuild: --batch-size must be a whole number, not "${batchText}"\n${usage}`);
    return 2;
  }
  // Loaded only now: a wrong option is told at once, before the database code loads.
  const { rebuildReadModel, RebuildAborted, RebuildRefused } = await import('./rebuild');
  const interrupted = new AbortController();
  const interrupt = () => interrupted.abort();
  process.once('SIGINT', interrupt);
  process.once('SIGTERM', interrupt);
  const printer = progressPrinter(process.stderr);
  try {
    const result = await rebuildReadModel({
      ownerUrl,
      appUrl,
      schema: values.schema ?? process.env.DATABASE_SCHEMA,
      switchOver: !values['no-switch'],
      keepSchema: values['no-switch'],
      dropOld: values['drop-old'],
      batchSize: batchText === undefined ? undefined : Number(batchText),
      onProgress: (progress) => printer.show(progress),
      signal: interrupted.signal,
    });
    printer.end();
    const rate = Math.round((result.eventsDone * 1000) / Math.max(result.durationMs, 1));
    const summary =
      `${result.eventsDone} events in ${(result.durationMs / 1000).toFixed(1)} s (${rate} events/s), ` +
      `slowest commit ${result.slowestCommitMs} ms`;
    if (result.switched) {
      console.log(
        `rebuild: switched over at ${result.position ?? 'the start'}: ${summary}; ` +
          (result.oldSchema
            ? `the replaced tables are in ${result.oldSchema}`
            : 'replaced tables dropped'),
      );
    } else {
      console.log(`rebuild: built ${result.rebuildSchema} (not switched): ${summary}`);
    }
    return 0;
  } catch (error) {
    printer.end();
    if (error instanceof RebuildRefused) {
      console.error(`rebuild refused: ${error.message}; nothing was changed`);
      return 2;
    }
    if (error instanceof RebuildAborted) {
      console.error(`rebuild: ${error.message}`);
      return 130;
    }
    console.error(
      `rebuild failed: ${error instanceof Error ? error.message : String(error)}; ` +
        'the live read model was not switched',
    );
    return 1;
  } finally {
    process.off('SIGINT', interrupt);
    process.off('SIGTERM', interrupt);
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`rebuild failed: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  },
);
