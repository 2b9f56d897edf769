import { createHash } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { Writable } from 'node:stream';
import { once } from 'node:events';

/** The upload is larger than the endpoint accepts (HTTP 413; the connection is closed). */
export class UploadTooLarge extends Error {
  constructor(readonly limitBytes: number) {
    super(`The file is larger than the ${limitBytes} bytes this endpoint accepts.`);
    this.name = 'UploadTooLarge';
  }
}

/** The upload came as JSON or form data instead of the file's own bytes (HTTP 415). */
export class UploadNotAStream extends Error {
  constructor() {
    super(
      'Send the file itself as the request body (for example Content-Type: application/octet-stream).',
    );
    this.name = 'UploadNotAStream';
  }
}

export interface ReceivedUpload {
  bytes: number;
  /** SHA-256 of the received bytes, lower-case hex: what events record of a file. */
  sha256: string;
  mediaType: string;
}

/**
 * Streams a file upload from the request into `into` (a file store's writer) without holding it
 * in memory, counting and hashing as it goes. Refuses it as soon as it passes `maxBytes` — at once
 * when Content-Length says so, else when the stream gets there; `into` is then destroyed (closed
 * without finishing), so a file store discards the partial file.
 */
export async function receiveUpload(
  request: IncomingMessage,
  options: { maxBytes: number; into?: Writable },
): Promise<ReceivedUpload> {
  const mediaType = (request.headers['content-type'] ?? 'application/octet-stream')
    .split(';')[0]
    .trim()
    .toLowerCase();
  if (mediaType === 'application/json' || mediaType.endsWith('+json') || request.readableEnded)
    throw new UploadNotAStream();
  const declared = Number(request.headers['content-length']);
  if (Number.isFinite(declared) && declared > options.maxBytes)
    throw new UploadTooLarge(options.maxBytes);
  const hash = createHash('sha256');
  let bytes = 0;
  try {
    for await (const chunk of request as AsyncIterable<Buffer>) {
      bytes += chunk.length;
      if (bytes > options.maxBytes) throw new UploadTooLarge(options.maxBytes);
      hash.update(chunk);
      if (options.into && !options.into.write(chunk)) await once(options.into, 'drain');
    }
    if (options.into) {
      options.into.end();
      await once(options.into, 'finish');
    }
  } catch (error) {
    // Destroyed without an error: an 'error' event nobody listens to would crash the process.
    // A file store's writer sees 'close' without 'finish' and discards the partial file.
    options.into?.destroy();
    throw error;
  }
  return { bytes, sha256: hash.digest('hex'), mediaType };
}
