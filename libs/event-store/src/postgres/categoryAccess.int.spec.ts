// One store for the whole system: each service's role appends to and reads only its own
// categories, on every path into the table; the read side reads all (DESIGN.md section 2).
import { randomUUID } from 'node:crypto';
import { generateKeyPairSync } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createTestDatabase, queryAs, type TestDatabase } from '@dinsos/testing';
import { newEvent } from '../contract/fixtures';
import { CategoryAccessDenied } from '../errors';
import { sealNow } from '../seals/sealStreams';
import { migrate } from './migrate';
import { PostgresEventStore } from './PostgresEventStore';
import { READ_ALL_SQL } from './readAll';
import { verifyAll, verifyCase } from './verify';

const query = queryAs;

const rawInsert = `insert into event_store.events
    (event_id, stream_id, stream_revision, type, case_id, document, prev_hash, hash)
  values ($1, $2, 0, 'Forged', null, '{}', decode(repeat('00', 32), 'hex'), decode(repeat('11', 32), 'hex'))`;

const appendFunction = `select * from event_store.append_to_stream($1, 'any', null, $2::uuid[],
  array['Forged'], array[null]::text[], array['{}'])`;

describe('category access in the one store', () => {
  let database: TestDatabase;
  const roles: Record<'alpha' | 'beta' | 'reader', { name: string; url: string }> = {} as never;
  const stores: Record<string, PostgresEventStore> = {};

  beforeAll(async () => {
    database = await createTestDatabase();
    roles.alpha = await database.createRole('svc_alpha');
    roles.beta = await database.createRole('svc_beta');
    roles.reader = await database.createRole('reader');
    await migrate(database.ownerUrl, {
      roles: [
        { name: roles.alpha.name, appends: ['alpha', 'alphaClient'] },
        { name: roles.beta.name, appends: ['beta'] },
        { name: roles.reader.name, appends: [], reads: ['*'] },
      ],
    });
    for (const [name, role] of Object.entries(roles)) {
      stores[name] = new PostgresEventStore(role.url);
    }
    await stores.alpha.appendToStream('alpha-1', [newEvent({ caseId: 'case-1' })], {
      expectedRevision: 'noStream',
    });
    await stores.alpha.appendToStream('alphaClient-1', [newEvent({ caseId: 'case-1' })], {
      expectedRevision: 'noStream',
    });
    await stores.beta.appendToStream('beta-1', [newEvent({ caseId: 'case-1' })], {
      expectedRevision: 'noStream',
    });
  });

  afterAll(async () => {
    for (const store of Object.values(stores)) await store.close();
    await database.drop();
  });

  it("refuses a service's append to another service's category with a named error", async () => {
    const error = await stores.alpha
      .appendToStream('beta-2', [newEvent()], { expectedRevision: 'any' })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CategoryAccessDenied);
    expect(error).toMatchObject({ operation: 'append', category: 'beta', role: roles.alpha.name });
    await expect(
      stores.reader.appendToStream('alpha-9', [newEvent()], { expectedRevision: 'any' }),
    ).rejects.toBeInstanceOf(CategoryAccessDenied);
  });

  it.each([
    ['a direct INSERT', rawInsert, (id: string) => [id, 'beta-3']],
    ['append_to_stream called directly', appendFunction, (id: string) => ['beta-3', [id]]],
  ])('refuses %s into a category not granted, in the database itself', async (_, sql, args) => {
    await expect(query(roles.alpha.url, sql, args(randomUUID()))).rejects.toMatchObject({
      code: '42501',
      message: expect.stringMatching(/row-level security/),
    });
    const { rows } = await query(
      database.ownerUrl,
      'select count(*)::int as n from event_store.events where stream_id = $1',
      ['beta-3'],
    );
    expect(rows[0].n).toBe(0);
  });

  it('lets a service read only its own categories, and the read side everything', async () => {
    const visible = async (role: keyof typeof roles) =>
      (
        await query(roles[role].url, 'select stream_id from event_store.events order by stream_id')
      ).rows.map((row) => row.stream_id);
    expect(await visible('alpha')).toEqual(['alpha-1', 'alphaClient-1']);
    expect(await visible('beta')).toEqual(['beta-1']);
    expect(await visible('reader')).toEqual(['alpha-1', 'alphaClient-1', 'beta-1']);
    expect((await stores.alpha.readCase('case-1')).map((e) => e.streamId)).toEqual([
      'alpha-1',
      'alphaClient-1',
    ]);
    expect((await stores.reader.readCase('case-1')).map((e) => e.streamId)).toEqual([
      'alpha-1',
      'alphaClient-1',
      'beta-1',
    ]);
    await expect(stores.alpha.readStream('beta-1')).rejects.toMatchObject({
      operation: 'read',
      category: 'beta',
    });
    await expect(stores.beta.readAll({ filter: { categories: ['alpha'] } })).rejects.toBeInstanceOf(
      CategoryAccessDenied,
    );
  });

  it('gives each role policies of its own, with its categories as constants', async () => {
    const policies = async () =>
      (
        await query(
          database.ownerUrl,
          `select policyname, cmd, roles::text[] as roles, qual, with_check from pg_policies
            where tablename = 'events' order by policyname`,
        )
      ).rows;
    expect(await policies()).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ cmd: 'SELECT', roles: [roles.reader.name], qual: 'true' }),
        expect.objectContaining({
          cmd: 'SELECT',
          roles: [roles.alpha.name],
          qual: "(stream_category = ANY ('{alpha,alphaClient}'::text[]))",
        }),
        expect.objectContaining({
          cmd: 'INSERT',
          roles: [roles.alpha.name],
          with_check: "(stream_category = ANY ('{alpha,alphaClient}'::text[]))",
        }),
      ]),
    );
    // The reader appends nowhere: no INSERT policy names it.
    expect(
      (await policies()).filter((p) => p.cmd === 'INSERT' && p.roles.includes(roles.reader.name)),
    ).toEqual([]);
    // Migrating again changes no policy (changing one would lock the table).
    const before = await query(database.ownerUrl, 'select oid from pg_policy order by oid');
    await migrate(database.ownerUrl, {
      roles: [{ name: roles.alpha.name, appends: ['alpha', 'alphaClient'] }],
    });
    expect((await query(database.ownerUrl, 'select oid from pg_policy order by oid')).rows).toEqual(
      before.rows,
    );
  });

  it.each(['alpha', 'reader'] as const)(
    'leaves the %s role unable to switch off the triggers, update or delete',
    async (role) => {
      const url = roles[role].url;
      await expect(
        query(url, 'alter table event_store.events disable trigger all'),
      ).rejects.toThrow(/must be owner/);
      await expect(
        query(url, 'alter table event_store.events disable row level security'),
      ).rejects.toThrow(/must be owner/);
      await expect(
        query(url, `update event_store.events set type = 'Rewritten'`),
      ).rejects.toMatchObject({
        code: '42501',
      });
      await expect(query(url, 'delete from event_store.events')).rejects.toMatchObject({
        code: '42501',
      });
      await expect(query(url, 'delete from event_store.category_access')).rejects.toMatchObject({
        code: '42501',
      });
    },
  );

  it('keeps readAll on the position primary key under row-level security', async () => {
    // Its own database: rows written as the owner, with made-up hashes, to give the planner a
    // table worth an index.
    const big = await createTestDatabase();
    try {
      const reader = await big.createRole('svc_alpha');
      await migrate(big.ownerUrl, { roles: [{ name: reader.name, appends: ['alpha'] }] });
      await query(
        big.ownerUrl,
        `insert into event_store.events
           (event_id, stream_id, stream_revision, type, document, prev_hash, hash)
         select gen_random_uuid(), (case when n % 2 = 0 then 'alpha-' else 'beta-' end) || n, 0,
                'Filler', '{}', decode(repeat('00', 32), 'hex'), decode(repeat('11', 32), 'hex')
           from generate_series(1, 20000) n;
         analyze event_store.events`,
      );
      const plan = async (categories: string[] | null) =>
        (
          await query(reader.url, `explain ${READ_ALL_SQL}`, ['0', '0', categories, null, 1000])
        ).rows
          .map((row) => row['QUERY PLAN'])
          .join('\n');
      for (const categories of [null, ['alpha']]) {
        const shown = await plan(categories);
        expect(shown).toMatch(/Index Scan using events_position_pk on events/);
        expect(shown).not.toMatch(/Seq Scan on events|Sort/);
      }
    } finally {
      await big.drop();
    }
  });

  it('seals and verifies the whole store only as a role that reads every category', async () => {
    const { privateKey } = generateKeyPairSync('ed25519');
    const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'seals-'));
    try {
      await expect(
        sealNow(stores.alpha.pool, {
          directory,
          privateKey: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
        }),
      ).rejects.toThrow(/may not read every stream category/);
      await expect(verifyAll(stores.alpha.pool)).rejects.toBeInstanceOf(CategoryAccessDenied);
      await expect(verifyCase(stores.beta.pool, 'case-1')).rejects.toBeInstanceOf(
        CategoryAccessDenied,
      );
      const seal = await sealNow(stores.reader.pool, {
        directory,
        privateKey: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
      });
      expect(seal?.streams.map((head) => head.streamId)).toEqual([
        'alpha-1',
        'alphaClient-1',
        'beta-1',
      ]);
      expect(await verifyAll(stores.reader.pool)).toMatchObject({ ok: true, streamsChecked: 3 });
    } finally {
      fs.rmSync(directory, { recursive: true, force: true });
    }
  });

  it('replaces a role’s access with what it is configured to do at every migration', async () => {
    await migrate(database.ownerUrl, {
      roles: [{ name: roles.beta.name, appends: ['gamma'], reads: ['alpha'] }],
    });
    const { rows } = await query(
      database.ownerUrl,
      'select category, may_append from event_store.category_access where role_name = $1 order by category',
      [roles.beta.name],
    );
    expect(rows).toEqual([
      { category: 'alpha', may_append: false },
      { category: 'gamma', may_append: true },
    ]);
    const fresh = new PostgresEventStore(roles.beta.url);
    try {
      await expect(
        fresh.appendToStream('beta-4', [newEvent()], { expectedRevision: 'any' }),
      ).rejects.toBeInstanceOf(CategoryAccessDenied);
      await expect(
        fresh.appendToStream('alpha-4', [newEvent()], { expectedRevision: 'any' }),
      ).rejects.toBeInstanceOf(CategoryAccessDenied);
      expect(await fresh.readStream('alpha-1')).toHaveLength(1);
    } finally {
      await fresh.close();
    }
  });
});
