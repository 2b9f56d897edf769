import type { Pool } from 'pg';
import { masterKeyFromEnvironment, type MasterKey } from './keys/master-key';
import { PostgresSubjectKeyStore } from './keys/subject-key-store';
import { PersonalDataVault, type PersonalDataVaultOptions } from './vault';

export interface CreatePersonalDataVaultOptions {
  /** Connected as the app role; the keys table must be migrated (migratePersonalData). */
  pool: Pool;
  /** Default: from PERSONAL_DATA_MASTER_KEY; `null` stores data keys unwrapped (tests, dev). */
  masterKey?: MasterKey | null;
  recordAccess?: PersonalDataVaultOptions['recordAccess'];
}

/** The vault over the PostgreSQL keys table, wrapping keys with the configured master key. */
export function createPersonalDataVault(
  options: CreatePersonalDataVaultOptions,
): PersonalDataVault {
  const masterKey =
    options.masterKey === undefined ? masterKeyFromEnvironment() : (options.masterKey ?? undefined);
  return new PersonalDataVault({
    keys: new PostgresSubjectKeyStore(options.pool, masterKey),
    recordAccess: options.recordAccess,
  });
}
