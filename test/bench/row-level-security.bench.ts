// `npm run bench -- row-level-security`: what the category policies of the one store cost (ADR
// 0010). The same store, the same writers and readers, connected as roles the policies apply to
// and as the table's owner, which they do not; each round starts with another side. Goal: the
// policies cost at most 5% (ratio ≥ 0.95).
import { migrate, Position, PostgresEventStore } from '@dinsos/event-store';
import { createTestDatabase } from '@dinsos/testing';
import { Pool } from 'pg';
import { measure, nextRound, rate, storeWriter } from './event-store.bench';
import { streamingTable } from './table';

const ROUNDS = 6;
const SECONDS_PER_ROUND = 1;
const APPENDS = [
  { batch: 1, writers: 1 },
  { batch: 1, writers: 16 },
  { batch: 100, writers: 4 },
];
const READ_ROUNDS = 6;
const READ_SECONDS_PER_ROUND = 0.5;

export const estimatedSeconds =
  APPENDS.length * 2 * ROUNDS * SECONDS_PER_ROUND +
  2 * 2 * READ_ROUNDS * READ_SECONDS_PER_ROUND +
  10;

function pool(url: string): Pool {
  const made = new Pool({ connectionString: url, max: 20 });
  made.on('error', () => undefined); // drop() ends connections the pool is still closing
  return made;
}

async function readRate(store: PostgresEventStore, categories?: string[]): Promise<number> {
  let read = 0;
  let from = Position.start;
  const started = performance.now();
  while (performance.now() - started < READ_SECONDS_PER_ROUND * 1000) {
    const page = await store.readAll({
      from,
      maxCount: 1000,
      ...(categories ? { filter: { categories } } : {}),
    });
    if (!page.length) from = Position.start;
    else {
      read += page.length;
      from = page[page.length - 1].position;
    }
  }
  return read / ((performance.now() - started) / 1000);
}

export default async function run(): Promise<void> {
  const database = await createTestDatabase({ prefix: 'bench' });
  const service = await database.createRole('bench_service');
  const reader = await database.createRole('bench_reader');
  await migrate(database.ownerUrl, {
    roles: [
      { name: service.name, appends: ['rls'] },
      { name: reader.name, appends: [], reads: ['*'] },
    ],
  });
  const stores = {
    service: new PostgresEventStore(pool(service.url)),
    reader: new PostgresEventStore(pool(reader.url)),
    owner: new PostgresEventStore(pool(database.ownerUrl)),
  };
  try {
    console.log('rates in events/s; each row is printed once measured');
    const table = streamingTable([
      { title: 'operation', width: 34 },
      { title: 'writers' },
      { title: 'with policies', width: 9 },
      { title: 'owner, exempt', width: 9 },
      { title: 'ratio' },
      { title: 'goal' },
    ]);
    const report = (operation: string, writers: number, policed: number, exempt: number) =>
      table.row([
        operation,
        String(writers),
        rate(policed),
        rate(exempt),
        (policed / exempt).toFixed(2),
        policed / exempt >= 0.95 ? '≥ 0.95 ok' : '< 0.95',
      ]);

    for (const { batch, writers } of APPENDS) {
      const sides = [
        { writer: storeWriter(stores.service, 'rls'), total: 0 },
        { writer: storeWriter(stores.owner, 'rls'), total: 0 },
      ];
      for (let round = 0; round < ROUNDS; round++) {
        for (let i = 0; i < sides.length; i++) {
          nextRound(); // each side writes streams of its own
          const side = sides[(round + i) % sides.length];
          side.total += await measure(writers, batch, side.writer);
        }
      }
      report(
        `append ${batch === 1 ? 'single event' : `${batch}-event batch`} (service)`,
        writers,
        sides[0].total / ROUNDS,
        sides[1].total / ROUNDS,
      );
    }

    // With statistics, as a live store has them (autovacuum): the reads plan on the position key.
    await stores.owner.pool.query('analyze event_store.events');
    for (const [label, policed, categories] of [
      ['readAll, own category (service)', stores.service, ['rls']],
      ['readAll, everything (read side)', stores.reader, undefined],
    ] as const) {
      const totals = [0, 0];
      for (let round = 0; round < READ_ROUNDS; round++) {
        for (let i = 0; i < 2; i++) {
          const side = (round + i) % 2;
          totals[side] += await readRate(
            side === 0 ? policed : stores.owner,
            categories && [...categories],
          );
        }
      }
      report(label, 1, totals[0] / READ_ROUNDS, totals[1] / READ_ROUNDS);
    }
  } finally {
    for (const store of Object.values(stores)) {
      await store.close();
      await store.pool.end();
    }
    await database.drop();
  }
}
