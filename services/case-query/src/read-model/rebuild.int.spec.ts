// The rebuild from zero on real PostgreSQL: a fresh schema projected from the whole store beside
// the live read model, equal to it (checksums of every row), then switched in while the service
// answers, the service projecting on in the switched tables; and the CLI refusing bad input
// without changing anything.
import { execFile } from 'node:child_process';
import path from 'node:path';
import { ServiceDeployment, type ServiceInstance } from '@dinsos/platform/testing';
import { Client } from 'pg';
import { caseQueryConfigSchema } from '../case-query-config';
import {
  appendInOrder,
  banten,
  caseOf,
  complaintReceived,
  type StoreEvent,
} from '../testing/store-events';
import { ReadModel } from './read-model';
import { readModelProjectionName } from './read-model.projection';
import { rebuildReadModel, RebuildAborted, RebuildRefused, type RebuildProgress } from './rebuild';
import { deployCaseQuery } from '../testing/deployment';

const run = Date.now().toString(36).slice(-5);
const at = (minute: number, day = 2) =>
  new Date(Date.UTC(2026, 2, day, 1, 0) + minute * 60_000).toISOString().replace('Z', '+00:00');
const offices = ['3603', '3601', '3602', '36'];

/** Cases in every stage across intake, assessment, tracing and placement, and complaints. */
function storeOf(cases: number, from: number, aboutNoCase = true): StoreEvent[] {
  const events: StoreEvent[] = [];
  for (let n = from; n < from + cases; n += 1) {
    const office = offices[n % offices.length];
    const one = caseOf(`${office}-2026-${run}${n}`, office, office === '36' ? banten : undefined);
    events.push(one.reported(at(n)), one.opened(at(n + 30)));
    if (n % 3 !== 0) events.push(one.assessmentStarted(at(n + 60)));
    if (n % 3 === 1) events.push(one.recommended(at(n, 3)), one.tracingStarted(at(n + 5, 3)));
    if (n % 5 === 0 && office !== '36') {
      events.push(one.returnedHome(at(n, 4)), one.closed(at(n, 4), at(n + 30), '2026-03-09'));
    }
    if (n % 7 === 3 && office === '3602') events.push(one.transferred(at(n + 90), '36'));
    if (n % 4 === 2) events.push(complaintReceived(office, at(n + 120), one.caseId));
  }
  if (aboutNoCase) events.push(complaintReceived('3603', at(400), null));
  return events;
}

interface TableSum {
  rows: number;
  md5: string;
}

const keys = { case_summaries: 'case_id', complaint_summaries: 'complaint_id' } as const;

/** Every row as text, in key order, hashed; and the read model's checkpoint. */
async function checksums(client: Client, schema: string) {
  const tables: Record<string, TableSum> = {};
  for (const [table, key] of Object.entries(keys)) {
    const { rows } = await client.query<TableSum>(
      `select count(*)::int as rows,
              md5(coalesce(string_agg(t::text, E'\\n' order by t.${key}), '')) as md5
         from ${schema}.${table} t`,
    );
    tables[table] = rows[0];
  }
  const { rows } = await client.query<{ position: string }>(
    `select position from ${schema}.platform_projection_checkpoints where name = $1`,
    [readModelProjectionName],
  );
  return { tables, checkpoint: rows[0]?.position };
}

const cli = path.join(__dirname, 'rebuild-cli.ts');

function runCli(
  args: string[],
  env: Record<string, string>,
): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['-r', '@swc-node/register', cli, ...args],
      {
        env: { PATH: process.env.PATH ?? '', ...env },
        cwd: path.join(__dirname, '../../../..'),
        timeout: 30_000,
      },
      (error, stdout, stderr) =>
        resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
    );
  });
}

describe('rebuilding the read model from zero', () => {
  let deployment: ServiceDeployment<typeof caseQueryConfigSchema>;
  let instance: ServiceInstance;
  let owner: Client;
  let ownerUrl: string;
  let last: string;
  let appended = 0;

  const schemas = async () =>
    (
      await owner.query<{ nspname: string }>(
        `select nspname from pg_namespace where nspname like 'case_query%' order by nspname`,
      )
    ).rows.map((row) => row.nspname);

  beforeAll(async () => {
    deployment = await deployCaseQuery({ CASE_QUERY_MAX_WAIT_MS: '3000' });
    instance = await deployment.start();
    ownerUrl = deployment.database.urlAs('dinsos_case_query_owner');
    owner = new Client({ connectionString: ownerUrl });
    await owner.connect();
    // Four writers at once, each case's events in order (the store's order interleaves them).
    const written = await Promise.all(
      [0, 15, 30, 45].map((from) => appendInOrder(deployment, storeOf(15, from, from === 0))),
    );
    appended = written.flat().length;
    last = written.flat().sort().at(-1) as string;
    expect(await instance.app.get(ReadModel).waitFor(last, 20_000)).toBe(true);
  }, 60_000);

  afterAll(async () => {
    await owner?.end();
    await deployment?.stop();
  });

  it('builds a fresh schema whose rows equal the live ones, committing batch by batch', async () => {
    const progress: RebuildProgress[] = [];
    const result = await rebuildReadModel({
      ownerUrl,
      appUrl: deployment.databaseUrl,
      switchOver: false,
      keepSchema: true,
      batchSize: 25,
      onProgress: (step) => progress.push(step),
    });
    try {
      expect(result).toMatchObject({ switched: false, oldSchema: null, position: last });
      expect(result.rebuildSchema).toMatch(/^case_query_rebuild_\d{17}$/);
      expect(result.eventsDone).toBe(appended);
      expect(result.slowestCommitMs).toBeLessThan(1000);
      const live = await checksums(owner, 'case_query');
      expect(live.tables.case_summaries.rows).toBe(60);
      expect(live.tables.complaint_summaries.rows).toBe(16);
      expect(await checksums(owner, result.rebuildSchema)).toEqual(live);
      expect(progress[0]).toMatchObject({ done: 0, total: appended, phase: 'replaying' });
      expect(progress[progress.length - 1]).toMatchObject({
        done: appended,
        total: appended,
        etaSeconds: 0,
        phase: 'done',
      });
      // The app role projected it; the owner owns it (as the live tables).
      const { rows } = await owner.query<{ owner: string; app_writes: boolean }>(
        `select pg_get_userbyid(relowner) as owner,
                has_table_privilege('dinsos_case_query', oid, 'INSERT') as app_writes
           from pg_class where oid = $1::regclass`,
        [`${result.rebuildSchema}.case_summaries`],
      );
      expect(rows[0]).toEqual({ owner: 'dinsos_case_query_owner', app_writes: true });
    } finally {
      await owner.query(`drop schema ${result.rebuildSchema} cascade`);
    }
  });

  it('switches over while the service answers; the service projects on into the new tables', async () => {
    const before = await checksums(owner, 'case_query');
    const oid = async () =>
      (await owner.query<{ oid: number }>(`select 'case_query.case_summaries'::regclass::oid`))
        .rows[0].oid;
    const liveOid = await oid();
    const token = await deployment.tokenFor('supervisor', '36');
    // Requests all along, and events appended during the rebuild: nothing fails, nothing is lost.
    let reading = true;
    const statuses: number[] = [];
    const reflected: string[] = [];
    const reader = (async () => {
      while (reading) {
        const response = await instance.http
          .get('/cases?limit=5')
          .set('Authorization', `Bearer ${token}`);
        statuses.push(response.status);
        reflected.push(response.headers['x-store-position']);
      }
    })();
    const during = appendInOrder(deployment, storeOf(10, 100));
    const result = await rebuildReadModel({
      ownerUrl,
      appUrl: deployment.databaseUrl,
      batchSize: 40,
    });
    const duringPositions = await during;
    reading = false;
    await reader;
    expect(statuses.length).toBeGreaterThan(0);
    expect(statuses.every((status) => status === 200)).toBe(true);
    // One reader's answers never go back in the store, across the switch too.
    expect(reflected).toEqual([...reflected].sort());
    // The live runner met a moved checkpoint and started again from it: no failure, no retry.
    expect(
      deployment.logs.lines.filter((line) => /projection failed/.test(String(line.msg))),
    ).toEqual([]);
    expect(result).toMatchObject({ switched: true });
    expect(result.oldSchema).toMatch(/^case_query_old_\d{17}$/);
    expect(await oid()).not.toBe(liveOid);
    expect(await schemas()).toEqual(['case_query', result.oldSchema]);
    // The replaced tables kept, as they were when switched away.
    expect(
      (await checksums(owner, result.oldSchema as string)).tables.case_summaries.rows,
    ).toBeGreaterThanOrEqual(before.tables.case_summaries.rows);

    // The service goes on from the switched checkpoint: events appended now are projected there.
    const after = storeOf(3, 200);
    const positions = await appendInOrder(deployment, after);
    const newest = positions[positions.length - 1];
    expect(newest > duringPositions[duringPositions.length - 1]).toBe(true);
    const caseId = after[0].event.caseId as string;
    const response = await instance.http
      .get(`/cases/${caseId}`)
      .set('Authorization', `Bearer ${token}`)
      .set('X-Min-Position', newest);
    expect(response.status).toBe(200);
    expect(response.headers['x-store-position'] >= newest).toBe(true);
    expect(response.body.summary).toMatchObject({ caseId });

    // And what it projected since equals a rebuild of the whole store, again.
    const check = await rebuildReadModel({
      ownerUrl,
      appUrl: deployment.databaseUrl,
      switchOver: false,
      keepSchema: true,
    });
    try {
      expect(await instance.app.get(ReadModel).waitFor(check.position as string, 10_000)).toBe(
        true,
      );
      const live = await checksums(owner, 'case_query');
      expect(live.tables.case_summaries.rows).toBe(73);
      expect(await checksums(owner, check.rebuildSchema)).toEqual(live);
    } finally {
      await owner.query(`drop schema ${check.rebuildSchema} cascade`);
      await owner.query(`drop schema ${result.oldSchema} cascade`);
    }
  });

  it('refuses bad options and unusable databases, and changes nothing', async () => {
    const before = await schemas();
    const appUrl = deployment.databaseUrl;
    const unreachable = 'postgres://dinsos_case_query_owner:x@127.0.0.1:1/nowhere';
    const noSuchDatabase = new URL(appUrl);
    noSuchDatabase.pathname = '/no_such_database';
    const [built, unknownFlag, noDatabase, badApp] = await Promise.all([
      runCli(['--no-switch', '--batch-size', '30'], {
        DATABASE_URL: appUrl,
        DATABASE_MIGRATION_URL: ownerUrl,
      }),
      runCli(['--frobnicate'], { DATABASE_URL: appUrl, DATABASE_MIGRATION_URL: ownerUrl }),
      runCli([], { DATABASE_URL: appUrl, DATABASE_MIGRATION_URL: unreachable }),
      runCli([], { DATABASE_URL: noSuchDatabase.toString(), DATABASE_MIGRATION_URL: ownerUrl }),
    ]);
    // What a run looks like off a terminal: a line per phase (and every few seconds).
    expect(built.code).toBe(0);
    const kept = /built (case_query_rebuild_\d{17}) \(not switched\): (\d+) events in/.exec(
      built.stdout,
    );
    expect(kept).not.toBeNull();
    await owner.query(`drop schema ${kept?.[1]} cascade`);
    expect(built.stderr).toMatch(
      /^rebuild: \[\.+\] 0\/[\d,]+ events 0% 0 ev\/s ETA --:--\n(.*\n)*rebuild: \[#+\] ([\d,]+)\/\2 events 100% [\d,]+ ev\/s done\n$/,
    );
    expect(built.stderr).not.toContain('\r');
    expect(unknownFlag).toMatchObject({ code: 2, stdout: '' });
    expect(unknownFlag.stderr).toMatch(/Unknown option '--frobnicate'[\s\S]*usage: rebuild-cli/);
    expect(noDatabase.code).toBe(2);
    expect(noDatabase.stderr).toMatch(
      /rebuild refused: cannot connect to dinsos_case_query_owner@127\.0\.0\.1:1\/nowhere \(the owner URL\): .+; nothing was changed/,
    );
    expect(noDatabase.stderr).not.toContain(':x@');
    expect(badApp.code).toBe(2);
    expect(badApp.stderr).toMatch(
      /cannot connect to dinsos_case_query@.+\/no_such_database \(the app URL\): .*no_such_database/,
    );
    // The same checks, called as a function: the owner must own the live tables.
    await expect(rebuildReadModel({ ownerUrl: appUrl, appUrl, switchOver: false })).rejects.toThrow(
      /dinsos_case_query does not own case_query\.platform_projection_checkpoints/,
    );
    await expect(rebuildReadModel({ ownerUrl, appUrl, batchSize: 0 })).rejects.toThrow(
      RebuildRefused,
    );
    // Interrupted half-way (Ctrl-C in the CLI): the fresh schema goes, the live one stays.
    const interrupt = new AbortController();
    await expect(
      rebuildReadModel({
        ownerUrl,
        appUrl,
        batchSize: 20,
        signal: interrupt.signal,
        onProgress: (progress) => {
          if (progress.done > 0) interrupt.abort();
        },
      }),
    ).rejects.toThrow(RebuildAborted);
    expect(await schemas()).toEqual(before);
  });
});
