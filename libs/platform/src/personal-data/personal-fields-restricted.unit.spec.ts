import { randomBytes, randomUUID } from 'node:crypto';
import {
  PersonalDataVault,
  SubjectKeyNotUsable,
  type SubjectKey,
  type SubjectKeyStore,
} from '@dinsos/personal-data';
import { PersonalFields } from './personal-fields';

type ActiveKey = Extract<SubjectKey, { status: 'active' }>;

/** A key store in memory that, like the PostgreSQL one, makes restricted keys. */
class MemoryKeys implements SubjectKeyStore {
  readonly keys = new Map<string, ActiveKey & { restricted: boolean }>();
  readonly calls: string[] = [];

  activeKeyOf(subjectId: string): Promise<ActiveKey> {
    this.calls.push(`active:${subjectId}`);
    return Promise.resolve(this.keys.get(subjectId) ?? this.make(subjectId, false));
  }

  createRestrictedKey(subjectId: string): Promise<ActiveKey> {
    this.calls.push(`restricted:${subjectId}`);
    const existing = this.keys.get(subjectId);
    if (existing && !existing.restricted) return Promise.reject(new SubjectKeyNotUsable(subjectId));
    return Promise.resolve(existing ?? this.make(subjectId, true));
  }

  keyById(keyId: string): Promise<SubjectKey | undefined> {
    return Promise.resolve([...this.keys.values()].find((key) => key.keyId === keyId));
  }

  erase(subjectId: string) {
    return Promise.resolve({ subjectId, alreadyErased: false });
  }

  private make(subjectId: string, restricted: boolean) {
    const key = { status: 'active' as const, keyId: randomUUID(), subjectId, key: randomBytes(32) };
    this.keys.set(subjectId, { ...key, restricted });
    return key;
  }
}

describe('PersonalFields.encryptPersonRestricted', () => {
  const actor = { id: 'ani', role: 'complaints-officer', officeCode: '36' };

  it('creates the restricted key first, then encrypts the person under it (a retry reuses it)', async () => {
    const keys = new MemoryKeys();
    const fields = new PersonalFields(new PersonalDataVault({ keys }));
    const person = await fields.encryptPersonRestricted('whistle-1', {
      name: 'Budi Santoso',
      phone: '081234567890',
      relationship: 'pelapor',
    });
    expect(keys.calls[0]).toBe('restricted:whistle-1');
    expect(keys.keys.get('whistle-1')?.restricted).toBe(true);
    expect(person).toMatchObject({
      personId: 'whistle-1',
      name: { keyId: keys.keys.get('whistle-1')?.keyId },
      relationship: 'pelapor',
    });
    const again = await fields.encryptPersonRestricted('whistle-1', { name: 'Budi Santoso' });
    expect((again.name as { keyId: string }).keyId).toBe(keys.keys.get('whistle-1')?.keyId);
    const read = await fields.decrypt(person.name, { actor, purpose: 'complaintHandling' });
    expect(read).toMatchObject({ status: 'readable', value: 'Budi Santoso' });
  });

  it('refuses a person whose key others use already', async () => {
    const keys = new MemoryKeys();
    const fields = new PersonalFields(new PersonalDataVault({ keys }));
    await fields.encryptPerson('client-1', { name: 'Siti' });
    await expect(
      fields.encryptPersonRestricted('client-1', { name: 'Siti' }),
    ).rejects.toBeInstanceOf(SubjectKeyNotUsable);
  });

  it('says so when the vault’s key store cannot make restricted keys', async () => {
    const keys = new MemoryKeys();
    const plain: SubjectKeyStore = {
      activeKeyOf: (id) => keys.activeKeyOf(id),
      keyById: (id) => keys.keyById(id),
      erase: (id) => keys.erase(id),
    };
    const fields = new PersonalFields(new PersonalDataVault({ keys: plain }));
    await expect(fields.encryptPersonRestricted('whistle-2', {})).rejects.toThrow(
      /cannot make keys usable by one role alone/,
    );
  });
});
