import type { Pool } from 'pg';

/** A file received through an upload endpoint, sealed with its subject's key. */
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

/** Records an upload; the same content for the same subject is one file (kept as first recorded). */
export async function recordUpload(pool: Pool, upload: UploadRecord): Promise<void> {
  await pool.query(
    `insert into intake.uploads (file_id, subject_id, sha256, media_type, size_bytes, office_code, uploaded_by, case_id)
     values ($1, $2, $3, $4, $5, $6, $7, $8)
     on conflict (file_id) do nothing`,
    [
      upload.fileId,
      upload.subjectId,
      upload.sha256,
      upload.mediaType,
      upload.sizeBytes,
      upload.officeCode,
      upload.uploadedBy,
      upload.caseId ?? null,
    ],
  );
}

export async function findUploads(pool: Pool, fileIds: readonly string[]): Promise<UploadRecord[]> {
  if (fileIds.length === 0) return [];
  const { rows } = await pool.query<{
    file_id: string;
    subject_id: string;
    sha256: string;
    media_type: string;
    size_bytes: string;
    office_code: string;
    uploaded_by: string;
    case_id: string | null;
  }>('select * from intake.uploads where file_id = any($1)', [fileIds]);
  return rows.map((row) => ({
    fileId: row.file_id,
    subjectId: row.subject_id,
    sha256: row.sha256,
    mediaType: row.media_type,
    sizeBytes: Number(row.size_bytes),
    officeCode: row.office_code,
    uploadedBy: row.uploaded_by,
    ...(row.case_id ? { caseId: row.case_id } : {}),
  }));
}

/** The offices that uploaded files for a subject: a subject minted by an upload belongs to them. */
export async function uploadingOfficesOf(pool: Pool, subjectId: string): Promise<string[]> {
  const { rows } = await pool.query<{ office_code: string }>(
    'select distinct office_code from intake.uploads where subject_id = $1',
    [subjectId],
  );
  return rows.map((row) => row.office_code);
}
