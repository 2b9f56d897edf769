import fs from 'node:fs';
import path from 'node:path';
import { SignJWT, exportPKCS8, exportSPKI, generateKeyPair, importPKCS8 } from 'jose';
import { devKeyAlgorithm, tokenClaims } from '../jwt/jwt-verifier';
import type { Role } from '../roles/roles';

/** Where `npm run token` keeps the development key pair (under the git-ignored .cache). */
export const defaultDevKeyDirectory = path.resolve(__dirname, '../../../../.cache/dev-auth');
export const devTokenIssuer = 'dinsos-dev';

export interface DevKeyPair {
  privateKeyPem: string;
  publicKeyPem: string;
  publicKeyFile: string;
}

export async function generateDevKeyPair(): Promise<{
  privateKeyPem: string;
  publicKeyPem: string;
}> {
  const { privateKey, publicKey } = await generateKeyPair(devKeyAlgorithm, { extractable: true });
  return {
    privateKeyPem: await exportPKCS8(privateKey),
    publicKeyPem: await exportSPKI(publicKey),
  };
}

/**
 * The development key pair in `directory`, created on first use. Services verify dev tokens with
 * `AUTH_DEV_PUBLIC_KEY_FILE=<directory>/public.pem`; production refuses a dev key.
 */
export async function ensureDevKeyPair(directory = defaultDevKeyDirectory): Promise<DevKeyPair> {
  const privateKeyFile = path.join(directory, 'private.pem');
  const publicKeyFile = path.join(directory, 'public.pem');
  if (!fs.existsSync(privateKeyFile) || !fs.existsSync(publicKeyFile)) {
    const pair = await generateDevKeyPair();
    fs.mkdirSync(directory, { recursive: true, mode: 0o700 });
    // Written to temporary names first, so two first uses at once never leave half a pair.
    const suffix = `.${process.pid}.tmp`;
    fs.writeFileSync(privateKeyFile + suffix, pair.privateKeyPem, { mode: 0o600 });
    fs.writeFileSync(publicKeyFile + suffix, pair.publicKeyPem, { mode: 0o644 });
    fs.renameSync(privateKeyFile + suffix, privateKeyFile);
    fs.renameSync(publicKeyFile + suffix, publicKeyFile);
  }
  return {
    privateKeyPem: fs.readFileSync(privateKeyFile, 'utf8'),
    publicKeyPem: fs.readFileSync(publicKeyFile, 'utf8'),
    publicKeyFile,
  };
}

export interface DevTokenRequest {
  role: Role;
  officeCode: string;
  /** Default `dev-<role>-<office>`. */
  subject?: string;
  /** A jose duration such as '8h' or '15m'. Default '8h'. */
  expiresIn?: string;
  issuer?: string;
  audience?: string;
}

export async function signDevToken(
  privateKeyPem: string,
  request: DevTokenRequest,
): Promise<string> {
  const key = await importPKCS8(privateKeyPem, devKeyAlgorithm);
  const token = new SignJWT({
    [tokenClaims.role]: request.role,
    [tokenClaims.officeCode]: request.officeCode,
  })
    .setProtectedHeader({ alg: devKeyAlgorithm, typ: 'JWT' })
    .setSubject(request.subject ?? `dev-${request.role}-${request.officeCode}`)
    .setIssuer(request.issuer ?? devTokenIssuer)
    .setIssuedAt()
    .setExpirationTime(request.expiresIn ?? '8h');
  if (request.audience) token.setAudience(request.audience);
  return token.sign(key);
}
