import type { Provider } from '@nestjs/common';
import { EncryptedFileStore, LocalDirectoryObjectStore } from '@dinsos/file-store';
import {
  PersonalDataVault,
  createPersonalDataVault,
  masterKeyFromBytes,
} from '@dinsos/personal-data';
import path from 'node:path';
import type { Pool } from 'pg';
import type { SharedConfig } from '../config/service-config';
import { DocumentIssuer } from '../documents/document-issuer';
import { NumberSeries } from '../numbers/number-series';
import { DATABASE_POOL } from '../runtime/tokens';
import { Uploads } from '../uploads/uploads';
import { PersonalFields } from './personal-fields';

/** The data keys must be wrapped, and the files kept where the operator says, in production. */
function requireInProduction(config: SharedConfig): void {
  if (config.NODE_ENV !== 'production') return;
  if (!config.PERSONAL_DATA_MASTER_KEY) {
    throw new Error(
      'PERSONAL_DATA_MASTER_KEY is required in production: data keys must not be stored unwrapped',
    );
  }
  if (!config.FILE_STORE_DIR) {
    throw new Error(
      'FILE_STORE_DIR is required in production: name where scans, photos and documents are kept',
    );
  }
}

export function fileStoreDirectory(config: SharedConfig, service: string): string {
  return path.resolve(config.FILE_STORE_DIR ?? path.join('.cache', 'files', service));
}

/**
 * Personal data, files and documents for a service, from its configuration: the vault (one key
 * per person, shared by the whole system), the encrypted file store, PersonalFields (encrypt
 * for events, decrypt for views), Uploads, NumberSeries and the DocumentIssuer, each keeping its
 * tables in the service's own schema.
 */
export function personalDataProviders(config: SharedConfig, service: string): Provider[] {
  requireInProduction(config);
  return [
    {
      provide: PersonalDataVault,
      useFactory: (pool: Pool) =>
        createPersonalDataVault({
          pool,
          masterKey: config.PERSONAL_DATA_MASTER_KEY
            ? masterKeyFromBytes(Buffer.from(config.PERSONAL_DATA_MASTER_KEY, 'base64'))
            : null,
        }),
      inject: [DATABASE_POOL],
    },
    {
      provide: EncryptedFileStore,
      useFactory: (vault: PersonalDataVault) =>
        new EncryptedFileStore(
          new LocalDirectoryObjectStore(fileStoreDirectory(config, service)),
          vault,
        ),
      inject: [PersonalDataVault],
    },
    {
      provide: PersonalFields,
      useFactory: (vault: PersonalDataVault) => new PersonalFields(vault),
      inject: [PersonalDataVault],
    },
    {
      provide: Uploads,
      useFactory: (files: EncryptedFileStore, pool: Pool) =>
        new Uploads(files, pool, config.UPLOAD_MAX_BYTES),
      inject: [EncryptedFileStore, DATABASE_POOL],
    },
    {
      provide: NumberSeries,
      useFactory: (pool: Pool) => new NumberSeries(pool),
      inject: [DATABASE_POOL],
    },
    {
      provide: DocumentIssuer,
      useFactory: (numbers: NumberSeries, files: EncryptedFileStore, fields: PersonalFields) =>
        new DocumentIssuer(numbers, files, fields),
      inject: [NumberSeries, EncryptedFileStore, PersonalFields],
    },
  ];
}

export const personalDataExports = [
  PersonalDataVault,
  EncryptedFileStore,
  PersonalFields,
  Uploads,
  NumberSeries,
  DocumentIssuer,
];
