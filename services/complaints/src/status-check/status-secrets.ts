import { createHmac, randomBytes } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import type { PoolClient } from 'pg';

export interface StatusSecretEntry {
  complaintId: string;
  complaintNumber: string;
  officeCode: string;
  secret: string;
}

/**
 * The secret a complainant gets at receipt to check the complaint's status without a login.
 * Only a hash of it is kept (table `complaint_status_secrets`), never the secret.
 */
@Injectable()
export class StatusSecrets {
  /** URL-safe, 192 random bits. */
  newSecret(): string {
    return randomBytes(24).toString('base64url');
  }

  /** Stores the secret's hash in the command's transaction; a retried command changes nothing. */
  async record(transaction: PoolClient, entry: StatusSecretEntry): Promise<void> {
    await transaction.query(
      `insert into complaint_status_secrets
         (complaint_number, complaint_id, office_code, secret_hash)
       values ($1, $2, $3, $4)
       on conflict (complaint_number) do nothing`,
      [
        entry.complaintNumber,
        entry.complaintId,
        entry.officeCode,
        createHmac('sha256', entry.complaintNumber).update(entry.secret).digest('hex'),
      ],
    );
  }
}
