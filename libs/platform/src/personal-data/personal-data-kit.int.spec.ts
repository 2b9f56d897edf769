// The kit's personal data, uploads, number series and document issuing, on real PostgreSQL and
// a real file store directory: what every service gets from configuration.
import { verifyIssuedDocument } from '@dinsos/documents';
import { EncryptedFileStore, LocalDirectoryObjectStore } from '@dinsos/file-store';
import { createPersonalDataVault, migratePersonalData } from '@dinsos/personal-data';
import { createTestDatabase, testRoles, type TestDatabase } from '@dinsos/testing';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import type { IncomingMessage } from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { Pool } from 'pg';
import { DocumentIssuer } from '../documents/document-issuer';
import { NumberSeries } from '../numbers/number-series';
import { withTransaction } from '../persistence/with-transaction';
import { migrateServiceDatabase, withSearchPath } from '../runtime/migrate-service-database';
import { Uploads } from '../uploads/uploads';
import { PersonalFields } from './personal-fields';

const actor = { id: 'siti', role: 'intake-officer', officeCode: '3603' };
const handling = { actor, purpose: 'caseHandling' } as const;

function requestOf(bytes: Buffer, mediaType: string): IncomingMessage {
  return Object.assign(Readable.from([bytes]), {
    headers: { 'content-type': mediaType },
  }) as unknown as IncomingMessage;
}

describe('personal data, uploads, numbers and documents (the kit)', () => {
  let database: TestDatabase;
  let pool: Pool;
  let directory: string;
  let fields: PersonalFields;
  let files: EncryptedFileStore;
  let uploads: Uploads;
  let numbers: NumberSeries;

  beforeAll(async () => {
    database = await createTestDatabase({ prefix: 'kit_files' });
    await migrateServiceDatabase(database.ownerUrl, {
      appRole: testRoles.app.name,
      service: 'assessment',
    });
    await migratePersonalData(database.ownerUrl, { appRole: testRoles.app.name });
    pool = new Pool({ connectionString: withSearchPath(database.appUrl, 'assessment'), max: 8 });
    pool.on('error', () => undefined);
    directory = fs.mkdtempSync(path.join(os.tmpdir(), 'kit-files-'));
    const vault = createPersonalDataVault({ pool, masterKey: null });
    fields = new PersonalFields(vault);
    files = new EncryptedFileStore(new LocalDirectoryObjectStore(directory), vault);
    uploads = new Uploads(files, pool, 1024);
    numbers = new NumberSeries(pool);
  });

  afterAll(async () => {
    await pool?.end();
    await database?.drop();
    fs.rmSync(directory, { recursive: true, force: true });
  });

  it("encrypts a person's fields under their own key and decrypts them for a purpose", async () => {
    const personId = randomUUID();
    const person = await fields.encryptPerson(personId, {
      name: 'Siti Aminah',
      phone: '081234567890',
      relationship: 'bibi',
    });
    expect(person).toMatchObject({ personId, relationship: 'bibi' });
    expect(JSON.stringify(person)).not.toContain('Siti');
    expect(await fields.decryptObject(person, handling)).toEqual({
      personId,
      name: 'Siti Aminah',
      phone: '081234567890',
      relationship: 'bibi',
    });
    const field = await fields.encrypt(personId, { line: 'Kp. Bojong' });
    expect(await fields.decrypt(field, handling)).toMatchObject({
      status: 'readable',
      value: { line: 'Kp. Bojong' },
    });
  });

  it('receives an upload under its subject, finds it, and refuses what was not uploaded', async () => {
    const subjectId = randomUUID();
    const answer = await uploads.receive(
      actor,
      subjectId,
      requestOf(Buffer.from('fingerprint'), 'image/png'),
      { caseId: '3603-2026-000001' },
    );
    expect(answer).toMatchObject({ subjectId, mediaType: 'image/png', bytes: 11 });
    expect(await uploads.uploadingOfficesOf(subjectId)).toEqual(['3603']);
    const found = await uploads.require([answer.fileId], { subjectId });
    expect(found.get(answer.fileId)).toMatchObject({ caseId: '3603-2026-000001' });
    await expect(
      uploads.require([answer.fileId], { subjectId: 'someone-else' }),
    ).rejects.toMatchObject({
      rule: 'file-not-found',
    });
    await expect(uploads.require(['f'.repeat(64)])).rejects.toMatchObject({
      rule: 'file-not-found',
    });
    await expect(
      uploads.receive(actor, subjectId, requestOf(Buffer.alloc(2048), 'image/png')),
    ).rejects.toThrow();
  });

  it('gives racing allocations each their own number, and a rolled-back one gives it back', async () => {
    const next = () =>
      withTransaction(pool, (transaction) => numbers.next(transaction, 'case', '3674', 2026));
    const allocated = await Promise.all(Array.from({ length: 12 }, next));
    expect([...allocated].sort((a, b) => a - b)).toEqual(
      Array.from({ length: 12 }, (_, index) => index + 1),
    );
    await expect(
      withTransaction(pool, async (transaction) => {
        await numbers.next(transaction, 'case', '3674', 2026);
        throw new Error('refused');
      }),
    ).rejects.toThrow('refused');
    expect(await next()).toBe(13);
  });

  it('issues a document once per case and purpose: same number, same file, verifiable', async () => {
    const issuer = new DocumentIssuer(numbers, files, fields);
    const clientId = randomUUID();
    const office = {
      code: '3603',
      regionName: 'Kabupaten Tangerang',
      officeName: 'Dinas Sosial Kabupaten Tangerang',
      timeZone: 'Asia/Jakarta',
      address: 'Tigaraksa',
    };
    const input = (number: string) => ({
      office,
      number,
      caseNumber: '3603-2026-000017',
      standard: { code: 'bekasi-layanan-rujukan', version: 1, title: 'SOP', skNumber: '1/2024' },
      handedOverAt: '2026-03-02T14:10:00Z',
      place: 'Rumah Singgah',
      receivingOrganisation: 'Rumah Singgah',
      handingOver: { name: 'Siti Aminah' },
      receiving: { name: 'Dedi Supriadi' },
      client: { calledName: 'Ucok', sex: 'male', category: 'neglectedChild' },
    });
    const document = {
      template: { code: 'bast-rumah-singgah', version: 1 },
      series: 'BAST',
      caseId: '3603-2026-000017',
      purpose: 'shelter-handover',
      officeCode: '3603',
      year: 2026,
      subjectId: clientId,
      input,
    };
    const [first, again] = await Promise.all([issuer.issue(document), issuer.issue(document)]);
    expect(first.issued.number).toBe('BAST/0001/3603/2026');
    expect(again.issued).toEqual(first.issued);
    expect(verifyIssuedDocument(first.issued, input(first.issued.number))).toBe(true);
    const reference = await fields.decrypt<{ fileId: string; sha256: string }>(
      first.file,
      handling,
    );
    expect(reference.status).toBe('readable');
    if (reference.status !== 'readable') return;
    const stored = await files.get(reference.value, handling);
    expect(stored.status === 'readable' && stored.bytes.equals(first.pdf)).toBe(true);
    const other = await issuer.issue({ ...document, purpose: 'another-handover' });
    expect(other.issued.number).toBe('BAST/0002/3603/2026');
  });
});
