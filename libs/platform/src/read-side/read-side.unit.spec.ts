import { generateKeyPairSync, sign, verify } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { RequestValidationError } from '../errors/errors';
import { statedPurposeOf } from './read-context';
import { loadSigningKey } from './signing-key';

describe('the stated purpose of a read', () => {
  const request = (query: Record<string, unknown>, headers: Record<string, string> = {}) =>
    ({ query, headers }) as never;

  it('comes from ?purpose= or the X-Purpose header, the query first, trimmed', () => {
    expect(statedPurposeOf(request({ purpose: '  Pemeriksaan  ' }))).toBe('Pemeriksaan');
    expect(statedPurposeOf(request({}, { 'x-purpose': 'Audit BPK' }))).toBe('Audit BPK');
    expect(
      statedPurposeOf(request({ purpose: 'Dari query' }, { 'x-purpose': 'Dari header' })),
    ).toBe('Dari query');
  });

  it('is a 400 naming the parameter when missing, blank, too short or too long', () => {
    for (const purpose of [undefined, '', '   ', 'ab', 'x'.repeat(501)]) {
      expect(() => statedPurposeOf(request({ purpose }))).toThrow(RequestValidationError);
    }
    try {
      statedPurposeOf(request({}));
    } catch (error) {
      expect((error as RequestValidationError).errors).toEqual([
        expect.objectContaining({ in: 'query', path: 'purpose' }),
      ]);
    }
  });
});

describe('the signing key of what a service hands out', () => {
  const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'signing-key-'));
  afterAll(() => fs.rmSync(directory, { recursive: true, force: true }));

  it('is the configured PEM, named by its key id', () => {
    const { privateKey } = generateKeyPairSync('ed25519');
    const pem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    const key = loadSigningKey({ pem, production: true, variable: 'X_KEY' });
    expect(key.keyId).toMatch(/^[0-9a-f]{16}$/);
    const signature = sign(null, Buffer.from('isi'), key.privateKey);
    expect(verify(null, Buffer.from('isi'), key.publicKeyPem, signature)).toBe(true);
  });

  it('is required in production, and refused unless Ed25519', () => {
    expect(() => loadSigningKey({ production: true, variable: 'X_KEY' })).toThrow(
      /X_KEY \(or X_KEY_FILE\) is required in production/,
    );
    const rsa = generateKeyPairSync('rsa', { modulusLength: 1024 }).privateKey;
    const pem = rsa.export({ type: 'pkcs8', format: 'pem' }).toString();
    expect(() => loadSigningKey({ pem, production: false, variable: 'X_KEY' })).toThrow(/Ed25519/);
  });

  it('is made once in the development folder and kept across starts', () => {
    const dev = path.join(directory, 'dev');
    const first = loadSigningKey({ devDirectory: dev, production: false, variable: 'X_KEY' });
    const again = loadSigningKey({ devDirectory: dev, production: false, variable: 'X_KEY' });
    expect(again.keyId).toBe(first.keyId);
    expect(fs.readFileSync(path.join(dev, 'public.pem'), 'utf8')).toBe(first.publicKeyPem);
    expect(fs.statSync(path.join(dev, 'private.pem')).mode & 0o077).toBe(0);
  });
});
