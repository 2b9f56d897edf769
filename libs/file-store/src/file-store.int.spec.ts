import { randomBytes, randomUUID } from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { validateEvent } from '@dinsos/contracts';
import {
  createPersonalDataVault,
  migratePersonalData,
  type DataAccess,
} from '@dinsos/personal-data';
import { createTestDatabase, testRoles, type TestDatabase } from '@dinsos/testing';
import { Pool } from 'pg';
import {
  EncryptedFileStore,
  FileIntegrityError,
  FileNotFoundError,
  sha256Hex,
} from './encrypted-file-store';
import { localFileStoreFromEnvironment } from './from-environment';
import { LocalDirectoryObjectStore } from './local-directory-object-store';
import { InvalidObjectNameError } from './object-store';

const officer: DataAccess = {
  actor: { id: 'officer-1', role: 'intake-officer', officeCode: '3601' },
  purpose: 'caseHandling',
};

describe('the encrypted file store on a local directory', () => {
  let database: TestDatabase;
  let pool: Pool;
  let directory: string;
  let objects: LocalDirectoryObjectStore;
  let files: EncryptedFileStore;
  const scan = Buffer.concat([
    Buffer.from('%PDF-1.7 surat pengantar Desa Cikupa no. 470/12 '),
    randomBytes(2048),
  ]);

  beforeAll(async () => {
    database = await createTestDatabase();
    await migratePersonalData(database.ownerUrl, { appRole: testRoles.app.name });
    pool = new Pool({ connectionString: database.appUrl, max: 4 });
    // An idle connection the server drops must not crash the test run; queries still report errors.
    pool.on('error', () => undefined);
    directory = await fs.mkdtemp(path.join(os.tmpdir(), 'dinsos-files-'));
    objects = new LocalDirectoryObjectStore(directory);
    files = new EncryptedFileStore(objects, createPersonalDataVault({ pool, masterKey: null }));
  });
  afterAll(async () => {
    await pool?.end();
    await database?.drop();
    if (directory) await fs.rm(directory, { recursive: true, force: true });
  });

  it('stores a file encrypted, addressed by the hash of what is on disk, and reads it back', async () => {
    const stored = await files.put('client-1', scan, { mediaType: 'application/pdf' });
    const onDisk = await fs.readFile(
      path.join(directory, stored.fileId.slice(0, 2), stored.fileId),
    );
    expect(sha256Hex(onDisk)).toBe(stored.fileId);
    expect(onDisk.includes(Buffer.from('Desa Cikupa'))).toBe(false);
    expect(stored.sha256).toBe(sha256Hex(scan));
    const read = await files.get(EncryptedFileStore.referenceOf(stored), officer);
    expect(read.status === 'readable' && read.bytes.equals(scan)).toBe(true);
    expect(await files.verify(stored.fileId)).toBe('intact');
  });

  it('gives an event a reference that fits the contracts and carries no bytes', async () => {
    const stored = await files.put('client-1', scan, { mediaType: 'application/pdf' });
    const reference = EncryptedFileStore.referenceOf(stored);
    expect(Object.keys(reference).sort()).toEqual(['fileId', 'mediaType', 'sha256']);
    const vault = createPersonalDataVault({ pool, masterKey: null });
    const { payload } = await vault.encryptPayload('BiometricsRecorded', 1, {
      clientId: 'client-1',
      captures: [{ modality: 'photo', file: reference, capturedAt: '2026-03-02T10:00:00+07:00' }],
    });
    expect(validateEvent('BiometricsRecorded', 1, payload).ok).toBe(true);
  });

  it('stores the same bytes of one subject once, and of two subjects under different keys', async () => {
    const [a, b] = await Promise.all([files.put('client-2', scan), files.put('client-2', scan)]);
    expect(a.fileId).toBe(b.fileId);
    const other = await files.put('client-3', scan);
    expect(other.fileId).not.toBe(a.fileId);
    expect(other.keyId).not.toBe(a.keyId);
    const names: string[] = [];
    for await (const name of objects.list()) names.push(name);
    expect(names.filter((n) => n === a.fileId)).toHaveLength(1);
    expect(await fs.readdir(path.join(directory, a.fileId.slice(0, 2)))).not.toContainEqual(
      expect.stringMatching(/\.tmp$/),
    );
  });

  it('catches an altered object on disk, with or without a key', async () => {
    const stored = await files.put(`client-${randomUUID()}`, Buffer.from('foto klien'));
    const file = path.join(directory, stored.fileId.slice(0, 2), stored.fileId);
    const bytes = await fs.readFile(file);
    bytes[bytes.length - 1] ^= 0xff;
    await fs.writeFile(file, bytes);
    expect(await files.verify(stored.fileId)).toBe('corrupt');
    await expect(files.get(stored, officer)).rejects.toThrow(FileIntegrityError);
  });

  it('refuses a reference whose content hash does not match', async () => {
    const stored = await files.put('client-4', Buffer.from('sidik jari'));
    await expect(
      files.get({ fileId: stored.fileId, sha256: sha256Hex(Buffer.from('other')) }, officer),
    ).rejects.toMatchObject({
      problem: 'content-hash-mismatch',
    });
  });

  it("reads a file as erased once its subject's key is erased; the object stays intact", async () => {
    const vault = createPersonalDataVault({ pool, masterKey: null });
    const subject = `client-${randomUUID()}`;
    const stored = await files.put(subject, Buffer.from('foto diri'));
    await vault.eraseSubjectKey(subject, { actor: officer.actor, reason: 'test' });
    expect(await files.get(stored, officer)).toEqual({ status: 'erased', keyId: stored.keyId });
    expect(await files.verify(stored.fileId)).toBe('intact');
  });

  it('refuses names that are not content addresses, and says when a file is missing', async () => {
    await expect(objects.put('../../etc/passwd', Buffer.from('x'))).rejects.toThrow(
      InvalidObjectNameError,
    );
    await expect(
      files.get({ fileId: 'a'.repeat(64), sha256: 'b'.repeat(64) }, officer),
    ).rejects.toThrow(FileNotFoundError);
    expect(await files.verify('c'.repeat(64))).toBe('missing');
    expect(() => new LocalDirectoryObjectStore('relative/dir')).toThrow(/absolute/);
  });

  it('takes its directory from FILE_STORE_DIR and has no default', () => {
    const vault = createPersonalDataVault({ pool, masterKey: null });
    expect(() => localFileStoreFromEnvironment(vault, {})).toThrow(/FILE_STORE_DIR is not set/);
    expect(localFileStoreFromEnvironment(vault, { FILE_STORE_DIR: directory })).toBeInstanceOf(
      EncryptedFileStore,
    );
  });
});
