import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes } from 'node:crypto';

/** AES-256-GCM through node:crypto: 32-byte keys, 12-byte IVs, 16-byte tags. */
export const KEY_BYTES = 32;
export const IV_BYTES = 12;
export const TAG_BYTES = 16;

/** What AES-256-GCM gives: the IV it used, the ciphertext and the authentication tag. */
export interface EncryptedBytes {
  iv: Buffer;
  ciphertext: Buffer;
  tag: Buffer;
}

export function newDataKey(): Buffer {
  return randomBytes(KEY_BYTES);
}

/** Encrypts with a fresh random IV (never reuse an IV under one key: GCM breaks). */
export function encrypt(key: Buffer, plaintext: Buffer, aad: Buffer): EncryptedBytes {
  return encryptWithIv(key, randomBytes(IV_BYTES), plaintext, aad);
}

export function encryptWithIv(
  key: Buffer,
  iv: Buffer,
  plaintext: Buffer,
  aad: Buffer,
): EncryptedBytes {
  const cipher = createCipheriv('aes-256-gcm', key, iv, { authTagLength: TAG_BYTES });
  cipher.setAAD(aad);
  const ciphertext = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  return { iv, ciphertext, tag: cipher.getAuthTag() };
}

/** Throws when the tag does not match: wrong key, wrong AAD, or altered bytes. */
export function decrypt(key: Buffer, encrypted: EncryptedBytes, aad: Buffer): Buffer {
  if (encrypted.iv.length !== IV_BYTES || encrypted.tag.length !== TAG_BYTES) {
    throw new Error('malformed encrypted value: IV must be 12 bytes and tag 16');
  }
  const decipher = createDecipheriv('aes-256-gcm', key, encrypted.iv, { authTagLength: TAG_BYTES });
  decipher.setAAD(aad);
  decipher.setAuthTag(encrypted.tag);
  return Buffer.concat([decipher.update(encrypted.ciphertext), decipher.final()]);
}

/** A key derived from a data key for one use (HKDF-SHA256), so uses never share a key. */
export function deriveKey(dataKey: Buffer, info: string): Buffer {
  return Buffer.from(
    hkdfSync('sha256', dataKey, Buffer.alloc(0), Buffer.from(info, 'utf8'), KEY_BYTES),
  );
}

/**
 * A synthetic IV: HMAC of the plaintext under a key of its own. The same plaintext under the
 * same key always gets the same IV (and ciphertext), which is what content addressing needs;
 * different plaintexts get different IVs, so GCM's nonce is never reused for two messages.
 */
export function syntheticIv(ivKey: Buffer, plaintext: Buffer): Buffer {
  return createHmac('sha256', ivKey).update(plaintext).digest().subarray(0, IV_BYTES);
}
