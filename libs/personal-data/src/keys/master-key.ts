import { createHash } from 'node:crypto';
import { KEY_BYTES, IV_BYTES, TAG_BYTES, decrypt, encrypt } from '../crypto/aes-gcm';

/** The environment variable holding the master key: base64 of 32 random bytes. */
export const MASTER_KEY_ENV = 'PERSONAL_DATA_MASTER_KEY';

/**
 * Wraps (encrypts) every data key before it is stored, so a copy of the keys table alone opens
 * nothing. Kept outside the database (environment, secret store).
 */
export interface MasterKey {
  /** Names the master key in the keys table without revealing it. */
  readonly fingerprint: string;
  readonly key: Buffer;
}

export class InvalidMasterKeyError extends Error {
  constructor(reason: string) {
    // Never echo the value: it is the secret.
    super(
      `${MASTER_KEY_ENV} ${reason}: it must be base64 of exactly 32 random bytes (e.g. openssl rand -base64 32)`,
    );
    this.name = 'InvalidMasterKeyError';
  }
}

export function masterKeyFromBytes(key: Buffer): MasterKey {
  if (key.length !== KEY_BYTES) throw new InvalidMasterKeyError(`decodes to ${key.length} bytes`);
  const fingerprint = createHash('sha256')
    .update('dinsos.personal-data.master-key\0')
    .update(key)
    .digest('hex')
    .slice(0, 16);
  return Object.freeze({ fingerprint, key: Buffer.from(key) });
}

/** The master key from the environment, or undefined when the variable is unset or empty. */
export function masterKeyFromEnvironment(
  env: NodeJS.ProcessEnv = process.env,
): MasterKey | undefined {
  const text = env[MASTER_KEY_ENV]?.trim();
  if (!text) return undefined;
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(text)) throw new InvalidMasterKeyError('is not base64');
  return masterKeyFromBytes(Buffer.from(text, 'base64'));
}

function wrapAad(keyId: string, subjectId: string): Buffer {
  return Buffer.from(`dinsos.personal-data.key-wrap.v1\0${keyId}\0${subjectId}`, 'utf8');
}

/** iv ‖ tag ‖ ciphertext of the data key, bound to its key id and subject. */
export function wrapDataKey(
  master: MasterKey,
  dataKey: Buffer,
  keyId: string,
  subjectId: string,
): Buffer {
  const wrapped = encrypt(master.key, dataKey, wrapAad(keyId, subjectId));
  return Buffer.concat([wrapped.iv, wrapped.tag, wrapped.ciphertext]);
}

export function unwrapDataKey(
  master: MasterKey,
  wrapped: Buffer,
  keyId: string,
  subjectId: string,
): Buffer {
  const iv = wrapped.subarray(0, IV_BYTES);
  const tag = wrapped.subarray(IV_BYTES, IV_BYTES + TAG_BYTES);
  const ciphertext = wrapped.subarray(IV_BYTES + TAG_BYTES);
  return decrypt(master.key, { iv, tag, ciphertext }, wrapAad(keyId, subjectId));
}
