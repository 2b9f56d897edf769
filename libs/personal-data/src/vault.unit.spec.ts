import { randomUUID } from 'node:crypto';
import { EncryptedField, validateEvent } from '@dinsos/contracts';
import { newDataKey } from './crypto/aes-gcm';
import type { DataAccess, DataAccessRecord } from './access';
import type { ErasureResult, SubjectKey, SubjectKeyStore } from './keys/subject-key-store';
import { SubjectKeyErasedError } from './keys/subject-key-store';
import { PayloadEncryptionError, PersonalDataIntegrityError, PersonalDataVault } from './vault';

/** Keys in memory: the PostgreSQL store has its own integration test. */
class InMemoryKeys implements SubjectKeyStore {
  readonly byId = new Map<string, SubjectKey>();
  async activeKeyOf(subjectId: string) {
    let key = [...this.byId.values()].find((k) => k.subjectId === subjectId);
    if (!key) {
      key = { status: 'active', keyId: randomUUID(), subjectId, key: newDataKey() };
      this.byId.set(key.keyId, key);
    }
    if (key.status === 'erased') throw new SubjectKeyErasedError(key.keyId);
    return key;
  }
  async keyById(keyId: string) {
    return this.byId.get(keyId);
  }
  async erase(subjectId: string): Promise<ErasureResult> {
    const key = [...this.byId.values()].find((k) => k.subjectId === subjectId);
    if (!key) return { subjectId, alreadyErased: false };
    this.byId.set(key.keyId, {
      status: 'erased',
      keyId: key.keyId,
      subjectId,
      erasedAt: new Date().toISOString(),
    });
    return { subjectId, keyId: key.keyId, alreadyErased: key.status === 'erased' };
  }
}

const socialWorker: DataAccess = {
  actor: { id: 'officer-7', role: 'social-worker', officeCode: '3603' },
  purpose: 'caseHandling',
};
const ids = {
  client: 'client-1',
  reporter: 'reporter-1',
  escortA: 'escort-a',
  escortB: 'escort-b',
};

function plaintextReport() {
  return {
    clientCategory: 'neglectedChild',
    foundAt: { regionCode: '3603', description: 'Depan Pasar Kresek' },
    foundOn: '2026-03-02',
    reporter: {
      personId: ids.reporter,
      name: 'Siti Aminah',
      nik: '3603014501800002',
      phone: '081234567890',
      organisation: 'Warga',
    },
    serviceStandard: { code: 'bekasi-layanan-rujukan', version: 1 },
    source: { kind: 'public' },
    letter: {
      number: '470/12/Ds',
      issuer: 'Desa Cikupa',
      scan: { fileId: 'f-1', sha256: 'a'.repeat(64) },
    },
    escorts: [
      { personId: ids.escortA, name: 'Bripka Joko' },
      { personId: ids.escortB, name: 'Ibu Rina', phone: '0812000111' },
    ],
    circumstances: 'Anak laki-laki, sekitar 8 tahun, sendirian.',
  };
}

describe('encrypting an event payload', () => {
  const keys = new InMemoryKeys();
  const vault = new PersonalDataVault({ keys });

  it("encrypts every personal field with its own subject's key, in the contracts' stored form", async () => {
    const { payload, subjectIds } = await vault.encryptPayload(
      'ReportReceived',
      2,
      plaintextReport(),
      {
        subjectId: ids.client,
      },
    );
    expect(validateEvent('ReportReceived', 2, payload).ok).toBe(true);
    const keyOf = async (subject: string) => (await keys.activeKeyOf(subject)).keyId;
    const encrypted = payload as ReturnType<typeof plaintextReport> & Record<string, never>;
    expect(EncryptedField.parse(encrypted.reporter.name).keyId).toBe(await keyOf(ids.reporter));
    expect(EncryptedField.parse(encrypted.reporter.nik).keyId).toBe(await keyOf(ids.reporter));
    expect(EncryptedField.parse(encrypted.escorts[0].name).keyId).toBe(await keyOf(ids.escortA));
    expect(EncryptedField.parse(encrypted.escorts[1].phone).keyId).toBe(await keyOf(ids.escortB));
    expect(EncryptedField.parse(encrypted.foundAt).keyId).toBe(await keyOf(ids.client));
    expect(EncryptedField.parse(encrypted.letter.scan).keyId).toBe(await keyOf(ids.client));
    expect(subjectIds).toEqual([ids.client, ids.escortA, ids.escortB, ids.reporter].sort());
    const text = JSON.stringify(payload);
    for (const secret of ['Siti', '3603014501800002', 'Joko', 'Pasar Kresek', '0812'])
      expect(text).not.toContain(secret);
    expect(encrypted.reporter.organisation).toBe('Warga');
  });

  it('reads back exactly what was written', async () => {
    const { payload } = await vault.encryptPayload('ReportReceived', 2, plaintextReport(), {
      subjectId: ids.client,
    });
    expect(await vault.decryptPayload('ReportReceived', 2, payload, socialWorker)).toEqual(
      plaintextReport(),
    );
  });

  it('encrypts the same value differently each time (random IV)', async () => {
    const a = await vault.encryptValue(ids.client, 'Budi');
    const b = await vault.encryptValue(ids.client, 'Budi');
    expect(a.ct).not.toBe(b.ct);
    expect(a.iv).not.toBe(b.iv);
  });

  it("uses the clientId of the payload for the client's own fields", async () => {
    const { payload, subjectIds } = await vault.encryptPayload('ClientRegistered', 1, {
      clientId: ids.client,
      category: 'neglectedChild',
      identityStatus: 'partlyKnown',
      calledName: 'Ucok',
      sex: 'male',
      estimatedAgeYears: 8,
      identityDocuments: [{ kind: 'kk', scan: { fileId: 'f-2', sha256: 'b'.repeat(64) } }],
    });
    const clientKey = (await keys.activeKeyOf(ids.client)).keyId;
    expect((payload.estimatedAgeYears as EncryptedField).keyId).toBe(clientKey);
    expect((payload.identityDocuments as Array<{ scan: EncryptedField }>)[0].scan.keyId).toBe(
      clientKey,
    );
    expect(subjectIds).toEqual([ids.client]);
  });

  it('refuses a value that breaks its plaintext schema, saying where but not what', async () => {
    const report = plaintextReport();
    report.reporter.nik = 'NIK-SITI-AMINAH';
    const attempt = vault.encryptPayload('ReportReceived', 2, report, { subjectId: ids.client });
    await expect(attempt).rejects.toThrow(PayloadEncryptionError);
    await expect(attempt).rejects.toThrow(/reporter\.nik does not match its plaintext schema/);
    await expect(attempt).rejects.not.toThrow(/SITI/);
  });

  it('refuses a field with no subject to encrypt it for', async () => {
    await expect(vault.encryptPayload('ReportReceived', 2, plaintextReport())).rejects.toThrow(
      /foundAt \(foundAt\) has no enclosing subject reference/,
    );
  });

  it('keeps a field copied from an earlier event only when encrypted for the same subject', async () => {
    const reporterName = await vault.encryptValue(ids.reporter, 'Siti Aminah');
    const handover = (handedOverByName: EncryptedField) => ({
      clientId: ids.client,
      shelter: { name: 'Rumah Singgah Dinas Sosial' },
      bast: {
        number: 'BAST/3603/2026/0001',
        templateCode: 'bast-shelter',
        templateVersion: 1,
        sha256: 'c'.repeat(64),
      },
      handedOverBy: { personId: ids.reporter, name: handedOverByName },
      handedOverAt: '2026-03-02T10:00:00+07:00',
      custodian: { kind: 'shelter', organisation: { name: 'Rumah Singgah Dinas Sosial' } },
    });
    const kept = await vault.encryptPayload('ClientHandedOverToShelter', 1, handover(reporterName));
    expect((kept.payload.handedOverBy as { name: EncryptedField }).name).toEqual(reporterName);
    const clientsName = await vault.encryptValue(ids.client, 'Ucok');
    await expect(
      vault.encryptPayload('ClientHandedOverToShelter', 1, handover(clientsName)),
    ).rejects.toThrow(/handedOverBy\.name is encrypted for another subject/);
  });
});

describe('decrypting a field', () => {
  const keys = new InMemoryKeys();
  const records: DataAccessRecord[] = [];
  const vault = new PersonalDataVault({
    keys,
    recordAccess: (record) => void records.push(record),
  });

  it('records who read whose field and why, without the value', async () => {
    const field = await vault.encryptValue(ids.client, 'Ucok');
    expect(await vault.decryptField(field, socialWorker)).toMatchObject({
      status: 'readable',
      value: 'Ucok',
      subjectId: ids.client,
    });
    expect(records).toEqual([
      {
        actor: socialWorker.actor,
        purpose: 'caseHandling',
        keyId: field.keyId,
        subjectId: ids.client,
        what: 'field',
        outcome: 'read',
      },
    ]);
    expect(JSON.stringify(records)).not.toContain('Ucok');
  });

  it('refuses an analyst, an unknown purpose or a missing actor', async () => {
    const field = await vault.encryptValue(ids.client, 'Ucok');
    await expect(
      vault.decryptField(field, {
        actor: { id: 'a-1', role: 'analyst', officeCode: '36' },
        purpose: 'audit',
      }),
    ).rejects.toThrow(/analysts/);
    await expect(
      vault.decryptField(field, { ...socialWorker, purpose: 'curiosity' as never }),
    ).rejects.toThrow(/unknown purpose/);
    await expect(vault.decryptField(field, { purpose: 'audit' } as DataAccess)).rejects.toThrow(
      /no actor/,
    );
  });

  it('refuses a read when recording it fails', async () => {
    const strict = new PersonalDataVault({
      keys,
      recordAccess: () => Promise.reject(new Error('audit log down')),
    });
    const field = await strict.encryptValue(ids.client, 'Ucok');
    await expect(strict.decryptField(field, socialWorker)).rejects.toThrow('audit log down');
  });

  it('detects an altered ciphertext', async () => {
    const field = await vault.encryptValue(ids.client, 'Ucok');
    const ct = Buffer.from(field.ct, 'base64');
    ct[0] ^= 1;
    await expect(
      vault.decryptField({ ...field, ct: ct.toString('base64') }, socialWorker),
    ).rejects.toThrow(PersonalDataIntegrityError);
  });

  it("reads a field as erased once its subject's key is erased, and refuses new data for that subject", async () => {
    const field = await vault.encryptValue('client-2', 'Ani');
    await vault.eraseSubjectKey('client-2', { actor: socialWorker.actor, reason: 'test' });
    expect(await vault.decryptField(field, socialWorker)).toEqual({
      status: 'erased',
      keyId: field.keyId,
    });
    expect(await vault.decryptField({ erased: true, keyId: field.keyId }, socialWorker)).toEqual({
      status: 'erased',
      keyId: field.keyId,
    });
    await expect(vault.encryptValue('client-2', 'Ani')).rejects.toThrow(SubjectKeyErasedError);
  });
});
