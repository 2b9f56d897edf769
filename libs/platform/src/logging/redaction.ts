import { allEventDefinitions, personalFieldsOf } from '@dinsos/contracts';

export const redacted = '[REDACTED]';

/** Keys whose values never reach a log line: credentials, and personal data by its usual names. */
const baseSensitiveKeys = [
  'authorization',
  'cookie',
  'set-cookie',
  'token',
  'accessToken',
  'idToken',
  'refreshToken',
  'password',
  'secret',
  'privateKey',
  'privateKeyPem',
  'apiKey',
  'name',
  'fullName',
  'calledName',
  'nik',
  'kk',
  'familyCardNumber',
  'address',
  'phone',
  'phoneNumber',
  'whatsapp',
  'email',
  'dateOfBirth',
  'birthDate',
  'placeOfBirth',
  'motherName',
  'fatherName',
];

/**
 * The personal fields the contracts mark as encrypted, by their last path segment (`escorts[].name`
 * → `name`): a field that is personal in an event is personal in a log line too, and a new
 * personal field in the catalogue is redacted without a change here.
 */
function catalogueSensitiveKeys(): string[] {
  const keys = new Set<string>();
  for (const definition of allEventDefinitions) {
    for (const field of personalFieldsOf(definition.type, definition.version)) {
      if (field.storage !== 'encrypted') continue;
      const last = field.path
        .split(/[.[\]{}]+/)
        .filter(Boolean)
        .pop();
      if (last) keys.add(last);
    }
  }
  return [...keys];
}

export const sensitiveKeys: ReadonlySet<string> = new Set(
  [...baseSensitiveKeys, ...catalogueSensitiveKeys()].map((key) => key.toLowerCase()),
);

const patterns: Array<[RegExp, string]> = [
  // A JWT (three base64url parts, the first a JSON header).
  [/eyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]*/g, '[REDACTED-TOKEN]'],
  [/(Bearer\s+)[A-Za-z0-9\-_.~+/]+=*/gi, `$1${redacted}`],
  // NIK and KK numbers are 16 digits.
  [/(?<!\d)\d{16}(?!\d)/g, '[REDACTED-16-DIGITS]'],
];

/** Removes tokens and NIK/KK-like numbers from free text (messages, URLs, error texts). */
export function scrubText(text: string): string {
  let result = text;
  for (const [pattern, replacement] of patterns) result = result.replace(pattern, replacement);
  return result;
}

const maxDepth = 12;

/**
 * A copy of a log object with sensitive keys replaced at any depth and free text scrubbed.
 * Plain objects and arrays are walked; other objects (errors, buffers) are left to pino's
 * serializers.
 */
export function redactLogObject<T>(value: T, depth = 0): T {
  if (typeof value === 'string') return scrubText(value) as T;
  if (value === null || typeof value !== 'object' || depth > maxDepth) return value;
  if (Array.isArray(value)) return value.map((item) => redactLogObject(item, depth + 1)) as T;
  const prototype = Object.getPrototypeOf(value);
  if (prototype !== Object.prototype && prototype !== null) return value;
  const copy: Record<string, unknown> = {};
  for (const [key, inner] of Object.entries(value)) {
    copy[key] = sensitiveKeys.has(key.toLowerCase()) ? redacted : redactLogObject(inner, depth + 1);
  }
  return copy as T;
}

/** A URL with the values of sensitive query parameters replaced and free text scrubbed. */
export function redactUrl(url: string): string {
  const question = url.indexOf('?');
  if (question < 0) return scrubText(url);
  const query = new URLSearchParams(url.slice(question + 1));
  for (const key of [...query.keys()])
    if (sensitiveKeys.has(key.toLowerCase())) query.set(key, redacted);
  return scrubText(`${url.slice(0, question)}?${query.toString()}`);
}
