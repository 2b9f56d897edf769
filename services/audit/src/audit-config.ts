import type { ServiceConfig } from '@dinsos/platform';
import { z } from 'zod';

export const auditServiceName = 'audit';

const pemOrFile = z.string().trim().min(1).optional();

/** The service's own variables, validated with the platform's shared ones at start. */
export const auditConfigSchema = {
  /** The sealer's seal files: verification checks every stream against its last seal. */
  EVENT_STORE_SEAL_DIR: z.string().trim().min(1).optional(),
  /** The sealer's public key (a PEM file), to check the seals' signatures. */
  EVENT_STORE_SEAL_PUBLIC_KEY: z.string().trim().min(1).optional(),
  /** The Ed25519 key exports are signed with (PKCS#8 PEM), or a file holding it. */
  AUDIT_EXPORT_PRIVATE_KEY: pemOrFile,
  AUDIT_EXPORT_PRIVATE_KEY_FILE: pemOrFile,
  /** Outside production, without a key: a development key pair kept here (made on first start). */
  AUDIT_EXPORT_KEY_DIR: z.string().trim().min(1).optional(),
} satisfies z.ZodRawShape;

export type AuditConfig = ServiceConfig<typeof auditConfigSchema>;
