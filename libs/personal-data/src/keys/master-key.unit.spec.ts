import { randomBytes } from 'node:crypto';
import { newDataKey } from '../crypto/aes-gcm';
import {
  InvalidMasterKeyError,
  masterKeyFromBytes,
  masterKeyFromEnvironment,
  unwrapDataKey,
  wrapDataKey,
} from './master-key';

describe('the master key', () => {
  const bytes = randomBytes(32);

  it('is read from PERSONAL_DATA_MASTER_KEY as base64 of 32 bytes, or absent', () => {
    const key = masterKeyFromEnvironment({ PERSONAL_DATA_MASTER_KEY: bytes.toString('base64') });
    expect(key?.key.equals(bytes)).toBe(true);
    expect(key?.fingerprint).toMatch(/^[0-9a-f]{16}$/);
    expect(masterKeyFromEnvironment({})).toBeUndefined();
    expect(masterKeyFromEnvironment({ PERSONAL_DATA_MASTER_KEY: '  ' })).toBeUndefined();
  });

  it('refuses a wrong length or non-base64 without echoing the value', () => {
    const short = randomBytes(16).toString('base64');
    expect(() => masterKeyFromEnvironment({ PERSONAL_DATA_MASTER_KEY: short })).toThrow(
      InvalidMasterKeyError,
    );
    try {
      masterKeyFromEnvironment({ PERSONAL_DATA_MASTER_KEY: 'secret value!' });
      throw new Error('accepted');
    } catch (error) {
      expect(error).toBeInstanceOf(InvalidMasterKeyError);
      expect((error as Error).message).not.toContain('secret value');
    }
  });

  it('wraps a data key so that only the same master key, key id and subject unwrap it', () => {
    const master = masterKeyFromBytes(bytes);
    const dataKey = newDataKey();
    const wrapped = wrapDataKey(master, dataKey, 'key-1', 'subject-1');
    expect(wrapped.includes(dataKey)).toBe(false);
    expect(unwrapDataKey(master, wrapped, 'key-1', 'subject-1').equals(dataKey)).toBe(true);
    expect(() =>
      unwrapDataKey(masterKeyFromBytes(randomBytes(32)), wrapped, 'key-1', 'subject-1'),
    ).toThrow();
    expect(() => unwrapDataKey(master, wrapped, 'key-1', 'subject-2')).toThrow();
  });
});
