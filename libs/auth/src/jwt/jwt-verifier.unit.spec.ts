import { SignJWT, importPKCS8 } from 'jose';
import { generateDevKeyPair, signDevToken } from '../dev-tokens/dev-tokens';
import { InvalidToken, JwtVerifier, bearerToken } from './jwt-verifier';

describe('JwtVerifier with a local key pair', () => {
  let pair: { privateKeyPem: string; publicKeyPem: string };
  let verifier: JwtVerifier;

  beforeAll(async () => {
    pair = await generateDevKeyPair();
    verifier = await JwtVerifier.create({
      keys: { publicKeyPem: pair.publicKeyPem },
      issuer: 'dinsos-dev',
    });
  });

  it('reads the actor (subject, role, office) from a valid token', async () => {
    const token = await signDevToken(pair.privateKeyPem, {
      role: 'social-worker',
      officeCode: '3603',
      subject: 'siti',
    });
    await expect(verifier.verify(token)).resolves.toEqual({
      id: 'siti',
      role: 'social-worker',
      officeCode: '3603',
    });
  });

  it('refuses a token signed by another key', async () => {
    const other = await generateDevKeyPair();
    const token = await signDevToken(other.privateKeyPem, { role: 'supervisor', officeCode: '36' });
    await expect(verifier.verify(token)).rejects.toThrow(
      new InvalidToken('the token signature is not valid'),
    );
  });

  it('refuses an expired token, another issuer, and an unknown audience', async () => {
    const key = await importPKCS8(pair.privateKeyPem, 'ES256');
    const base = () =>
      new SignJWT({ role: 'supervisor', office: '36' })
        .setProtectedHeader({ alg: 'ES256' })
        .setSubject('x');
    const expired = await base()
      .setIssuer('dinsos-dev')
      .setExpirationTime(Math.floor(Date.now() / 1000) - 3600)
      .sign(key);
    await expect(verifier.verify(expired)).rejects.toThrow('the token has expired');
    const foreign = await base().setIssuer('someone-else').setExpirationTime('1h').sign(key);
    await expect(verifier.verify(foreign)).rejects.toThrow("the token's iss claim is not accepted");
    const withAudience = await JwtVerifier.create({
      keys: { publicKeyPem: pair.publicKeyPem },
      audience: 'intake',
    });
    const forOther = await base().setAudience('placement').setExpirationTime('1h').sign(key);
    await expect(withAudience.verify(forOther)).rejects.toThrow(
      "the token's aud claim is not accepted",
    );
  });

  it('refuses a token without expiry, with an unknown role, or a malformed office', async () => {
    const key = await importPKCS8(pair.privateKeyPem, 'ES256');
    const noExpiry = await new SignJWT({ role: 'supervisor', office: '36' })
      .setProtectedHeader({ alg: 'ES256' })
      .setSubject('x')
      .setIssuer('dinsos-dev')
      .sign(key);
    await expect(verifier.verify(noExpiry)).rejects.toThrow(
      "the token's exp claim is not accepted",
    );
    const badRole = await new SignJWT({ role: 'root', office: '36' })
      .setProtectedHeader({ alg: 'ES256' })
      .setSubject('x')
      .setIssuer('dinsos-dev')
      .setExpirationTime('1h')
      .sign(key);
    await expect(verifier.verify(badRole)).rejects.toThrow('not a known role');
    const badOffice = await new SignJWT({ role: 'supervisor', office: '3' })
      .setProtectedHeader({ alg: 'ES256' })
      .setSubject('x')
      .setIssuer('dinsos-dev')
      .setExpirationTime('1h')
      .sign(key);
    await expect(verifier.verify(badOffice)).rejects.toThrow('not an office code');
  });

  it('refuses an unsigned token (alg none) and garbage', async () => {
    const header = Buffer.from(JSON.stringify({ alg: 'none' })).toString('base64url');
    const body = Buffer.from(
      JSON.stringify({
        sub: 'x',
        role: 'supervisor',
        office: '36',
        iss: 'dinsos-dev',
        exp: 9999999999,
      }),
    ).toString('base64url');
    await expect(verifier.verify(`${header}.${body}.`)).rejects.toBeInstanceOf(InvalidToken);
    await expect(verifier.verify('not-a-token')).rejects.toThrow('the token is malformed');
  });

  it('takes the token out of a Bearer header only', () => {
    expect(bearerToken('Bearer abc.def.ghi')).toBe('abc.def.ghi');
    expect(bearerToken('bearer abc.def.ghi')).toBe('abc.def.ghi');
    expect(bearerToken('Basic dXNlcjpwYXNz')).toBeUndefined();
    expect(bearerToken(undefined)).toBeUndefined();
    expect(bearerToken('Bearer ')).toBeUndefined();
  });
});
