import fs from 'node:fs';
import { Inject, Injectable } from '@nestjs/common';
import { readSeals, SealVerificationError, type Seal } from '@dinsos/event-store';
import { PLATFORM_CONFIG } from '@dinsos/platform';
import type { AuditConfig } from '../audit-config';

/** What verification could hold the chains against. */
export type SealsRead =
  | { configured: false }
  | { configured: true; ok: true; seals: Seal[]; publicKeyPem: string }
  | { configured: true; ok: false; error: string };

/**
 * The sealer's seals, read afresh for every verification (the sealer writes a new one each
 * interval), their signatures and their own chain checked by the event store's readSeals.
 */
@Injectable()
export class Seals {
  constructor(@Inject(PLATFORM_CONFIG) private readonly config: AuditConfig) {}

  read(): SealsRead {
    const directory = this.config.EVENT_STORE_SEAL_DIR;
    const keyFile = this.config.EVENT_STORE_SEAL_PUBLIC_KEY;
    if (!directory || !keyFile) return { configured: false };
    try {
      const publicKeyPem = fs.readFileSync(keyFile, 'utf8');
      const seals = fs.existsSync(directory) ? readSeals(directory, publicKeyPem) : [];
      return { configured: true, ok: true, seals, publicKeyPem };
    } catch (error) {
      if (error instanceof SealVerificationError || (error as NodeJS.ErrnoException).code) {
        return { configured: true, ok: false, error: (error as Error).message };
      }
      throw error;
    }
  }
}

/** The seals as an answer reports them. */
export function sealsSummary(read: SealsRead) {
  if (!read.configured) return { used: false, reason: 'no seal directory configured' };
  if (!read.ok) return { used: false, error: read.error };
  return {
    used: true,
    count: read.seals.length,
    lastSequence: read.seals.at(-1)?.sequence ?? null,
    lastSealedAt: read.seals.at(-1)?.sealedAt ?? null,
  };
}
