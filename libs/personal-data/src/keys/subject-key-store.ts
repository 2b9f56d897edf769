import { randomUUID } from 'node:crypto';
import type { Pool } from 'pg';
import { newDataKey } from '../crypto/aes-gcm';
import { unwrapDataKey, wrapDataKey, type MasterKey } from './master-key';

/** A data subject's key as the store hands it out. */
export type SubjectKey =
  | { status: 'active'; keyId: string; subjectId: string; key: Buffer }
  | { status: 'erased'; keyId: string; subjectId: string; erasedAt: string };

export interface ErasureResult {
  subjectId: string;
  /** Absent when the subject never had a key (nothing of theirs was ever encrypted). */
  keyId?: string;
  erasedAt?: string;
  /** True when the key had already been erased before this call. */
  alreadyErased: boolean;
}

/** Where data keys live: one per data subject. */
export interface SubjectKeyStore {
  /** The subject's key, created on first use. Throws SubjectKeyErasedError for an erased subject. */
  activeKeyOf(subjectId: string): Promise<Extract<SubjectKey, { status: 'active' }>>;
  /** The key with this id, active or erased; undefined when no such key was ever made. */
  keyById(keyId: string): Promise<SubjectKey | undefined>;
  /** Destroys the subject's key material for good; idempotent. */
  erase(subjectId: string, erasedBy: string, reason: string): Promise<ErasureResult>;
  /**
   * Creates the subject's key for the connecting role alone (a whistle-blower's, complaints
   * only); SubjectKeyNotUsable when the subject already has a key others may use.
   */
  createRestrictedKey?(subjectId: string): Promise<Extract<SubjectKey, { status: 'active' }>>;
}

export class SubjectKeyErasedError extends Error {
  constructor(readonly keyId: string) {
    super(
      `the data key ${keyId} has been erased: no new personal data can be encrypted for its subject`,
    );
    this.name = 'SubjectKeyErasedError';
  }
}

/**
 * The subject's key exists but this service may not use it: it was created for one service only
 * (a whistle-blower's key, for complaints alone).
 */
export class SubjectKeyNotUsable extends Error {
  constructor(readonly subjectId: string) {
    super(`the data key of subject ${subjectId} is reserved to another service`);
    this.name = 'SubjectKeyNotUsable';
  }
}

export class MasterKeyRequiredError extends Error {
  constructor(
    readonly keyId: string,
    readonly wrapping: string,
  ) {
    super(
      `data key ${keyId} is wrapped (${wrapping}) but the master key that wrapped it is not configured: set PERSONAL_DATA_MASTER_KEY to it`,
    );
    this.name = 'MasterKeyRequiredError';
  }
}

interface KeyRow {
  key_id: string;
  subject_id: string;
  key_material: Buffer | null;
  wrapping: string;
  erased_at: Date | null;
  restricted: boolean;
}

function assertSubjectId(subjectId: string): void {
  if (typeof subjectId !== 'string' || subjectId.length === 0 || subjectId.length > 200) {
    throw new RangeError('a subject id is a non-empty string of at most 200 characters');
  }
}

const KEY_COLUMNS =
  'key_id::text as key_id, subject_id, key_material, wrapping, erased_at, usable_by is not null as restricted';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Data keys in `personal_data.subject_keys` (see migratePersonalData), wrapped by the master key
 * when one is given. Keys are not cached: after an erasure no process can open the subject's data.
 */
export class PostgresSubjectKeyStore implements SubjectKeyStore {
  constructor(
    private readonly pool: Pool,
    private readonly masterKey?: MasterKey,
  ) {}

  async activeKeyOf(subjectId: string): Promise<Extract<SubjectKey, { status: 'active' }>> {
    assertSubjectId(subjectId);
    const existing = await this.selectBy('subject_id', subjectId);
    const row = existing ?? (await this.insertKey(subjectId));
    const key = this.toKey(row);
    if (key.status === 'erased') throw new SubjectKeyErasedError(key.keyId);
    return key;
  }

  /**
   * Creates the subject's key for the role this store connects as alone (no other service can
   * read it: a whistle-blower's, for complaints); refused with SubjectKeyNotUsable when the
   * subject has a key already that others may use.
   */
  async createRestrictedKey(subjectId: string): Promise<Extract<SubjectKey, { status: 'active' }>> {
    assertSubjectId(subjectId);
    const row = await this.insertKey(subjectId, { restricted: true });
    const key = this.toKey(row);
    if (key.status === 'erased') throw new SubjectKeyErasedError(key.keyId);
    if (!row.restricted) throw new SubjectKeyNotUsable(subjectId);
    return key;
  }

  async keyById(keyId: string): Promise<SubjectKey | undefined> {
    if (!UUID.test(keyId)) return undefined;
    const row = await this.selectBy('key_id', keyId);
    return row ? this.toKey(row) : undefined;
  }

  async erase(subjectId: string, erasedBy: string, reason: string): Promise<ErasureResult> {
    const { rows } = await this.pool.query<{
      key_id: string;
      erased_at: Date;
      already_erased: boolean;
    }>(
      'select key_id::text as key_id, erased_at, already_erased from personal_data.erase_subject_key($1, $2, $3)',
      [subjectId, erasedBy, reason],
    );
    const row = rows[0];
    if (!row) return { subjectId, alreadyErased: false };
    return {
      subjectId,
      keyId: row.key_id,
      erasedAt: row.erased_at.toISOString(),
      alreadyErased: row.already_erased,
    };
  }

  private async selectBy(
    column: 'subject_id' | 'key_id',
    value: string,
  ): Promise<KeyRow | undefined> {
    const { rows } = await this.pool.query<KeyRow>(
      `select ${KEY_COLUMNS} from personal_data.subject_keys where ${column} = $1`,
      [value],
    );
    return rows[0];
  }

  /**
   * A new key; when another instance created one for the subject first, that one wins. A key this
   * role may not use is one it can neither insert nor see: SubjectKeyNotUsable.
   */
  private async insertKey(
    subjectId: string,
    options: { restricted?: boolean } = {},
  ): Promise<KeyRow> {
    const keyId = randomUUID();
    const dataKey = newDataKey();
    const material = this.masterKey
      ? wrapDataKey(this.masterKey, dataKey, keyId, subjectId)
      : dataKey;
    const wrapping = this.masterKey ? `master:${this.masterKey.fingerprint}` : 'none';
    const { rows } = await this.pool.query<KeyRow>(
      `insert into personal_data.subject_keys (key_id, subject_id, key_material, wrapping, usable_by)
       values ($1, $2, $3, $4, case when $5 then array[current_user]::name[] end)
       on conflict (subject_id) do nothing returning ${KEY_COLUMNS}`,
      [keyId, subjectId, material, wrapping, options.restricted === true],
    );
    if (rows[0]) return rows[0];
    const winner = await this.selectBy('subject_id', subjectId);
    if (!winner) throw new SubjectKeyNotUsable(subjectId);
    return winner;
  }

  private toKey(row: KeyRow): SubjectKey {
    if (row.erased_at || !row.key_material) {
      return {
        status: 'erased',
        keyId: row.key_id,
        subjectId: row.subject_id,
        erasedAt: (row.erased_at ?? new Date(0)).toISOString(),
      };
    }
    if (row.wrapping === 'none') {
      return {
        status: 'active',
        keyId: row.key_id,
        subjectId: row.subject_id,
        key: row.key_material,
      };
    }
    if (!this.masterKey || row.wrapping !== `master:${this.masterKey.fingerprint}`) {
      throw new MasterKeyRequiredError(row.key_id, row.wrapping);
    }
    return {
      status: 'active',
      keyId: row.key_id,
      subjectId: row.subject_id,
      key: unwrapDataKey(this.masterKey, row.key_material, row.key_id, row.subject_id),
    };
  }
}
