import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import type { PoolClient } from 'pg';

export interface StatusSecretEntry {
  complaintId: string;
  complaintNumber: string;
  officeCode: string;
  secret: string;
}

/** scrypt's cost: about 50 ms of one core per check, 16 MiB of memory. */
const cost: ScryptOptions = { N: 2 ** 14, r: 8, p: 1, maxmem: 64 * 1024 * 1024 };
const keyLength = 32;

function scryptOf(secret: string, salt: Buffer): Promise<Buffer> {
  return new Promise((resolve, reject) =>
    scrypt(secret, salt, keyLength, cost, (error, key) => (error ? reject(error) : resolve(key))),
  );
}

/** `scrypt$<N>$<salt>$<hash>`, base64url: what the table keeps instead of the secret. */
export async function hashStatusSecret(secret: string): Promise<string> {
  const salt = randomBytes(16);
  const hash = await scryptOf(secret, salt);
  return ['scrypt', String(cost.N), salt.toString('base64url'), hash.toString('base64url')].join(
    '$',
  );
}

/** A stored hash no secret matches, for an unknown number: the same work, the same answer. */
const unknownNumberHash = `scrypt$${cost.N}$${randomBytes(16).toString('base64url')}$${randomBytes(keyLength).toString('base64url')}`;

/**
 * Whether the secret is the one hashed, compared in constant time; `undefined` (an unknown
 * number) does the same work and answers false.
 */
export async function statusSecretMatches(
  secret: string,
  stored: string | undefined,
): Promise<boolean> {
  const [scheme, n, salt, hash] = (stored ?? unknownNumberHash).split('$');
  if (scheme !== 'scrypt' || Number(n) !== cost.N || !salt || !hash) return false;
  const expected = Buffer.from(hash, 'base64url');
  const actual = await scryptOf(secret, Buffer.from(salt, 'base64url'));
  return expected.length === actual.length && timingSafeEqual(expected, actual) && !!stored;
}

/**
 * The secret a complainant gets at receipt to check the complaint's status without a login
 * (`POST /public/complaint-status`). Only a salted scrypt hash of it is kept (table
 * `complaint_status_secrets`), never the secret.
 */
@Injectable()
export class StatusSecrets {
  /** URL-safe, 192 random bits. */
  newSecret(): string {
    return randomBytes(24).toString('base64url');
  }

  /**
   * Stores the secret's hash in the command's transaction. A retried command (the same
   * complaint) changes nothing; another complaint with the same number is refused by the table.
   */
  async record(transaction: PoolClient, entry: StatusSecretEntry): Promise<void> {
    await transaction.query(
      `insert into complaint_status_secrets
         (complaint_number, complaint_id, office_code, secret_hash)
       values ($1, $2, $3, $4)
       on conflict (complaint_id) do nothing`,
      [
        entry.complaintNumber,
        entry.complaintId,
        entry.officeCode,
        await hashStatusSecret(entry.secret),
      ],
    );
  }
}
