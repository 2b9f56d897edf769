import { SignJWT, exportJWK, generateKeyPair, type CryptoKey } from 'jose';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { JwtVerifier } from './jwt-verifier';

describe('JwtVerifier with a JWKS URL', () => {
  let server: http.Server;
  let jwksUrl: string;
  let privateKey: CryptoKey;

  beforeAll(async () => {
    const pair = await generateKeyPair('RS256', { extractable: true });
    privateKey = pair.privateKey;
    const jwk = { ...(await exportJWK(pair.publicKey)), kid: 'key-1', alg: 'RS256', use: 'sig' };
    server = http.createServer((_request, response) => {
      response.setHeader('content-type', 'application/json');
      response.end(JSON.stringify({ keys: [jwk] }));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    jwksUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/jwks`;
  });

  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('verifies a token signed by a key of the set, as from an OIDC provider', async () => {
    const verifier = await JwtVerifier.create({
      keys: { jwksUrl },
      issuer: 'https://sso.example',
      audience: 'dinsos',
    });
    const token = await new SignJWT({ role: 'placement-officer', office: '3671' })
      .setProtectedHeader({ alg: 'RS256', kid: 'key-1' })
      .setSubject('user-42')
      .setIssuer('https://sso.example')
      .setAudience('dinsos')
      .setExpirationTime('5m')
      .sign(privateKey);
    await expect(verifier.verify(token)).resolves.toEqual({
      id: 'user-42',
      role: 'placement-officer',
      officeCode: '3671',
    });
  });

  it('refuses a token whose key id is not in the set', async () => {
    const verifier = await JwtVerifier.create({ keys: { jwksUrl } });
    const token = await new SignJWT({ role: 'supervisor', office: '36' })
      .setProtectedHeader({ alg: 'RS256', kid: 'unknown-key' })
      .setSubject('user-1')
      .setExpirationTime('5m')
      .sign(privateKey);
    await expect(verifier.verify(token)).rejects.toThrow(
      'the token was not signed by a trusted key',
    );
  });
});
