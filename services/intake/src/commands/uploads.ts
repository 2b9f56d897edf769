import { Inject, Injectable } from '@nestjs/common';
import { officeCovers, type AuthenticatedActor } from '@dinsos/auth';
import type { PostgresEventStore } from '@dinsos/event-store';
import { EncryptedFileStore } from '@dinsos/file-store';
import {
  DATABASE_POOL,
  DomainRuleViolation,
  EVENT_STORE,
  PLATFORM_CONFIG,
  receiveUpload,
} from '@dinsos/platform';
import type { IncomingMessage } from 'node:http';
import { randomUUID } from 'node:crypto';
import { Writable } from 'node:stream';
import type { Pool } from 'pg';
import { clientStreamId } from '../domain/client';
import type { IntakeConfig } from '../intake-config';
import { recordUpload, uploadingOfficesOf } from '../persistence/uploads';

/** What an upload answers: the reference a command then names, and whose key sealed the file. */
export interface UploadAnswer {
  fileId: string;
  sha256: string;
  mediaType: string;
  bytes: number;
  clientId: string;
}

/**
 * Scans, photos and fingerprints come in through here, never in JSON: streamed with the
 * platform's upload limit, sealed in the file store with the client's key, and registered so a
 * command can name them by fileId. Before a report there is no client yet: the first upload
 * gives a new client id, which the report then uses.
 */
@Injectable()
export class Uploads {
  constructor(
    private readonly files: EncryptedFileStore,
    @Inject(DATABASE_POOL) private readonly pool: Pool,
    @Inject(EVENT_STORE) private readonly store: PostgresEventStore,
    @Inject(PLATFORM_CONFIG) private readonly config: IntakeConfig,
  ) {}

  /** A file of a client not reported yet: a new client id, or one an earlier upload gave. */
  async forNewClient(
    actor: AuthenticatedActor,
    request: IncomingMessage,
    clientId?: string,
  ): Promise<UploadAnswer> {
    if (clientId) {
      const offices = await uploadingOfficesOf(this.pool, clientId);
      if (!offices.some((office) => officeCovers(actor.officeCode, office))) {
        throw new DomainRuleViolation(
          'unknown-client-id',
          `No upload of your office answered the clientId ${clientId}.`,
        );
      }
      if ((await this.store.readStream(clientStreamId(clientId), { maxCount: 1 })).length) {
        throw new DomainRuleViolation(
          'client-already-registered',
          "This client is registered: upload the file to the client's case.",
        );
      }
    }
    return this.receive(actor, clientId ?? randomUUID(), request);
  }

  /** A file of the client of a case (access already checked). */
  forCaseClient(
    actor: AuthenticatedActor,
    caseId: string,
    clientId: string,
    request: IncomingMessage,
  ): Promise<UploadAnswer> {
    return this.receive(actor, clientId, request, caseId);
  }

  private async receive(
    actor: AuthenticatedActor,
    subjectId: string,
    request: IncomingMessage,
    caseId?: string,
  ): Promise<UploadAnswer> {
    const chunks: Buffer[] = [];
    const sink = new Writable({
      write(chunk: Buffer, _encoding, done) {
        chunks.push(chunk);
        done();
      },
    });
    const received = await receiveUpload(request, {
      maxBytes: this.config.UPLOAD_MAX_BYTES,
      into: sink,
    });
    const stored = await this.files.put(subjectId, Buffer.concat(chunks), {
      mediaType: received.mediaType,
    });
    await recordUpload(this.pool, {
      fileId: stored.fileId,
      subjectId,
      sha256: stored.sha256,
      mediaType: received.mediaType,
      sizeBytes: received.bytes,
      officeCode: actor.officeCode,
      uploadedBy: actor.id,
      ...(caseId ? { caseId } : {}),
    });
    return {
      fileId: stored.fileId,
      sha256: stored.sha256,
      mediaType: received.mediaType,
      bytes: received.bytes,
      clientId: subjectId,
    };
  }
}
