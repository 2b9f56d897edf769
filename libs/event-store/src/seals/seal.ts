import {
  createHash,
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  sign,
  verify,
  type KeyObject,
} from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import canonicalize from 'canonicalize';
import type { SealedHead } from '../hashChain';

export const SEAL_FORMAT = 'dinsos.event-store.seal/v1';

/**
 * A signed statement, kept outside the database, of the head of every stream that changed since
 * the previous seal. Seals form a chain of their own (sequence, previousSealHash), so a removed
 * seal file shows as well. The signature is Ed25519 over the RFC 8785 canonical JSON of every
 * field except `signature`.
 */
export interface Seal {
  format: typeof SEAL_FORMAT;
  /** 1, 2, 3… without gaps. */
  sequence: number;
  sealedAt: string;
  /** sealHash() of the previous seal; null for the first. */
  previousSealHash: string | null;
  /** Position string: events after it (and before upTo) are covered by this seal. */
  from: string;
  /** Position string: every event before it was committed when the seal was made. */
  upTo: string;
  /** keyIdOf() the signing key's public half. */
  keyId: string;
  /** Heads of the streams changed in (from, upTo), sorted by stream id. */
  streams: SealedHead[];
  /** Base64 Ed25519 signature. */
  signature: string;
}

export type SealBody = Omit<Seal, 'signature' | 'keyId'>;

export class SealVerificationError extends Error {
  constructor(
    readonly file: string,
    reason: string,
  ) {
    super(`seal ${file}: ${reason}`);
    this.name = 'SealVerificationError';
  }
}

export function toPrivateKey(key: KeyObject | string): KeyObject {
  return typeof key === 'string' ? createPrivateKey(key) : key;
}

export function toPublicKey(key: KeyObject | string): KeyObject {
  return typeof key === 'string' ? createPublicKey(key) : key;
}

/** A new Ed25519 key pair as PEM (PKCS#8 private, SPKI public). */
export function generateSealingKeyPair(): { privateKeyPem: string; publicKeyPem: string } {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  return {
    privateKeyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
  };
}

/** First 16 hex digits of SHA-256 over the public key's SPKI DER. */
export function keyIdOf(publicKey: KeyObject | string): string {
  const der = toPublicKey(publicKey).export({ type: 'spki', format: 'der' });
  return createHash('sha256').update(der).digest('hex').slice(0, 16);
}

function signedText(seal: Omit<Seal, 'signature'>): Buffer {
  const { format, sequence, sealedAt, previousSealHash, from, upTo, keyId, streams } = seal;
  return Buffer.from(
    canonicalize({
      format,
      sequence,
      sealedAt,
      previousSealHash,
      from,
      upTo,
      keyId,
      streams,
    }) as string,
    'utf8',
  );
}

export function signSeal(body: SealBody, privateKey: KeyObject | string): Seal {
  const key = toPrivateKey(privateKey);
  const unsigned = { ...body, keyId: keyIdOf(createPublicKey(key)) };
  return { ...unsigned, signature: sign(null, signedText(unsigned), key).toString('base64') };
}

export function isSealSignatureValid(
  seal: Seal,
  publicKeys: ReadonlyArray<KeyObject | string>,
): boolean {
  const key = publicKeys.map(toPublicKey).find((candidate) => keyIdOf(candidate) === seal.keyId);
  if (!key || typeof seal.signature !== 'string') return false;
  return verify(null, signedText(seal), key, Buffer.from(seal.signature, 'base64'));
}

/** SHA-256 hex of the whole seal (signature included): the next seal's previousSealHash. */
export function sealHash(seal: Seal): string {
  return createHash('sha256')
    .update(canonicalize(seal) as string, 'utf8')
    .digest('hex');
}

export function sealFileName(sequence: number): string {
  return `seal-${String(sequence).padStart(10, '0')}.json`;
}

const SEAL_FILE = /^seal-(\d{10})\.json$/;

function sealFiles(directory: string): string[] {
  return fs
    .readdirSync(directory)
    .filter((file) => SEAL_FILE.test(file))
    .sort();
}

function readSealFile(directory: string, file: string): Seal {
  let seal: Seal;
  try {
    seal = JSON.parse(fs.readFileSync(path.join(directory, file), 'utf8')) as Seal;
  } catch (error) {
    throw new SealVerificationError(file, `unreadable: ${(error as Error).message}`);
  }
  if (seal?.format !== SEAL_FORMAT || !Array.isArray(seal.streams)) {
    throw new SealVerificationError(file, `not a ${SEAL_FORMAT} seal`);
  }
  return seal;
}

/**
 * Reads every seal in the directory and checks it: signature by one of the public keys, sequence
 * 1..n without gaps, each previousSealHash, file name = sequence. Throws SealVerificationError.
 */
export function readSeals(
  directory: string,
  publicKeys: KeyObject | string | ReadonlyArray<KeyObject | string>,
): Seal[] {
  const keys = Array.isArray(publicKeys) ? publicKeys : [publicKeys as KeyObject | string];
  const seals: Seal[] = [];
  for (const file of sealFiles(directory)) {
    const seal = readSealFile(directory, file);
    const expectedSequence = seals.length + 1;
    if (file !== sealFileName(seal.sequence))
      throw new SealVerificationError(file, `holds sequence ${seal.sequence}`);
    if (seal.sequence !== expectedSequence) {
      throw new SealVerificationError(
        file,
        `expected sequence ${expectedSequence}: a seal is missing`,
      );
    }
    if (!isSealSignatureValid(seal, keys))
      throw new SealVerificationError(file, 'the signature is not valid');
    const previous = seals[seals.length - 1];
    const expectedPrevious = previous ? sealHash(previous) : null;
    if (seal.previousSealHash !== expectedPrevious) {
      throw new SealVerificationError(file, 'previousSealHash does not match the previous seal');
    }
    if (previous && seal.from !== previous.upTo) {
      throw new SealVerificationError(file, 'does not continue where the previous seal ended');
    }
    seals.push(seal);
  }
  return seals;
}

/** The last seal in the directory, signature checked (undefined when there is none). */
export function readLastSeal(directory: string, publicKey: KeyObject | string): Seal | undefined {
  const files = sealFiles(directory);
  if (!files.length) return undefined;
  const file = files[files.length - 1];
  const seal = readSealFile(directory, file);
  if (!isSealSignatureValid(seal, [publicKey]))
    throw new SealVerificationError(file, 'the signature is not valid');
  return seal;
}

/**
 * Writes the seal as a new file, atomically and exclusively: returns false when a seal with its
 * sequence exists already (another sealer was first).
 */
export function writeSealFile(directory: string, seal: Seal): boolean {
  const target = path.join(directory, sealFileName(seal.sequence));
  const temporary = path.join(
    directory,
    `.${sealFileName(seal.sequence)}.${process.pid}.${Date.now()}.tmp`,
  );
  const descriptor = fs.openSync(temporary, 'wx');
  try {
    fs.writeFileSync(descriptor, `${JSON.stringify(seal, null, 2)}\n`);
    fs.fsyncSync(descriptor);
  } finally {
    fs.closeSync(descriptor);
  }
  try {
    fs.linkSync(temporary, target);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  } finally {
    fs.unlinkSync(temporary);
  }
}

/** For each stream, the head in the latest seal that names it. */
export function latestSealedHeads(seals: readonly Seal[]): Map<string, SealedHead> {
  const heads = new Map<string, SealedHead>();
  for (const seal of [...seals].sort((a, b) => a.sequence - b.sequence)) {
    for (const head of seal.streams) heads.set(head.streamId, head);
  }
  return heads;
}
