import type { z } from 'zod';
import {
  personalMarkOf,
  type DeidentificationRule,
  type PersonalDataClass,
  type PersonalFieldStorage,
} from './personal-field';

export interface PersonalFieldLocation {
  /**
   * Where the field sits in the payload: property names joined by dots, `[]` for every element
   * of an array, `{}` for every value of a record, e.g. `escorts[].name`.
   */
  path: string;
  class: PersonalDataClass;
  rule: DeidentificationRule;
  storage: PersonalFieldStorage;
  /** False when the field (or one of its parents) may be absent. */
  required: boolean;
}

interface ZodInternals {
  _zod: { def: Record<string, unknown> & { type: string } };
}

function defOf(schema: z.ZodType): ZodInternals['_zod']['def'] {
  return (schema as unknown as ZodInternals)._zod.def;
}

function join(path: string, segment: string): string {
  if (segment === '[]' || segment === '{}') return `${path}${segment}`;
  return path ? `${path}.${segment}` : segment;
}

function walk(
  schema: z.ZodType,
  path: string,
  required: boolean,
  found: Map<string, PersonalFieldLocation>,
): void {
  const mark = personalMarkOf(schema);
  if (mark) {
    const previous = found.get(path);
    if (previous && (previous.class !== mark.class || previous.rule !== mark.rule)) {
      throw new Error(`personal field ${path} is marked differently in two branches of a union`);
    }
    found.set(path, {
      path,
      class: mark.class,
      rule: mark.rule,
      storage: mark.storage,
      required: required && (previous?.required ?? true),
    });
    return;
  }
  const def = defOf(schema);
  switch (def.type) {
    case 'object': {
      const shape = def.shape as Record<string, z.ZodType>;
      for (const [key, child] of Object.entries(shape))
        walk(child, join(path, key), required, found);
      return;
    }
    case 'optional':
    case 'nullable':
      walk(def.innerType as z.ZodType, path, false, found);
      return;
    case 'default':
    case 'prefault':
    case 'readonly':
    case 'catch':
    case 'nonoptional':
      walk(def.innerType as z.ZodType, path, required, found);
      return;
    case 'array':
      walk(def.element as z.ZodType, join(path, '[]'), false, found);
      return;
    case 'record':
      walk(def.valueType as z.ZodType, join(path, '{}'), false, found);
      return;
    case 'union':
      for (const option of def.options as z.ZodType[]) walk(option, path, false, found);
      return;
    case 'intersection':
      walk(def.left as z.ZodType, path, required, found);
      walk(def.right as z.ZodType, path, required, found);
      return;
    case 'pipe':
      walk(def.in as z.ZodType, path, required, found);
      return;
    case 'lazy':
      // Event payloads are trees; a recursive schema would have no finite list of paths.
      throw new Error(`lazy schema at ${path || '(root)'}: personal fields must have finite paths`);
    default:
      return;
  }
}

/**
 * Every personal field of a payload schema with its class, rule and storage, in schema order.
 * The encryption issue walks the `encrypted` ones, the analysts' feed all of them.
 */
export function listPersonalFields(schema: z.ZodType): PersonalFieldLocation[] {
  const found = new Map<string, PersonalFieldLocation>();
  walk(schema, '', true, found);
  return [...found.values()];
}
