/**
 * Personal data encrypted per data subject (crypto-shredding, UU PDP 27/2022): every person whose
 * data an event carries — client, reporter, escort, family member, complainant — has a key of
 * their own; erasing it makes their data unreadable everywhere while the hash chains, which cover
 * the ciphertext, still verify.
 *
 * - `PersonalDataVault`: `encryptPayload(type, version, payload, { subjectId })` (plaintext
 *   personal fields → the contracts' `{keyId, iv, ct, tag}`, plus the `subjectIds` for the
 *   envelope), `decryptField(field, { actor, purpose })` — the one decryption of a field —,
 *   `decryptPayload`, `markErasedFields`, `encryptValue`, `restrictSubjectKey(subjectId)` (a key
 *   the connecting role alone may use), `eraseSubjectKey(subjectId,
 *   { actor, reason })`, `encryptFile` / `decryptFile` (for the file store).
 * - `createPersonalDataVault({ pool, masterKey?, recordAccess? })`.
 * - Keys: `migratePersonalData(ownerUrl, { appRole })`, `PostgresSubjectKeyStore`,
 *   `SubjectKeyStore`; master key: `masterKeyFromEnvironment()` (`PERSONAL_DATA_MASTER_KEY`,
 *   base64 of 32 bytes), `masterKeyFromBytes`.
 * - Access: `dataAccessPurposes`, `DataAccess`, `DataAccessRecord`, `assertDataAccess`.
 * - Errors: `PayloadEncryptionError`, `UnknownDataKeyError`, `PersonalDataIntegrityError`,
 *   `DataAccessRefusedError`, `SubjectKeyErasedError`, `SubjectKeyNotUsable`, `MasterKeyRequiredError`,
 *   `InvalidMasterKeyError`.
 */
export {
  PersonalDataVault,
  PayloadEncryptionError,
  UnknownDataKeyError,
  PersonalDataIntegrityError,
} from './vault';
export type {
  DecryptedField,
  EncryptPayloadOptions,
  EncryptedPayload,
  EncryptedFile,
  DecryptedFile,
  PersonalDataVaultOptions,
} from './vault';
export { createPersonalDataVault } from './create-vault';
export type { CreatePersonalDataVaultOptions } from './create-vault';
export { migratePersonalData } from './keys/migrate-personal-data';
export {
  PostgresSubjectKeyStore,
  SubjectKeyErasedError,
  SubjectKeyNotUsable,
  MasterKeyRequiredError,
} from './keys/subject-key-store';
export type { SubjectKeyStore, SubjectKey, ErasureResult } from './keys/subject-key-store';
export {
  MASTER_KEY_ENV,
  masterKeyFromEnvironment,
  masterKeyFromBytes,
  InvalidMasterKeyError,
} from './keys/master-key';
export type { MasterKey } from './keys/master-key';
export { dataAccessPurposes, assertDataAccess, DataAccessRefusedError } from './access';
export type { DataAccess, DataAccessPurpose, DataAccessRecord } from './access';
