import { createHash } from 'node:crypto';
import type { DataAccess, PersonalDataVault, EncryptedFile } from '@dinsos/personal-data';
import type { ObjectStore } from './object-store';

/**
 * What an event holds about a file (the contracts' `FileReference`): never the bytes. `fileId`
 * addresses the encrypted object; `sha256` is the hash of the plaintext, checked on every read.
 */
export interface FileReference {
  fileId: string;
  sha256: string;
  mediaType?: string;
}

export interface StoredFile extends FileReference {
  sizeBytes: number;
  /** The data key that encrypted it (the subject's). */
  keyId: string;
}

export type ReadFile =
  { status: 'readable'; bytes: Buffer; mediaType?: string } | { status: 'erased'; keyId: string };

export class FileNotFoundError extends Error {
  constructor(readonly fileId: string) {
    super(`file ${fileId} is not in the file store`);
    this.name = 'FileNotFoundError';
  }
}

/** The stored object or the file inside it is not what its address or reference says. */
export class FileIntegrityError extends Error {
  constructor(
    readonly fileId: string,
    readonly problem: 'object-hash-mismatch' | 'malformed-object' | 'content-hash-mismatch',
  ) {
    super(`file ${fileId} fails its integrity check: ${problem}`);
    this.name = 'FileIntegrityError';
  }
}

/** Format of a stored object: MAGIC ‖ keyId length (1 byte) ‖ keyId ‖ IV (12) ‖ tag (16) ‖ ciphertext. */
const MAGIC = Buffer.from('DSF1', 'ascii');
const IV_BYTES = 12;
const TAG_BYTES = 16;
const SHA256_HEX = /^[0-9a-f]{64}$/;

export function sha256Hex(bytes: Buffer): string {
  return createHash('sha256').update(bytes).digest('hex');
}

function encodeObject(file: EncryptedFile): Buffer {
  const keyId = Buffer.from(file.keyId, 'utf8');
  if (keyId.length > 255) throw new Error('key id too long for the file object format');
  return Buffer.concat([
    MAGIC,
    Buffer.from([keyId.length]),
    keyId,
    file.iv,
    file.tag,
    file.ciphertext,
  ]);
}

function decodeObject(fileId: string, object: Buffer): EncryptedFile {
  const keyIdEnd = MAGIC.length + 1 + (object[MAGIC.length] ?? 0);
  if (
    !object.subarray(0, MAGIC.length).equals(MAGIC) ||
    object.length < keyIdEnd + IV_BYTES + TAG_BYTES
  ) {
    throw new FileIntegrityError(fileId, 'malformed-object');
  }
  const ivEnd = keyIdEnd + IV_BYTES;
  return {
    keyId: object.subarray(MAGIC.length + 1, keyIdEnd).toString('utf8'),
    iv: object.subarray(keyIdEnd, ivEnd),
    tag: object.subarray(ivEnd, ivEnd + TAG_BYTES),
    ciphertext: object.subarray(ivEnd + TAG_BYTES),
  };
}

/**
 * Scanned letters, photos, fingerprint files and generated documents, each encrypted with its
 * data subject's key (so erasing the key erases the file too) and addressed by the SHA-256 of the
 * encrypted object: anyone can check an object against its name without a key, and the same
 * bytes stored twice for the same subject are one object.
 */
export class EncryptedFileStore {
  constructor(
    private readonly objects: ObjectStore,
    private readonly vault: PersonalDataVault,
  ) {}

  async put(
    subjectId: string,
    bytes: Buffer,
    options: { mediaType?: string } = {},
  ): Promise<StoredFile> {
    if (!Buffer.isBuffer(bytes)) throw new TypeError('file content must be a Buffer');
    const encrypted = await this.vault.encryptFile(subjectId, bytes);
    const object = encodeObject(encrypted);
    const fileId = sha256Hex(object);
    await this.objects.put(fileId, object);
    return {
      fileId,
      sha256: sha256Hex(bytes),
      ...(options.mediaType ? { mediaType: options.mediaType } : {}),
      sizeBytes: bytes.length,
      keyId: encrypted.keyId,
    };
  }

  /**
   * The file's bytes, decrypted through the vault (access checked and recorded there) and
   * checked against the reference's SHA-256; `erased` once the subject's key is gone.
   */
  async get(reference: FileReference, access: DataAccess): Promise<ReadFile> {
    if (!SHA256_HEX.test(reference.sha256))
      throw new TypeError('reference.sha256 must be SHA-256 hex');
    const object = await this.objects.get(reference.fileId);
    if (!object) throw new FileNotFoundError(reference.fileId);
    if (sha256Hex(object) !== reference.fileId)
      throw new FileIntegrityError(reference.fileId, 'object-hash-mismatch');
    const decrypted = await this.vault.decryptFile(decodeObject(reference.fileId, object), access);
    if (decrypted.status === 'erased') return decrypted;
    if (sha256Hex(decrypted.bytes) !== reference.sha256) {
      throw new FileIntegrityError(reference.fileId, 'content-hash-mismatch');
    }
    return {
      status: 'readable',
      bytes: decrypted.bytes,
      ...(reference.mediaType ? { mediaType: reference.mediaType } : {}),
    };
  }

  /** Checks an object against its address, without any key: for integrity sweeps and audits. */
  async verify(fileId: string): Promise<'intact' | 'missing' | 'corrupt'> {
    const object = await this.objects.get(fileId);
    if (!object) return 'missing';
    return sha256Hex(object) === fileId ? 'intact' : 'corrupt';
  }

  /** The part an event holds (inside a personal field): reference and hash, never bytes. */
  static referenceOf(file: StoredFile): FileReference {
    return {
      fileId: file.fileId,
      sha256: file.sha256,
      ...(file.mediaType ? { mediaType: file.mediaType } : {}),
    };
  }
}
