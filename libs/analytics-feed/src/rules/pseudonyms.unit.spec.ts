import { createHash } from 'node:crypto';
import {
  InvalidPseudonymKeyError,
  createPseudonymiser,
  pseudonymKey,
  pseudonymKeyFromEnvironment,
} from './pseudonyms';

const secret = Buffer.alloc(32, 9);

describe('pseudonyms', () => {
  const pseudonymiser = createPseudonymiser(pseudonymKey('2026-1', secret));

  it('are 128 bits of keyed HMAC in hex, the same for the same id and kind', () => {
    const ref = pseudonymiser.pseudonym('case', '3603-2026-000123');
    expect(ref).toMatch(/^[0-9a-f]{32}$/);
    expect(pseudonymiser.pseudonym('case', '3603-2026-000123')).toBe(ref);
    expect(pseudonymiser.pseudonym('case', '3603-2026-000124')).not.toBe(ref);
    expect(pseudonymiser.keyId).toBe('2026-1');
  });

  it('differ between kinds, so one string as a case and as a subject links nothing', () => {
    const id = 'same-string';
    const refs = (['case', 'subject', 'event', 'record', 'correlation', 'value'] as const).map(
      (scope) => pseudonymiser.pseudonym(scope, id),
    );
    expect(new Set(refs).size).toBe(refs.length);
  });

  it('change completely with a new key: rotation starts new pseudonyms', () => {
    const rotated = createPseudonymiser(pseudonymKey('2026-2', Buffer.alloc(32, 10)));
    expect(rotated.pseudonym('case', 'c-1')).not.toBe(pseudonymiser.pseudonym('case', 'c-1'));
    expect(rotated.keyId).toBe('2026-2');
  });

  it('never come from the id alone: a plain SHA-256 of the id is not the pseudonym', () => {
    const plain = createHash('sha256').update('c-1').digest('hex').slice(0, 32);
    expect(pseudonymiser.pseudonym('case', 'c-1')).not.toBe(plain);
  });

  it('refuse a short secret, a bad key id, an empty id and an unknown kind', () => {
    expect(() => pseudonymKey('k', Buffer.alloc(31))).toThrow(InvalidPseudonymKeyError);
    expect(() => pseudonymKey('has space', secret)).toThrow(InvalidPseudonymKeyError);
    expect(() => pseudonymiser.pseudonym('case', '')).toThrow(TypeError);
    expect(() => pseudonymiser.pseudonym('nope' as never, 'x')).toThrow(TypeError);
  });
});

describe('the pseudonym key from the environment', () => {
  const base64 = secret.toString('base64');

  it('reads the key and its id', () => {
    const key = pseudonymKeyFromEnvironment({
      ANALYTICS_PSEUDONYM_KEY: base64,
      ANALYTICS_PSEUDONYM_KEY_ID: '2026-1',
    });
    expect(key.keyId).toBe('2026-1');
    expect(key.secret.equals(secret)).toBe(true);
  });

  it('says clearly what is missing or wrong, never echoing the secret', () => {
    const attempts = [
      { ANALYTICS_PSEUDONYM_KEY_ID: '2026-1' },
      { ANALYTICS_PSEUDONYM_KEY: base64 },
      { ANALYTICS_PSEUDONYM_KEY: 'not base64!', ANALYTICS_PSEUDONYM_KEY_ID: '2026-1' },
      { ANALYTICS_PSEUDONYM_KEY: 'c2hvcnQ=', ANALYTICS_PSEUDONYM_KEY_ID: '2026-1' },
    ];
    const messages = attempts.map((env) => {
      try {
        pseudonymKeyFromEnvironment(env);
        return 'accepted';
      } catch (error) {
        expect(error).toBeInstanceOf(InvalidPseudonymKeyError);
        return (error as Error).message;
      }
    });
    expect(messages[0]).toMatch(/ANALYTICS_PSEUDONYM_KEY is not set/);
    expect(messages[1]).toMatch(/ANALYTICS_PSEUDONYM_KEY_ID is not set/);
    expect(messages[2]).toMatch(/not base64/);
    expect(messages[3]).toMatch(/at least 32 random bytes/);
    for (const message of messages) {
      expect(message).not.toContain(base64);
      expect(message).not.toContain('c2hvcnQ=');
    }
  });
});
