import { plaintextSchemaOf, personalMarkOf } from '@dinsos/contracts';
import type { z } from 'zod';

/**
 * Walking the paths that `listPersonalFields` gives (`reporter.name`, `escorts[].name`,
 * `notes{}`) through a payload and through its schema.
 */

export type Segment = string; // a property name, '[]' (every array element) or '{}' (every record value)

export function segmentsOf(path: string): Segment[] {
  const segments: Segment[] = [];
  for (const part of path.split('.')) {
    const match = /^([^[{]*)((?:\[\]|\{\})*)$/.exec(part);
    if (!match) throw new Error(`unreadable personal field path ${path}`);
    if (match[1]) segments.push(match[1]);
    for (const collection of match[2].match(/\[\]|\{\}/g) ?? []) segments.push(collection);
  }
  return segments;
}

/** The same text as the contracts' paths: dots between names, `[]`/`{}` appended. */
export function pathOf(segments: readonly Segment[]): string {
  return segments.reduce(
    (path, segment) =>
      segment === '[]' || segment === '{}'
        ? `${path}${segment}`
        : path
          ? `${path}.${segment}`
          : segment,
    '',
  );
}

export function isCollection(segment: Segment | undefined): boolean {
  return segment === '[]' || segment === '{}';
}

type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** One value found at a path, with the objects on the way down (for finding its subject). */
export interface FoundValue {
  value: unknown;
  /** Replaces the value in its container. */
  set(value: unknown): void;
  /** Where it is in this payload, with indexes: `escorts[1].name`. */
  concretePath: string;
  /** The objects on the way, by the schema path of each (`''` = the payload, `escorts[]` = an escort). */
  objects: Array<{ path: string; object: Json }>;
}

/** Every present (not undefined, not null) value at a schema path. */
export function findValues(payload: Json, path: string): FoundValue[] {
  const segments = segmentsOf(path);
  const found: FoundValue[] = [];
  const walk = (
    container: Json | unknown[],
    index: number,
    concrete: string,
    objects: FoundValue['objects'],
  ): void => {
    const segment = segments[index];
    const last = index === segments.length - 1;
    const children: Array<[string | number, string]> = [];
    if (segment === '[]') {
      if (!Array.isArray(container)) return;
      container.forEach((_, i) => children.push([i, `${concrete}[${i}]`]));
    } else if (segment === '{}') {
      if (!isObject(container)) return;
      for (const key of Object.keys(container))
        children.push([key, `${concrete}[${JSON.stringify(key)}]`]);
    } else {
      if (!isObject(container) || !Object.prototype.hasOwnProperty.call(container, segment)) return;
      children.push([segment, concrete ? `${concrete}.${segment}` : segment]);
    }
    for (const [key, childPath] of children) {
      const value = (container as Record<string | number, unknown>)[key];
      if (value === undefined || value === null) continue;
      if (last) {
        found.push({
          value,
          set: (replacement) => {
            (container as Record<string | number, unknown>)[key] = replacement;
          },
          concretePath: childPath,
          objects,
        });
      } else if (typeof value === 'object') {
        const here = pathOf(segments.slice(0, index + 1));
        const next = isObject(value) ? [...objects, { path: here, object: value }] : objects;
        walk(value as Json | unknown[], index + 1, childPath, next);
      }
    }
  };
  walk(payload, 0, '', [{ path: '', object: payload }]);
  return found;
}

interface ZodDef {
  type: string;
  [key: string]: unknown;
}

function defOf(schema: z.ZodType): ZodDef {
  return (schema as unknown as { _zod: { def: ZodDef } })._zod.def;
}

const WRAPPERS = new Set([
  'optional',
  'nullable',
  'default',
  'prefault',
  'readonly',
  'catch',
  'nonoptional',
]);

/** The schema nodes at a path (several through unions), unwrapped down to the marked field. */
function nodesAt(schema: z.ZodType, segments: readonly Segment[]): z.ZodType[] {
  if (segments.length === 0) {
    if (personalMarkOf(schema)) return [schema];
    const def = defOf(schema);
    if (WRAPPERS.has(def.type)) return nodesAt(def.innerType as z.ZodType, segments);
    return [];
  }
  const def = defOf(schema);
  const [segment, ...rest] = segments;
  if (WRAPPERS.has(def.type)) return nodesAt(def.innerType as z.ZodType, segments);
  switch (def.type) {
    case 'object': {
      const child = (def.shape as Record<string, z.ZodType>)[segment];
      return child ? nodesAt(child, rest) : [];
    }
    case 'array':
      return segment === '[]' ? nodesAt(def.element as z.ZodType, rest) : [];
    case 'record':
      return segment === '{}' ? nodesAt(def.valueType as z.ZodType, rest) : [];
    case 'union':
      return (def.options as z.ZodType[]).flatMap((option) => nodesAt(option, segments));
    case 'intersection':
      return [
        ...nodesAt(def.left as z.ZodType, segments),
        ...nodesAt(def.right as z.ZodType, segments),
      ];
    case 'pipe':
      return nodesAt(def.in as z.ZodType, segments);
    default:
      return [];
  }
}

/** The plaintext schemas of the personal field at a path (one per union branch that has it). */
export function plaintextSchemasAt(schema: z.ZodType, path: string): z.ZodType[] {
  return nodesAt(schema, segmentsOf(path))
    .map((node) => plaintextSchemaOf(node))
    .filter((plaintext): plaintext is z.ZodType => plaintext !== undefined);
}
