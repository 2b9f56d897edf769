/**
 * Files (scanned letters, photos, fingerprint files, generated documents), content-addressed and
 * encrypted with their data subject's key; events hold a `FileReference` (fileId + SHA-256 of the
 * content), never the bytes.
 *
 * - `EncryptedFileStore(objects, vault)`: `put(subjectId, bytes, { mediaType })` → `StoredFile`,
 *   `get(reference, { actor, purpose })` → bytes or `erased`, `verify(fileId)` (no key needed),
 *   `EncryptedFileStore.referenceOf(stored)`.
 * - The port: `ObjectStore` (put/get/has/list of content-addressed objects) and its default,
 *   `LocalDirectoryObjectStore(directory)`; `localFileStoreFromEnvironment(vault)` reads
 *   `FILE_STORE_DIR`.
 * - Errors: `FileNotFoundError`, `FileIntegrityError`, `InvalidObjectNameError`.
 */
export {
  EncryptedFileStore,
  FileNotFoundError,
  FileIntegrityError,
  sha256Hex,
} from './encrypted-file-store';
export type { FileReference, StoredFile, ReadFile } from './encrypted-file-store';
export { InvalidObjectNameError } from './object-store';
export type { ObjectStore } from './object-store';
export { LocalDirectoryObjectStore } from './local-directory-object-store';
export { FILE_STORE_DIR_ENV, localFileStoreFromEnvironment } from './from-environment';
