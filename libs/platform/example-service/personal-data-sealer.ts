import { Injectable } from '@nestjs/common';
import { createCipheriv, randomBytes } from 'node:crypto';
import type { SealedValue } from './domain/visits';

/**
 * A stand-in for the personal-data lib: seals a personal value with its data subject's own key
 * (AES-256-GCM) into the contracts' `{keyId, iv, ct, tag}` form, so the example's events grow
 * exactly as real ones do (base64 of the ciphertext). Keys live in memory: tests only.
 */
@Injectable()
export class PersonalDataSealer {
  private readonly keys = new Map<string, Buffer>();

  seal(subjectId: string, value: unknown): SealedValue {
    const keyId = `key-${subjectId}`;
    let key = this.keys.get(keyId);
    if (!key) {
      key = randomBytes(32);
      this.keys.set(keyId, key);
    }
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', key, iv);
    const ct = Buffer.concat([cipher.update(JSON.stringify(value), 'utf8'), cipher.final()]);
    return {
      keyId,
      iv: iv.toString('base64'),
      ct: ct.toString('base64'),
      tag: cipher.getAuthTag().toString('base64'),
    };
  }
}
