/**
 * The small port under the file store: named, immutable byte objects. Names are content
 * addresses (SHA-256 hex of the bytes), so writing an existing name again is a no-op. The local
 * directory is the default; an object store (S3-compatible) can implement the same four methods.
 */
export interface ObjectStore {
  /** Stores the bytes under the name, atomically; a no-op when the name exists. */
  put(name: string, bytes: Buffer): Promise<void>;
  /** The bytes, or undefined when there is no such object. */
  get(name: string): Promise<Buffer | undefined>;
  has(name: string): Promise<boolean>;
  /** Every name, for integrity sweeps. */
  list(): AsyncIterable<string>;
}

export const OBJECT_NAME = /^[0-9a-f]{64}$/;

export class InvalidObjectNameError extends Error {
  constructor(readonly objectName: string) {
    super(`object name ${JSON.stringify(objectName)} is not a SHA-256 hex content address`);
    this.name = 'InvalidObjectNameError';
  }
}

export function assertObjectName(name: string): void {
  if (typeof name !== 'string' || !OBJECT_NAME.test(name))
    throw new InvalidObjectNameError(String(name));
}
