// Test support (not exported from index.ts): personal fields in their stored form whose
// "ciphertext" the fake decryptor reads back, so pure tests reach every rule without a vault.
import type { EncryptedField, ErasedField } from '@dinsos/contracts';
import type { FieldDecryptor } from '../rules/field-decryptor';
import { createPseudonymiser, pseudonymKey } from '../rules/pseudonyms';

const iv = Buffer.alloc(12, 1).toString('base64');
const tag = Buffer.alloc(16, 2).toString('base64');

/** A field "encrypted" for the subject; `hidden-` subjects stand for keys the feed cannot see. */
export function sealed(subjectId: string, value: unknown): EncryptedField {
  return {
    keyId: `key-${subjectId}`,
    iv,
    ct: Buffer.from(JSON.stringify(value), 'utf8').toString('base64'),
    tag,
  };
}

export function erased(subjectId: string): ErasedField {
  return { erased: true, keyId: `key-${subjectId}` };
}

/** Reads `sealed` values; records every field it was asked for. */
export function fakeDecryptor(): FieldDecryptor & { asked: unknown[] } {
  const asked: unknown[] = [];
  const decrypt = async (field: unknown) => {
    asked.push(field);
    const { keyId, ct } = field as EncryptedField;
    if (keyId.startsWith('key-hidden-'))
      return { status: 'withheld' as const, reason: 'keyNotVisible' as const };
    if (keyId.startsWith('key-gone-')) return { status: 'erased' as const };
    return {
      status: 'readable' as const,
      value: JSON.parse(Buffer.from(ct, 'base64').toString('utf8')),
    };
  };
  return Object.assign(decrypt, { asked });
}

export const testKey = pseudonymKey('test-2026-1', Buffer.alloc(32, 7));
export const testPseudonymiser = createPseudonymiser(testKey);
