import { randomBytes, randomUUID } from 'node:crypto';
import { ErasedField, validateEvent } from '@dinsos/contracts';
import {
  migrate,
  PostgresEventStore,
  verifyCase,
  verifyStream,
  type NewEvent,
} from '@dinsos/event-store';
import { createTestDatabase, testRoles, type TestDatabase } from '@dinsos/testing';
import { Client, Pool } from 'pg';
import type { DataAccess } from './access';
import { createPersonalDataVault } from './create-vault';
import { masterKeyFromBytes } from './keys/master-key';
import { migratePersonalData } from './keys/migrate-personal-data';
import {
  MasterKeyRequiredError,
  PostgresSubjectKeyStore,
  SubjectKeyErasedError,
} from './keys/subject-key-store';

const auditor: DataAccess = {
  actor: { id: 'auditor-1', role: 'auditor', officeCode: '36' },
  purpose: 'audit',
};
const intakeOfficer = { id: 'officer-3', role: 'intake-officer', officeCode: '3603' };

async function asOwner<T>(url: string, sql: string, params: unknown[] = []): Promise<T[]> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(sql, params)).rows as T[];
  } finally {
    await client.end();
  }
}

describe('personal data in PostgreSQL', () => {
  let database: TestDatabase;
  let pool: Pool;

  beforeAll(async () => {
    database = await createTestDatabase();
    await migrate(database.ownerUrl, { appRole: testRoles.app.name });
    expect(await migratePersonalData(database.ownerUrl, { appRole: testRoles.app.name })).toEqual([
      1, 2,
    ]);
    pool = new Pool({ connectionString: database.appUrl, max: 4 });
    // An idle connection the server drops must not crash the test run; queries still report errors.
    pool.on('error', () => undefined);
  });
  afterAll(async () => {
    await pool?.end();
    await database?.drop();
  });

  it('runs again as a no-op, also from two instances at once', async () => {
    const again = await Promise.all([
      migratePersonalData(database.ownerUrl, { appRole: testRoles.app.name }),
      migratePersonalData(database.ownerUrl, { appRole: testRoles.app.name }),
    ]);
    expect(again).toEqual([[], []]);
  });

  it('gives each subject exactly one key, even when asked concurrently', async () => {
    const keys = new PostgresSubjectKeyStore(pool);
    const subject = `client-${randomUUID()}`;
    const results = await Promise.all(Array.from({ length: 6 }, () => keys.activeKeyOf(subject)));
    expect(new Set(results.map((k) => k.keyId)).size).toBe(1);
    expect(results[0].key.length).toBe(32);
    const [{ count }] = await asOwner<{ count: string }>(
      database.ownerUrl,
      'select count(*)::text as count from personal_data.subject_keys where subject_id = $1',
      [subject],
    );
    expect(count).toBe('1');
  });

  it('stores keys wrapped by the master key, unreadable without it', async () => {
    const master = masterKeyFromBytes(randomBytes(32));
    const vault = createPersonalDataVault({ pool, masterKey: master });
    const subject = `client-${randomUUID()}`;
    const field = await vault.encryptValue(subject, 'Ucok');
    const [row] = await asOwner<{ key_material: Buffer; wrapping: string }>(
      database.ownerUrl,
      'select key_material, wrapping from personal_data.subject_keys where subject_id = $1',
      [subject],
    );
    expect(row.wrapping).toBe(`master:${master.fingerprint}`);
    expect(row.key_material.length).toBe(12 + 16 + 32);
    expect(await vault.decryptField(field, auditor)).toMatchObject({
      status: 'readable',
      value: 'Ucok',
    });
    const withoutMaster = createPersonalDataVault({ pool, masterKey: null });
    await expect(withoutMaster.decryptField(field, auditor)).rejects.toThrow(
      MasterKeyRequiredError,
    );
    const otherMaster = createPersonalDataVault({
      pool,
      masterKey: masterKeyFromBytes(randomBytes(32)),
    });
    await expect(otherMaster.decryptField(field, auditor)).rejects.toThrow(MasterKeyRequiredError);
  });

  it('lets the app role erase a key, and change or delete key rows no other way', async () => {
    const keys = new PostgresSubjectKeyStore(pool);
    const subject = `client-${randomUUID()}`;
    const { keyId } = await keys.activeKeyOf(subject);
    await expect(
      pool.query('update personal_data.subject_keys set key_material = null where key_id = $1', [
        keyId,
      ]),
    ).rejects.toThrow(/permission denied/);
    await expect(
      pool.query('delete from personal_data.subject_keys where key_id = $1', [keyId]),
    ).rejects.toThrow(/permission denied/);
    await expect(pool.query('truncate personal_data.subject_keys')).rejects.toThrow(
      /permission denied/,
    );
    await expect(
      pool.query(
        "insert into personal_data.subject_keys (key_id, subject_id, key_material, wrapping, erased_at, erased_by) values ($1, $2, null, 'none', now(), 'x')",
        [randomUUID(), `pre-erased-${randomUUID()}`],
      ),
    ).rejects.toThrow(/must hold key material/);
    // Not even the owner can swap a key or delete a row: only erasure changes a row.
    await expect(
      asOwner(
        database.ownerUrl,
        "update personal_data.subject_keys set key_material = '\\x00' where key_id = $1",
        [keyId],
      ),
    ).rejects.toThrow(/change only by erasure/);
    await expect(
      asOwner(database.ownerUrl, 'delete from personal_data.subject_keys where key_id = $1', [
        keyId,
      ]),
    ).rejects.toThrow(/never deleted/);
    await expect(asOwner(database.ownerUrl, 'truncate personal_data.subject_keys')).rejects.toThrow(
      /never deleted/,
    );

    const erased = await keys.erase(subject, intakeOfficer.id, 'test erasure');
    expect(erased).toMatchObject({ subjectId: subject, keyId, alreadyErased: false });
    expect(await keys.erase(subject, intakeOfficer.id, 'again')).toMatchObject({
      keyId,
      alreadyErased: true,
    });
    expect(await keys.erase(`never-seen-${randomUUID()}`, intakeOfficer.id, 'none')).toEqual(
      expect.objectContaining({ alreadyErased: false }),
    );
    expect(await keys.keyById(keyId)).toMatchObject({ status: 'erased', subjectId: subject });
    await expect(keys.activeKeyOf(subject)).rejects.toThrow(SubjectKeyErasedError);
    const [row] = await asOwner<{
      key_material: Buffer | null;
      erased_by: string;
      erasure_reason: string;
    }>(
      database.ownerUrl,
      'select key_material, erased_by, erasure_reason from personal_data.subject_keys where key_id = $1',
      [keyId],
    );
    expect(row).toEqual({
      key_material: null,
      erased_by: intakeOfficer.id,
      erasure_reason: 'test erasure',
    });
  });

  it("erases a client: their fields read as erased, the reporter's stay readable, the chain still verifies", async () => {
    const store = new PostgresEventStore(pool);
    const vault = createPersonalDataVault({ pool, masterKey: null });
    const caseId = `3603-2026-${randomUUID().slice(0, 8)}`;
    const clientId = randomUUID();
    const reporterId = randomUUID();

    const report = await vault.encryptPayload(
      'ReportReceived',
      2,
      {
        clientCategory: 'neglectedChild',
        foundAt: { regionCode: '3603', description: 'Terminal Balaraja' },
        reporter: { personId: reporterId, name: 'Siti Aminah', phone: '081234567890' },
        serviceStandard: { code: 'bekasi-layanan-rujukan', version: 1 },
        source: { kind: 'public' },
        escorts: [],
        circumstances: 'Sendirian di terminal pada malam hari.',
      },
      { subjectId: clientId },
    );
    const registered = await vault.encryptPayload('ClientRegistered', 1, {
      clientId,
      category: 'neglectedChild',
      identityStatus: 'partlyKnown',
      calledName: 'Ucok',
      sex: 'male',
      estimatedAgeYears: 8,
      identityDocuments: [],
    });
    const envelope = (
      type: string,
      schemaVersion: number,
      encrypted: typeof report,
    ): NewEvent<object> => ({
      eventId: randomUUID(),
      type,
      schemaVersion,
      caseId,
      subjectIds: encrypted.subjectIds,
      officeCode: '3603',
      occurredAt: '2026-03-02T21:10:00+07:00',
      actor: intakeOfficer,
      correlationId: randomUUID(),
      causationId: null,
      serviceStandard: { code: 'bekasi-layanan-rujukan', version: 1 },
      payload: encrypted.payload,
    });
    await store.appendToStream(`intakeCase-${caseId}`, [envelope('ReportReceived', 2, report)], {
      expectedRevision: 'noStream',
    });
    await store.appendToStream(
      `client-${clientId}`,
      [envelope('ClientRegistered', 1, registered)],
      { expectedRevision: 'noStream' },
    );
    expect(report.subjectIds.sort()).toEqual([clientId, reporterId].sort());

    const before = await store.readCase(caseId);
    const beforeReport = await vault.decryptPayload(
      'ReportReceived',
      2,
      before[0].payload,
      auditor,
    );
    expect(beforeReport.circumstances).toBe('Sendirian di terminal pada malam hari.');

    const erasure = await vault.eraseSubjectKey(clientId, {
      actor: intakeOfficer,
      reason: 'UU PDP erasure request',
    });
    expect(erasure.alreadyErased).toBe(false);

    const [storedReport, storedClient] = await store.readCase(caseId);
    expect(storedReport.payload).toEqual(before[0].payload); // the store itself is untouched
    const readReport = await vault.decryptPayload(
      'ReportReceived',
      2,
      storedReport.payload,
      auditor,
    );
    expect(ErasedField.safeParse(readReport.foundAt).success).toBe(true);
    expect(ErasedField.safeParse(readReport.circumstances).success).toBe(true);
    expect(readReport.reporter).toEqual({
      personId: reporterId,
      name: 'Siti Aminah',
      phone: '081234567890',
    });
    const readClient = await vault.decryptPayload(
      'ClientRegistered',
      1,
      storedClient.payload,
      auditor,
    );
    expect(readClient).toMatchObject({
      clientId,
      sex: 'male',
      calledName: { erased: true, keyId: erasure.keyId },
      estimatedAgeYears: { erased: true, keyId: erasure.keyId },
    });

    expect(await verifyStream(pool, `intakeCase-${caseId}`)).toMatchObject({
      ok: true,
      eventsChecked: 1,
    });
    expect(await verifyCase(pool, caseId)).toMatchObject({
      ok: true,
      streamsChecked: 2,
      broken: [],
    });

    const wireCopy = await vault.markErasedFields('ClientRegistered', 1, storedClient.payload);
    expect(wireCopy.calledName).toEqual({ erased: true, keyId: erasure.keyId });
    expect(validateEvent('ClientRegistered', 1, wireCopy).ok).toBe(true);
    const reporterStillEncrypted = await vault.markErasedFields(
      'ReportReceived',
      2,
      storedReport.payload,
    );
    expect(reporterStillEncrypted.reporter).toEqual(storedReport.payload.reporter);
    await store.close();
  });
});
