import {
  createHash,
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  type KeyObject,
} from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

/** An Ed25519 key a service signs what it hands out with (exports, attestations). */
export interface SigningKey {
  privateKey: KeyObject;
  publicKeyPem: string;
  /** First 16 hex digits of SHA-256 over the public key's SPKI DER (as the store's seals name keys). */
  keyId: string;
}

export interface SigningKeySource {
  /** The private key as PKCS#8 PEM. */
  pem?: string;
  /** A file holding it. */
  file?: string;
  /**
   * Outside production only, when neither is given: a development key pair kept in this folder
   * (`private.pem`, `public.pem`), made on the first start like the sealer's and the dev tokens'.
   * Without it either, a key of this process alone (tests).
   */
  devDirectory?: string;
  production: boolean;
  /** For the message when nothing is configured in production. */
  variable: string;
}

export function signingKeyOf(privateKey: KeyObject): SigningKey {
  if (privateKey.asymmetricKeyType !== 'ed25519') {
    throw new Error(`the signing key must be Ed25519, not ${privateKey.asymmetricKeyType}`);
  }
  const publicKey = createPublicKey(privateKey);
  const der = publicKey.export({ type: 'spki', format: 'der' });
  return {
    privateKey,
    publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
    keyId: createHash('sha256').update(der).digest('hex').slice(0, 16),
  };
}

/** The signing key from configuration, or a development one (see SigningKeySource). */
export function loadSigningKey(source: SigningKeySource): SigningKey {
  if (source.pem) return signingKeyOf(createPrivateKey(source.pem));
  if (source.file) return signingKeyOf(createPrivateKey(fs.readFileSync(source.file, 'utf8')));
  if (source.production) {
    throw new Error(`${source.variable} (or ${source.variable}_FILE) is required in production`);
  }
  if (!source.devDirectory) return signingKeyOf(generateKeyPairSync('ed25519').privateKey);
  const privateFile = path.join(source.devDirectory, 'private.pem');
  if (!fs.existsSync(privateFile)) {
    fs.mkdirSync(source.devDirectory, { recursive: true, mode: 0o700 });
    const { privateKey, publicKey } = generateKeyPairSync('ed25519');
    const pem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    try {
      // Exclusive: two instances starting at once keep the first one's key.
      fs.writeFileSync(privateFile, pem, { flag: 'wx', mode: 0o600 });
      fs.writeFileSync(
        path.join(source.devDirectory, 'public.pem'),
        publicKey.export({ type: 'spki', format: 'pem' }).toString(),
      );
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
  }
  return signingKeyOf(createPrivateKey(fs.readFileSync(privateFile, 'utf8')));
}
