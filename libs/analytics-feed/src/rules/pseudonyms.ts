import { createHmac } from 'node:crypto';

/** The environment variables holding the feed's pseudonym key (see {@link pseudonymKeyFromEnvironment}). */
export const PSEUDONYM_KEY_ENV = 'ANALYTICS_PSEUDONYM_KEY';
export const PSEUDONYM_KEY_ID_ENV = 'ANALYTICS_PSEUDONYM_KEY_ID';

const MIN_SECRET_BYTES = 32;
const KEY_ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

/**
 * The secret every pseudonym of the feed is computed with, and the id the feed publishes in its
 * place. Rotation is a new key under a new id: pseudonyms computed under it share nothing with
 * the old ones, and messages already published keep theirs (docs/adr, the analysts' feed).
 */
export interface PseudonymKey {
  readonly keyId: string;
  readonly secret: Buffer;
}

export class InvalidPseudonymKeyError extends Error {
  constructor(reason: string) {
    // Never echo the value: it is the secret.
    super(`analytics pseudonym key: ${reason}`);
    this.name = 'InvalidPseudonymKeyError';
  }
}

export function pseudonymKey(keyId: string, secret: Buffer): PseudonymKey {
  if (typeof keyId !== 'string' || !KEY_ID.test(keyId)) {
    throw new InvalidPseudonymKeyError(
      'the key id must be 1-64 letters, digits, dots, underscores or hyphens (e.g. 2026-1)',
    );
  }
  if (!Buffer.isBuffer(secret) || secret.length < MIN_SECRET_BYTES) {
    throw new InvalidPseudonymKeyError(
      `the secret must be at least ${MIN_SECRET_BYTES} random bytes (e.g. openssl rand -base64 32)`,
    );
  }
  return Object.freeze({ keyId, secret: Buffer.from(secret) });
}

/**
 * `ANALYTICS_PSEUDONYM_KEY` (base64 of at least 32 random bytes) and `ANALYTICS_PSEUDONYM_KEY_ID`
 * (the id published with every message). Both are required: a feed without its key would have to
 * invent one, and a key made up at each start would change every pseudonym at each restart.
 */
export function pseudonymKeyFromEnvironment(env: NodeJS.ProcessEnv = process.env): PseudonymKey {
  const text = env[PSEUDONYM_KEY_ENV]?.trim();
  const keyId = env[PSEUDONYM_KEY_ID_ENV]?.trim();
  if (!text) throw new InvalidPseudonymKeyError(`${PSEUDONYM_KEY_ENV} is not set`);
  if (!keyId) throw new InvalidPseudonymKeyError(`${PSEUDONYM_KEY_ID_ENV} is not set`);
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(text)) {
    throw new InvalidPseudonymKeyError(`${PSEUDONYM_KEY_ENV} is not base64`);
  }
  if (!KEY_ID.test(keyId)) {
    throw new InvalidPseudonymKeyError(
      `${PSEUDONYM_KEY_ID_ENV} must be 1-64 letters, digits, dots, underscores or hyphens`,
    );
  }
  const secret = Buffer.from(text, 'base64');
  if (secret.length < MIN_SECRET_BYTES) {
    throw new InvalidPseudonymKeyError(
      `${PSEUDONYM_KEY_ENV} must hold at least ${MIN_SECRET_BYTES} random bytes (e.g. openssl rand -base64 32)`,
    );
  }
  return pseudonymKey(keyId, secret);
}

/**
 * What a pseudonym stands for. Each kind is hashed apart, so equal strings of two kinds never
 * share a pseudonym; within a kind, equal values always do (a case number and the case id it
 * equals both give the case's `caseRef`, a `causationId` gives the causing event's `eventRef`).
 */
export const pseudonymScopes = [
  'case',
  'subject',
  'event',
  'record',
  'correlation',
  'value',
] as const;
export type PseudonymScope = (typeof pseudonymScopes)[number];

export interface Pseudonymiser {
  readonly keyId: string;
  pseudonym(scope: PseudonymScope, value: string): string;
}

/** Bits of the HMAC kept: 128, plenty against collisions among the system's ids. */
const PSEUDONYM_BYTES = 16;

/**
 * Keyed HMAC-SHA256 over the scope and the value, its first 128 bits in lower-case hex. Without
 * the key nobody can recompute a pseudonym from a guessed id (a plain hash of a case number,
 * whose format is known, could be reversed by trying them all).
 */
export function createPseudonymiser(key: PseudonymKey): Pseudonymiser {
  const { keyId, secret } = pseudonymKey(key.keyId, key.secret);
  return {
    keyId,
    pseudonym(scope, value) {
      if (!pseudonymScopes.includes(scope)) throw new TypeError(`unknown pseudonym scope ${scope}`);
      if (typeof value !== 'string' || value.length === 0) {
        throw new TypeError('only a non-empty string has a pseudonym');
      }
      return createHmac('sha256', secret)
        .update(`dinsos.analytics.pseudonym.v1\0${scope}\0${value}`, 'utf8')
        .digest()
        .subarray(0, PSEUDONYM_BYTES)
        .toString('hex');
    },
  };
}
