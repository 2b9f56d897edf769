import { Module } from '@nestjs/common';
import type { PlatformFeatures } from '@dinsos/platform';
import { AccessLog } from './access-log/access-log';
import { AccessLogController } from './access-log/access-log.controller';
import { AsOfController } from './as-of/as-of.controller';
import { CaseAsOf } from './as-of/case-as-of';
import { auditServiceName } from './audit-config';
import { CaseRecords } from './case-record/case-record';
import { DocumentsController } from './documents/documents.controller';
import { IssuedDocuments } from './documents/issued-documents';
import { CaseExports, exportSigningKeyProvider } from './export/case-export';
import { ExportController } from './export/export.controller';
import { CaseHistory } from './history/case-history';
import { HistoryController } from './history/history.controller';
import { Seals } from './verification/seals';
import { Verification } from './verification/verification';
import { VerificationController } from './verification/verification.controller';

/**
 * Audit reads the store itself, the source of truth (no read model: every answer is what the
 * store holds at that moment), as its own role that reads every category and appends only its
 * access records.
 */
@Module({
  controllers: [
    HistoryController,
    AsOfController,
    VerificationController,
    DocumentsController,
    ExportController,
    AccessLogController,
  ],
  providers: [
    AccessLog,
    CaseRecords,
    CaseHistory,
    CaseAsOf,
    Seals,
    Verification,
    IssuedDocuments,
    exportSigningKeyProvider,
    CaseExports,
  ],
})
export class AuditModule {}

/**
 * What audit runs beside HTTP: the relay of its access records (auditAccess streams) to
 * dinsos.audit.access.v1. Office scope comes from the case's events in the store
 * ('ownStreams': no ownership table fed from Kafka), so answers never wait for Kafka.
 */
export function auditPlatformFeatures(): PlatformFeatures {
  return { caseAccess: 'ownStreams', relay: { service: auditServiceName } };
}
