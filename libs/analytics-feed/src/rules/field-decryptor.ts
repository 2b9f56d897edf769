import type { Actor } from '@dinsos/event-store';
import {
  PersonalDataIntegrityError,
  UnknownDataKeyError,
  type DataAccess,
  type PersonalDataVault,
} from '@dinsos/personal-data';

/** What the feed learns from one encrypted personal field. */
export type FieldReading =
  | { status: 'readable'; value: unknown }
  | { status: 'erased' }
  /** Readable by someone, not by the feed: nothing of it is published. */
  | { status: 'withheld'; reason: 'keyNotVisible' | 'integrity' };

/**
 * Decrypts one personal field in its stored form (`{keyId, iv, ct, tag}` or the erased marker).
 * Only the band and generalise rules need plaintext; dropped fields are never decrypted.
 */
export type FieldDecryptor = (field: unknown) => Promise<FieldReading>;

/** The feed, as the vault records who read what: a service, for the whole province. */
export const analyticsFeedActor: Actor = Object.freeze({
  id: 'service:analytics',
  role: 'service',
  officeCode: '36',
});

/** The feed reads a personal value only to publish a coarser one. */
export const analyticsFeedAccess: DataAccess = Object.freeze({
  actor: analyticsFeedActor,
  purpose: 'deidentification',
});

/**
 * Decryption through the vault's one decrypt function, with the feed's actor and purpose. A key
 * this role cannot see (a whistle-blower's, usable by complaints alone) and a value that fails
 * authentication are withheld rather than stopping the feed: neither will ever read differently.
 * Anything else (the database away, no master key) is thrown, so the relay retries.
 */
export function decryptThroughVault(
  vault: Pick<PersonalDataVault, 'decryptField'>,
  access: DataAccess = analyticsFeedAccess,
): FieldDecryptor {
  return async (field) => {
    try {
      const read = await vault.decryptField(field, access);
      return read.status === 'readable'
        ? { status: 'readable', value: read.value }
        : { status: 'erased' };
    } catch (error) {
      if (error instanceof UnknownDataKeyError)
        return { status: 'withheld', reason: 'keyNotVisible' };
      if (error instanceof PersonalDataIntegrityError)
        return { status: 'withheld', reason: 'integrity' };
      throw error;
    }
  };
}
