import { EventNotSerialisable } from './errors';

const MAX_DEPTH = 256;
const NUL = '\u0000';

function isPlainObject(value: object): boolean {
  const prototype = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (typeof value !== 'object') return typeof value;
  return Object.getPrototypeOf(value)?.constructor?.name ?? 'object';
}

function renderPath(root: string, steps: readonly (string | number)[]): string {
  return steps.reduce<string>(
    (path, step) => (typeof step === 'number' ? `${path}[${step}]` : `${path}.${step}`),
    root,
  );
}

/**
 * RFC 8785 (JCS) canonical JSON of `value`, refusing anything whose text would not parse back to
 * the same value: non-finite numbers, undefined, functions, bigints, symbols, non-plain objects,
 * array holes, cycles, nesting deeper than 256, `\u0000` (PostgreSQL text cannot hold it) and lone
 * surrogates. Throws EventNotSerialisable naming the path of the first such value.
 *
 * One pass that checks while it writes, with the path kept as a stack and rendered only for an
 * error: this runs for every appended and every verified event. Numbers and strings are written
 * by JSON.stringify, which is what JCS specifies for them (printable ASCII without quotes or
 * backslashes, which it would only wrap in quotes, is wrapped here directly); keys are sorted by UTF-16 code units
 * (Array.prototype.sort's default order), as JCS requires.
 */
export function canonicalJson(value: unknown, rootPath: string, eventId?: string): string {
  return write(value, { rootPath, eventId, ancestors: [], steps: [] });
}

interface Walk {
  rootPath: string;
  eventId: string | undefined;
  ancestors: object[];
  steps: (string | number)[];
}

function refuse(walk: Walk, reason: string, suffix = ''): never {
  throw new EventNotSerialisable(
    walk.eventId,
    renderPath(walk.rootPath, walk.steps) + suffix,
    reason,
  );
}

// Printable ASCII other than " and \: JSON.stringify would only add the quotes.
const NEEDS_NO_ESCAPING = /^[\x20\x21\x23-\x5b\x5d-\x7e]*$/;

function writeText(walk: Walk, text: string, suffix: string): string {
  if (NEEDS_NO_ESCAPING.test(text)) return `"${text}"`;
  if (text.includes(NUL))
    refuse(walk, 'contains \\u0000, which PostgreSQL text cannot store', suffix);
  if (!text.isWellFormed()) refuse(walk, 'contains a lone surrogate (not valid Unicode)', suffix);
  return JSON.stringify(text);
}

function write(item: unknown, walk: Walk): string {
  switch (typeof item) {
    case 'string':
      return writeText(walk, item, '');
    case 'number':
      if (!Number.isFinite(item)) refuse(walk, `is ${item}`);
      return JSON.stringify(item);
    case 'boolean':
      return item ? 'true' : 'false';
    case 'object':
      if (item === null) return 'null';
      return writeContainer(item, walk);
    default:
      return refuse(walk, `is a ${describe(item)}, not JSON`);
  }
}

function writeContainer(container: object, walk: Walk): string {
  const { ancestors, steps } = walk;
  if (ancestors.includes(container)) refuse(walk, 'is a cycle');
  if (ancestors.length >= MAX_DEPTH) refuse(walk, `is nested deeper than ${MAX_DEPTH} levels`);
  ancestors.push(container);
  let text: string;
  if (Array.isArray(container)) {
    text = '[';
    for (let index = 0; index < container.length; index++) {
      steps.push(index);
      if (!(index in container)) refuse(walk, 'is a hole');
      text += (index === 0 ? '' : ',') + write(container[index], walk);
      steps.pop();
    }
    text += ']';
  } else {
    if (!isPlainObject(container)) refuse(walk, `is a ${describe(container)}, not a plain object`);
    if (Object.getOwnPropertySymbols(container).length > 0) refuse(walk, 'has symbol keys');
    const record = container as Record<string, unknown>;
    const keys = Object.keys(record).sort();
    text = '{';
    for (let k = 0; k < keys.length; k++) {
      const key = keys[k];
      steps.push(key);
      text +=
        (k === 0 ? '' : ',') + writeText(walk, key, ' (key)') + ':' + write(record[key], walk);
      steps.pop();
    }
    text += '}';
  }
  ancestors.pop();
  return text;
}
