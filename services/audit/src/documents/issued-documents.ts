import { Inject, Injectable } from '@nestjs/common';
import {
  documentIssuingEvents,
  EncryptedDocumentFactError,
  InvalidDocumentInputError,
  MissingDocumentFactError,
  UnknownTemplateError,
  type DocumentFact,
} from '@dinsos/documents';
import { PersonalDataIntegrityError, UnknownDataKeyError } from '@dinsos/personal-data';
import {
  PersonalFields,
  SERVICE_STANDARDS,
  checkIssuedDocuments,
  documentDirectory,
  documentFactsOf,
  type IssuedDocumentCheck,
  type ReadContextShape,
} from '@dinsos/platform';
import type { RecordedEvent } from '@dinsos/event-store';
import type { ServiceStandardCatalogue } from '@dinsos/service-standards';
import { AccessLog } from '../access-log/access-log';
import { CaseRecords } from '../case-record/case-record';

/**
 * The documents the case's events issued (BAST, Berita Acara Pemulangan, referral letters, the
 * LKS BAST), each rendered again from the events up to its issuing event and compared with the
 * SHA-256 recorded at issue: `matches`, `mismatch` (a verification failure) or `erased` (a
 * personal field it prints can no longer be read, so it cannot be rendered; not a failure).
 */
@Injectable()
export class IssuedDocuments {
  constructor(
    private readonly records: CaseRecords,
    private readonly accessLog: AccessLog,
    private readonly fields: PersonalFields,
    @Inject(SERVICE_STANDARDS) private readonly standards: ServiceStandardCatalogue,
  ) {}

  async ofCase(context: ReadContextShape, caseId: string) {
    const opened = await this.records.open(context, caseId, 'issuedDocuments');
    const issuing = opened.events.filter((event) => documentIssuingEvents[event.type]);
    const documents = await this.check(context, opened.events, issuing);
    await this.accessLog.record(context, {
      access: 'issuedDocuments',
      caseId,
      personalData: issuing.length ? 'decrypted' : 'none',
      outcome: 'answered',
    });
    return {
      caseId,
      ok: documents.every(
        (document) => document.regenerated === 'matches' || document.regenerated === 'erased',
      ),
      documents,
    };
  }

  private async check(
    context: ReadContextShape,
    events: RecordedEvent[],
    issuing: RecordedEvent[],
  ): Promise<Array<IssuedDocumentCheck | UnreadableDocument>> {
    if (issuing.length === 0) return [];
    let facts: DocumentFact[];
    try {
      // Rendering needs the printed names: decrypted for the purpose audit, in the vault's record.
      facts = await documentFactsOf(events, this.fields, {
        actor: context.actor,
        purpose: 'audit',
      });
    } catch (error) {
      // A key that never existed, or ciphertext that fails its tag, is not an erasure: the events
      // cannot be what was issued from, which an auditor must see as a failure, not a 500.
      if (!(error instanceof UnknownDataKeyError || error instanceof PersonalDataIntegrityError)) {
        throw error;
      }
      return issuing.map((event) => unreadable(event, error.message));
    }
    const directory = documentDirectory(this.standards);
    // One at a time: a document its events cannot render (a fact missing, a template unknown)
    // is that document's finding, and the others are still checked.
    return issuing.map((event) => {
      try {
        return checkIssuedDocuments([event], facts, directory)[0];
      } catch (error) {
        if (!documentErrors.some((kind) => error instanceof kind)) throw error;
        return unreadable(event, (error as Error).message);
      }
    });
  }
}

const documentErrors = [
  MissingDocumentFactError,
  EncryptedDocumentFactError,
  UnknownTemplateError,
  InvalidDocumentInputError,
];

/** A document its events cannot render again: a key the vault never had, a fact or template missing. */
export interface UnreadableDocument {
  eventId: string;
  issuedBy: string;
  number: string | null;
  template: string | null;
  sha256: string | null;
  regenerated: 'unreadable';
  problem: string;
}

function unreadable(event: RecordedEvent, problem: string): UnreadableDocument {
  const kind = documentIssuingEvents[event.type];
  const recorded = (event.payload as Record<string, unknown>)[kind?.field ?? ''] as
    | { number?: string; templateCode?: string; templateVersion?: number; sha256?: string }
    | undefined;
  return {
    eventId: event.eventId,
    issuedBy: event.type,
    number: recorded?.number ?? null,
    template: recorded?.templateCode
      ? `${recorded.templateCode} v${recorded.templateVersion ?? '?'}`
      : null,
    sha256: recorded?.sha256 ?? null,
    regenerated: 'unreadable',
    problem,
  };
}
