import type { IHeaders } from 'kafkajs';

/** A Kafka message as received, before any decoding. */
export interface RawMessage {
  topic: string;
  partition: number;
  offset: string;
  key: Buffer | null;
  value: Buffer | null;
  headers: IHeaders;
}

/** A header's value as text (kafkajs gives Buffers, arrays for repeated headers, or undefined). */
export function headerText(headers: IHeaders, name: string): string | undefined {
  const value = headers[name];
  const first = Array.isArray(value) ? value[0] : value;
  if (first === undefined) return undefined;
  // UTF-8: toString() without an encoding skips the lookup of its name (see kafka-binding.ts).
  return Buffer.isBuffer(first) ? first.toString() : String(first);
}

/** Headers as JSON-safe text (base64 of each value's bytes), for storing a message in the database. */
export function encodeHeaders(headers: IHeaders): Record<string, string> {
  const encoded: Record<string, string> = {};
  for (const name of Object.keys(headers)) {
    const value = headers[name];
    const first = Array.isArray(value) ? value[0] : value;
    if (first === undefined) continue;
    encoded[name] = (Buffer.isBuffer(first) ? first : Buffer.from(String(first))).toString(
      'base64',
    );
  }
  return encoded;
}

export function decodeHeaders(encoded: Record<string, string>): IHeaders {
  return Object.fromEntries(
    Object.entries(encoded).map(([name, value]) => [name, Buffer.from(value, 'base64')]),
  );
}
