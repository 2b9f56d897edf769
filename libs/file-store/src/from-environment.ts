import path from 'node:path';
import type { PersonalDataVault } from '@dinsos/personal-data';
import { EncryptedFileStore } from './encrypted-file-store';
import { LocalDirectoryObjectStore } from './local-directory-object-store';

export const FILE_STORE_DIR_ENV = 'FILE_STORE_DIR';

/**
 * The file store on the local directory named by FILE_STORE_DIR (relative paths resolve from the
 * working directory). No default: files are records, not a cache, so where they live is chosen
 * on purpose.
 */
export function localFileStoreFromEnvironment(
  vault: PersonalDataVault,
  env: NodeJS.ProcessEnv = process.env,
): EncryptedFileStore {
  const directory = env[FILE_STORE_DIR_ENV]?.trim();
  if (!directory) {
    throw new Error(
      `${FILE_STORE_DIR_ENV} is not set: name the directory where scans, photos and documents are kept`,
    );
  }
  return new EncryptedFileStore(new LocalDirectoryObjectStore(path.resolve(directory)), vault);
}
