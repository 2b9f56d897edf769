import { Writable } from 'node:stream';

/** The service's log lines, parsed (one destination per test file: nestjs-pino). */
export class LogCapture extends Writable {
  readonly lines: Array<Record<string, unknown>> = [];
  readonly raw: string[] = [];

  override _write(chunk: Buffer, _encoding: string, done: () => void): void {
    for (const text of chunk.toString('utf8').split('\n').filter(Boolean)) {
      this.raw.push(text);
      this.lines.push(JSON.parse(text) as Record<string, unknown>);
    }
    done();
  }
}
