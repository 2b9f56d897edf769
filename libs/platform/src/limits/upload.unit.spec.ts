import { createHash } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { PassThrough, Readable, Writable } from 'node:stream';
import { UploadNotAStream, UploadTooLarge, receiveUpload } from './upload';

/** A request body as a stream with headers, as Node's IncomingMessage presents it. */
function requestOf(chunks: Buffer[], headers: Record<string, string> = {}): IncomingMessage {
  return Object.assign(Readable.from(chunks), { headers }) as unknown as IncomingMessage;
}

function collector() {
  const received: Buffer[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      received.push(chunk);
      done();
    },
  });
  return { sink, received };
}

describe('streaming uploads', () => {
  it('passes the bytes on while counting and hashing them', async () => {
    const chunks = [Buffer.from('fingerprint-'), Buffer.from('scan')];
    const { sink, received } = collector();
    const upload = await receiveUpload(requestOf(chunks, { 'content-type': 'image/png' }), {
      maxBytes: 100,
      into: sink,
    });
    expect(upload).toEqual({
      bytes: 16,
      sha256: createHash('sha256').update('fingerprint-scan').digest('hex'),
      mediaType: 'image/png',
    });
    expect(Buffer.concat(received).toString()).toBe('fingerprint-scan');
  });

  it('refuses at once when Content-Length is over the limit, reading nothing', async () => {
    const body = new PassThrough();
    const request = Object.assign(body, {
      headers: { 'content-length': '101' },
    }) as unknown as IncomingMessage;
    await expect(receiveUpload(request, { maxBytes: 100 })).rejects.toEqual(
      new UploadTooLarge(100),
    );
  });

  it('refuses a body without Content-Length as soon as it passes the limit, and discards the partial file', async () => {
    const { sink } = collector();
    const upload = receiveUpload(
      requestOf([Buffer.alloc(60), Buffer.alloc(60), Buffer.alloc(60)]),
      { maxBytes: 100, into: sink },
    );
    await expect(upload).rejects.toBeInstanceOf(UploadTooLarge);
    expect(sink.destroyed).toBe(true);
  });

  it('refuses JSON: files are sent as their own bytes', async () => {
    await expect(
      receiveUpload(requestOf([Buffer.from('{}')], { 'content-type': 'application/json' }), {
        maxBytes: 100,
      }),
    ).rejects.toBeInstanceOf(UploadNotAStream);
  });
});
