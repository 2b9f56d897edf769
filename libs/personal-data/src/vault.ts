import {
  EncryptedField,
  ErasedField,
  getEventDefinition,
  isPersonalFieldValue,
  listPersonalFields,
  validateEvent,
  type PersonalFieldLocation,
} from '@dinsos/contracts';
import {
  decrypt,
  deriveKey,
  encrypt,
  encryptWithIv,
  syntheticIv,
  type EncryptedBytes,
} from './crypto/aes-gcm';
import { assertDataAccess, type DataAccess, type DataAccessRecord } from './access';
import {
  findValues,
  isCollection,
  segmentsOf,
  pathOf,
  plaintextSchemasAt,
  type FoundValue,
} from './fields/payload-paths';
import type { ErasureResult, SubjectKey, SubjectKeyStore } from './keys/subject-key-store';

type ActiveKey = Extract<SubjectKey, { status: 'active' }>;
type Payload = Record<string, unknown>;

/** What `decryptField` gives back: the value, or the fact that its subject's key was erased. */
export type DecryptedField<T = unknown> =
  | { status: 'readable'; value: T; keyId: string; subjectId: string }
  | { status: 'erased'; keyId: string };

export interface EncryptPayloadOptions {
  /**
   * The subject of personal fields that no subject reference encloses (ReportReceived's
   * `foundAt` and `circumstances` belong to the client, who has no id in that payload).
   */
  subjectId?: string;
}

export interface EncryptedPayload {
  /** The payload in the contracts' stored form, validated against the event's schema. */
  payload: Payload;
  /** Every data subject the payload names or holds data of: for the envelope's `subjectIds`. */
  subjectIds: string[];
}

/** A file encrypted with its subject's key; deterministic: the same bytes give the same result. */
export interface EncryptedFile {
  keyId: string;
  iv: Buffer;
  tag: Buffer;
  ciphertext: Buffer;
}

export type DecryptedFile =
  { status: 'readable'; bytes: Buffer; subjectId: string } | { status: 'erased'; keyId: string };

/** A payload could not be put in its stored form; says where, never what (values are personal). */
export class PayloadEncryptionError extends Error {
  constructor(
    readonly eventType: string,
    readonly schemaVersion: number,
    readonly problems: string[],
  ) {
    super(`${eventType} v${schemaVersion}: ${problems.join('; ')}`);
    this.name = 'PayloadEncryptionError';
  }
}

export class UnknownDataKeyError extends Error {
  constructor(readonly keyId: string) {
    super(
      `no data key ${keyId} exists (neither active nor erased): the value was encrypted elsewhere or the keys table is incomplete`,
    );
    this.name = 'UnknownDataKeyError';
  }
}

export class PersonalDataIntegrityError extends Error {
  constructor(readonly keyId: string) {
    super(
      `a value encrypted with data key ${keyId} fails authentication: it was altered or encrypted with another key`,
    );
    this.name = 'PersonalDataIntegrityError';
  }
}

export interface PersonalDataVaultOptions {
  keys: SubjectKeyStore;
  /**
   * Called before every decryption with who, why and whose key (never a value), awaited: recorded
   * reads hook in here, and a throw refuses the read.
   */
  recordAccess?: (record: DataAccessRecord) => void | Promise<void>;
}

const FIELD_AAD = 'dinsos.personal-field.v1';
const FILE_AAD = 'dinsos.file.v1';

function aad(label: string, keyId: string): Buffer {
  return Buffer.from(`${label}\0${keyId}`, 'utf8');
}

function base64(buffer: Buffer): string {
  return buffer.toString('base64');
}

/**
 * Personal data of every data subject (client, reporter, escort, family member, complainant)
 * encrypted with that subject's own key, AES-256-GCM. Personal fields are found through the
 * contracts (`listPersonalFields`), never listed here. All decryption passes through one private
 * method (`decryptBytes`), reached by `decryptField` for event fields and `decryptFile` for files:
 * that is where access is checked and recorded.
 */
export class PersonalDataVault {
  private readonly keys: SubjectKeyStore;
  private readonly recordAccess?: PersonalDataVaultOptions['recordAccess'];

  constructor(options: PersonalDataVaultOptions) {
    this.keys = options.keys;
    this.recordAccess = options.recordAccess;
  }

  /** Encrypts one value (any JSON) with the subject's key, in the contracts' wire form. */
  async encryptValue(subjectId: string, value: unknown): Promise<EncryptedField> {
    return this.encryptWithKey(await this.keys.activeKeyOf(subjectId), value);
  }

  /**
   * Puts an event payload written with plaintext in its personal fields into the stored form:
   * each personal field is checked against its plaintext schema and encrypted with the key of its
   * subject — the subject reference beside it or in the nearest object around it (`personId` of
   * a reporter, `clientId` of the payload), else `options.subjectId`. A field already in the
   * stored form (copied from an earlier event) is kept when it was encrypted for that same subject.
   * The result is validated against the event's schema.
   */
  async encryptPayload(
    eventType: string,
    schemaVersion: number,
    payload: Payload,
    options: EncryptPayloadOptions = {},
  ): Promise<EncryptedPayload> {
    const schema = getEventDefinition(eventType, schemaVersion).payload;
    const fields = listPersonalFields(schema);
    const references = fields.filter((f) => f.storage === 'clear');
    const scalarReferences = references.filter((f) => !isCollection(segmentsOf(f.path).at(-1)));
    const output = structuredClone(payload);
    const problems: string[] = [];
    const keys = new Map<string, Promise<ActiveKey>>();
    const keyOf = (subjectId: string) => {
      let key = keys.get(subjectId);
      if (!key) {
        key = this.keys.activeKeyOf(subjectId);
        keys.set(subjectId, key);
      }
      return key;
    };
    const subjects = new Set<string>();

    for (const field of fields.filter((f) => f.storage === 'encrypted')) {
      const plaintextSchemas = plaintextSchemasAt(schema, field.path);
      for (const found of findValues(output, field.path)) {
        const subjectId = subjectOf(field, found, scalarReferences, options.subjectId, problems);
        if (!subjectId) continue;
        subjects.add(subjectId);
        const key = await keyOf(subjectId);
        if (isPersonalFieldValue(found.value)) {
          if (found.value.keyId !== key.keyId) {
            problems.push(
              `${found.concretePath} is encrypted for another subject than ${field.path}'s`,
            );
          }
          continue;
        }
        if (!plaintextSchemas.some((plaintext) => plaintext.safeParse(found.value).success)) {
          problems.push(`${found.concretePath} does not match its plaintext schema`);
          continue;
        }
        found.set(this.encryptWithKey(key, found.value));
      }
    }
    for (const reference of references) {
      for (const found of findValues(output, reference.path)) {
        if (typeof found.value === 'string') subjects.add(found.value);
      }
    }
    if (problems.length) throw new PayloadEncryptionError(eventType, schemaVersion, problems);
    const validated = validateEvent(eventType, schemaVersion, output);
    if (!validated.ok) {
      throw new PayloadEncryptionError(
        eventType,
        schemaVersion,
        validated.issues.map((issue) => `${issue.path}: ${issue.message}`),
      );
    }
    return { payload: validated.payload, subjectIds: [...subjects].sort() };
  }

  /**
   * THE decryption of a personal field: checks the access (actor and purpose), records it, and
   * returns the value, or `erased` once the subject's key is gone (or for an erased marker).
   */
  async decryptField<T = unknown>(field: unknown, access: DataAccess): Promise<DecryptedField<T>> {
    assertDataAccess(access);
    const erased = ErasedField.safeParse(field);
    if (erased.success) return { status: 'erased', keyId: erased.data.keyId };
    const parsed = EncryptedField.safeParse(field);
    if (!parsed.success)
      throw new TypeError('not a personal field in its stored form ({keyId, iv, ct, tag})');
    const { keyId, iv, ct, tag } = parsed.data;
    const decrypted = await this.decryptBytes(
      keyId,
      {
        iv: Buffer.from(iv, 'base64'),
        ciphertext: Buffer.from(ct, 'base64'),
        tag: Buffer.from(tag, 'base64'),
      },
      FIELD_AAD,
      'field',
      access,
    );
    if (decrypted.status === 'erased') return decrypted;
    return {
      status: 'readable',
      value: JSON.parse(decrypted.bytes.toString('utf8')) as T,
      keyId,
      subjectId: decrypted.subjectId,
    };
  }

  /**
   * A payload with every personal field decrypted through `decryptField`: readable ones hold
   * their plaintext, those of an erased subject the contracts' erased marker.
   */
  async decryptPayload(
    eventType: string,
    schemaVersion: number,
    payload: Payload,
    access: DataAccess,
  ): Promise<Payload> {
    assertDataAccess(access);
    const output = structuredClone(payload);
    for (const field of this.encryptedFieldsOf(eventType, schemaVersion)) {
      for (const found of findValues(output, field.path)) {
        if (!isPersonalFieldValue(found.value)) continue;
        const decrypted = await this.decryptField(found.value, access);
        found.set(
          decrypted.status === 'readable'
            ? decrypted.value
            : { erased: true, keyId: decrypted.keyId },
        );
      }
    }
    return output;
  }

  /**
   * The payload with every field whose key was erased replaced by the erased marker, decrypting
   * nothing: for copies that leave the store (republishing, exports) after an erasure.
   */
  async markErasedFields(
    eventType: string,
    schemaVersion: number,
    payload: Payload,
  ): Promise<Payload> {
    const output = structuredClone(payload);
    const status = new Map<string, Promise<SubjectKey | undefined>>();
    for (const field of this.encryptedFieldsOf(eventType, schemaVersion)) {
      for (const found of findValues(output, field.path)) {
        const parsed = EncryptedField.safeParse(found.value);
        if (!parsed.success) continue;
        const keyId = parsed.data.keyId;
        if (!status.has(keyId)) status.set(keyId, this.keys.keyById(keyId));
        if ((await status.get(keyId))?.status === 'erased') found.set({ erased: true, keyId });
      }
    }
    return output;
  }

  /**
   * Makes the subject's key usable by the connecting service role alone, before anything is
   * encrypted for them (a whistle-blower's identity: complaints only). Other roles can then
   * neither see nor use the key; SubjectKeyNotUsable when the subject has a shared key already.
   */
  async restrictSubjectKey(subjectId: string): Promise<void> {
    if (!this.keys.createRestrictedKey) {
      throw new Error('this key store cannot make keys usable by one role alone');
    }
    await this.keys.createRestrictedKey(subjectId);
  }

  /** Destroys the subject's key: everything encrypted with it, in every copy, becomes unreadable. */
  async eraseSubjectKey(
    subjectId: string,
    request: { actor: DataAccess['actor']; reason: string },
  ): Promise<ErasureResult> {
    if (!request?.actor?.id) throw new TypeError('erasure needs the actor who erases');
    if (typeof request.reason !== 'string' || request.reason.trim().length === 0) {
      throw new TypeError('erasure needs a reason (no personal data in it)');
    }
    return this.keys.erase(subjectId, request.actor.id, request.reason);
  }

  /**
   * Encrypts file bytes with a key derived from the subject's key, deterministically (synthetic IV):
   * the same bytes for the same subject encrypt to the same result, so the file store can address
   * files by content.
   */
  async encryptFile(subjectId: string, bytes: Buffer): Promise<EncryptedFile> {
    const key = await this.keys.activeKeyOf(subjectId);
    const fileKey = deriveKey(key.key, 'dinsos.file.encryption.v1');
    const iv = syntheticIv(deriveKey(key.key, 'dinsos.file.iv.v1'), bytes);
    const encrypted = encryptWithIv(fileKey, iv, bytes, aad(FILE_AAD, key.keyId));
    return { keyId: key.keyId, ...encrypted };
  }

  /** Decrypts a file through the same checked, recorded path as `decryptField`. */
  async decryptFile(file: EncryptedFile, access: DataAccess): Promise<DecryptedFile> {
    assertDataAccess(access);
    return this.decryptBytes(file.keyId, file, FILE_AAD, 'file', access);
  }

  private encryptWithKey(key: ActiveKey, value: unknown): EncryptedField {
    const plaintext = JSON.stringify(value);
    if (plaintext === undefined) throw new TypeError('a personal value must be JSON');
    const encrypted = encrypt(key.key, Buffer.from(plaintext, 'utf8'), aad(FIELD_AAD, key.keyId));
    return {
      keyId: key.keyId,
      iv: base64(encrypted.iv),
      ct: base64(encrypted.ciphertext),
      tag: base64(encrypted.tag),
    };
  }

  /** The one place where anything personal is decrypted. */
  private async decryptBytes(
    keyId: string,
    encrypted: EncryptedBytes,
    label: string,
    what: DataAccessRecord['what'],
    access: DataAccess,
  ): Promise<
    { status: 'readable'; bytes: Buffer; subjectId: string } | { status: 'erased'; keyId: string }
  > {
    const key = await this.keys.keyById(keyId);
    if (!key) throw new UnknownDataKeyError(keyId);
    await this.recordAccess?.({
      actor: access.actor,
      purpose: access.purpose,
      keyId,
      subjectId: key.subjectId,
      what,
      outcome: key.status === 'erased' ? 'erased' : 'read',
    });
    if (key.status === 'erased') return { status: 'erased', keyId };
    const decryptionKey =
      what === 'file' ? deriveKey(key.key, 'dinsos.file.encryption.v1') : key.key;
    try {
      return {
        status: 'readable',
        bytes: decrypt(decryptionKey, encrypted, aad(label, keyId)),
        subjectId: key.subjectId,
      };
    } catch {
      throw new PersonalDataIntegrityError(keyId);
    }
  }

  private encryptedFieldsOf(eventType: string, schemaVersion: number): PersonalFieldLocation[] {
    return listPersonalFields(getEventDefinition(eventType, schemaVersion).payload).filter(
      (field) => field.storage === 'encrypted',
    );
  }
}

/**
 * The subject whose key encrypts a field: the subject reference in the nearest enclosing object
 * that has one (the field's own object first), else the default. Two references at that level
 * would make it a guess, so that is refused.
 */
function subjectOf(
  field: PersonalFieldLocation,
  found: FoundValue,
  references: readonly PersonalFieldLocation[],
  defaultSubjectId: string | undefined,
  problems: string[],
): string | undefined {
  for (const level of [...found.objects].reverse()) {
    const candidates = references.filter(
      (r) => pathOf(segmentsOf(r.path).slice(0, -1)) === level.path,
    );
    if (candidates.length === 0) continue;
    if (candidates.length > 1) {
      problems.push(
        `${found.concretePath}: ${candidates.map((c) => c.path).join(' and ')} both could own it`,
      );
      return undefined;
    }
    const name = segmentsOf(candidates[0].path).at(-1)!;
    const subjectId = level.object[name];
    if (typeof subjectId !== 'string' || subjectId.length === 0) {
      problems.push(`${found.concretePath} has no ${candidates[0].path} to name its subject`);
      return undefined;
    }
    return subjectId;
  }
  if (defaultSubjectId) return defaultSubjectId;
  problems.push(
    `${found.concretePath} (${field.path}) has no enclosing subject reference: pass options.subjectId`,
  );
  return undefined;
}
