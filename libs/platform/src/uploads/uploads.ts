import type { Actor } from '@dinsos/event-store';
import type { EncryptedFileStore } from '@dinsos/file-store';
import type { IncomingMessage } from 'node:http';
import { Writable } from 'node:stream';
import type { Pool } from 'pg';
import { DomainRuleViolation } from '../errors/errors';
import { receiveUpload } from '../limits/upload';

/** A file received through an upload endpoint, encrypted with its subject's key. */
export interface UploadRecord {
  fileId: string;
  subjectId: string;
  sha256: string;
  mediaType: string;
  sizeBytes: number;
  officeCode: string;
  uploadedBy: string;
  caseId?: string;
}

/** What an upload endpoint answers: the reference a command then names. */
export interface UploadAnswer {
  fileId: string;
  sha256: string;
  mediaType: string;
  bytes: number;
  subjectId: string;
}

interface UploadRow {
  file_id: string;
  subject_id: string;
  sha256: string;
  media_type: string;
  size_bytes: string;
  office_code: string;
  uploaded_by: string;
  case_id: string | null;
}

const recordOf = (row: UploadRow): UploadRecord => ({
  fileId: row.file_id,
  subjectId: row.subject_id,
  sha256: row.sha256,
  mediaType: row.media_type,
  sizeBytes: Number(row.size_bytes),
  officeCode: row.office_code,
  uploadedBy: row.uploaded_by,
  ...(row.case_id ? { caseId: row.case_id } : {}),
});

/**
 * Scans, photos, fingerprints and attachments come in through an upload endpoint, never in
 * JSON: streamed with the platform's upload limit, encrypted in the file store with the key of
 * the person they are about, and registered (platform_uploads, in the service's schema) so a
 * command can name them by fileId. The same content for the same subject is one file.
 */
export class Uploads {
  constructor(
    private readonly files: EncryptedFileStore,
    private readonly pool: Pool,
    private readonly maxBytes: number,
  ) {}

  /** Receives the request's body as a file of `subjectId` (access already checked). */
  async receive(
    actor: Actor,
    subjectId: string,
    request: IncomingMessage,
    options: { caseId?: string } = {},
  ): Promise<UploadAnswer> {
    const chunks: Buffer[] = [];
    const sink = new Writable({
      write(chunk: Buffer, _encoding, done) {
        chunks.push(chunk);
        done();
      },
    });
    const received = await receiveUpload(request, { maxBytes: this.maxBytes, into: sink });
    const stored = await this.files.put(subjectId, Buffer.concat(chunks), {
      mediaType: received.mediaType,
    });
    await this.pool.query(
      `insert into platform_uploads (file_id, subject_id, sha256, media_type, size_bytes, office_code, uploaded_by, case_id)
       values ($1, $2, $3, $4, $5, $6, $7, $8)
       on conflict (file_id) do nothing`,
      [
        stored.fileId,
        subjectId,
        stored.sha256,
        received.mediaType,
        received.bytes,
        actor.officeCode,
        actor.id,
        options.caseId ?? null,
      ],
    );
    return {
      fileId: stored.fileId,
      sha256: stored.sha256,
      mediaType: received.mediaType,
      bytes: received.bytes,
      subjectId,
    };
  }

  async find(fileIds: readonly string[]): Promise<UploadRecord[]> {
    if (fileIds.length === 0) return [];
    const { rows } = await this.pool.query<UploadRow>(
      'select * from platform_uploads where file_id = any($1)',
      [[...new Set(fileIds)]],
    );
    return rows.map(recordOf);
  }

  /**
   * The uploads a command names, each of which must exist (and be of `subjectId`, when given):
   * otherwise a rule violation that tells the officer what to upload first.
   */
  async require(
    fileIds: readonly string[],
    options: { subjectId?: string; missing?: (fileId: string) => string } = {},
  ): Promise<Map<string, UploadRecord>> {
    const byId = new Map((await this.find(fileIds)).map((upload) => [upload.fileId, upload]));
    for (const fileId of fileIds) {
      const upload = byId.get(fileId);
      if (!upload || (options.subjectId !== undefined && upload.subjectId !== options.subjectId)) {
        throw new DomainRuleViolation(
          'file-not-found',
          options.missing?.(fileId) ??
            `No upload ${fileId} was received: upload the file first and send the fileId it answered.`,
        );
      }
    }
    return byId;
  }

  /** The offices that uploaded files for a subject: a subject minted by an upload belongs to them. */
  async uploadingOfficesOf(subjectId: string): Promise<string[]> {
    const { rows } = await this.pool.query<{ office_code: string }>(
      'select distinct office_code from platform_uploads where subject_id = $1',
      [subjectId],
    );
    return rows.map((row) => row.office_code);
  }
}
