import type { JsonSchema } from '../catalogue/json-schema';
import { personalMarkKey } from '../personal-data/personal-field';
import { sameJson } from './same-json';

/**
 * Compares two JSON Schemas of the same event version. Within one version both directions
 * must hold: payloads stored under the old schema must still be read by the new code, and
 * consumers holding the old schema must still accept what the new code writes. So only
 * annotations may change, and optional properties may be added where extra properties were
 * allowed. Anything else is breaking and needs a new version with an upcaster.
 */
export interface SchemaChanges {
  breaking: string[];
  /** Changes that need the snapshot updated but no new version. */
  compatible: string[];
}

const annotationKeys = new Set(['description', 'title', 'examples', '$comment', '$schema']);
const structuralKeys = new Set([
  'properties',
  'required',
  'items',
  'anyOf',
  'oneOf',
  'allOf',
  'additionalProperties',
  'definitions',
  '$ref',
  personalMarkKey,
]);

type Json = unknown;

function isSchema(value: Json): value is JsonSchema {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function show(value: Json): string {
  return value === undefined ? '(none)' : JSON.stringify(value);
}

class Comparison {
  readonly changes: SchemaChanges = { breaking: [], compatible: [] };
  private readonly seen = new Set<string>();

  constructor(
    private readonly beforeRoot: JsonSchema,
    private readonly afterRoot: JsonSchema,
  ) {}

  private resolve(schema: JsonSchema, root: JsonSchema): JsonSchema {
    let current = schema;
    for (let depth = 0; typeof current.$ref === 'string'; depth++) {
      const match = /^#\/definitions\/(.+)$/.exec(current.$ref as string);
      const target =
        match && (root.definitions as Record<string, JsonSchema> | undefined)?.[match[1]];
      if (!target || depth > 20) throw new Error(`cannot resolve ${current.$ref as string}`);
      // Annotations beside a $ref (draft-07 ignores them) are dropped with it.
      current = target;
    }
    return current;
  }

  compare(beforeRaw: Json, afterRaw: Json, path: string): void {
    if (!isSchema(beforeRaw) || !isSchema(afterRaw)) {
      if (!sameJson(beforeRaw, afterRaw)) {
        this.changes.breaking.push(
          `${path || '(root)'}: ${show(beforeRaw)} became ${show(afterRaw)}`,
        );
      }
      return;
    }
    const refKey = `${path}|${String(beforeRaw.$ref)}|${String(afterRaw.$ref)}`;
    if (beforeRaw.$ref || afterRaw.$ref) {
      if (this.seen.has(refKey)) return;
      this.seen.add(refKey);
    }
    const before = this.resolve(beforeRaw, this.beforeRoot);
    const after = this.resolve(afterRaw, this.afterRoot);

    const keys = new Set([...Object.keys(before), ...Object.keys(after)]);
    for (const key of keys) {
      if (annotationKeys.has(key) || structuralKeys.has(key)) continue;
      if (!sameJson(before[key], after[key])) {
        this.changes.breaking.push(
          `${path || '(root)'}: ${key} ${show(before[key])} became ${show(after[key])}`,
        );
      }
    }
    this.compareObjects(before, after, path);
    for (const key of ['anyOf', 'oneOf', 'allOf'] as const)
      this.compareAlternatives(before, after, key, path);
    if (before.items !== undefined || after.items !== undefined) {
      this.compare(before.items, after.items, `${path}[]`);
    }
    this.comparePersonalMarks(before, after, path);
  }

  private compareObjects(before: JsonSchema, after: JsonSchema, path: string): void {
    const beforeProps = (before.properties ?? {}) as Record<string, Json>;
    const afterProps = (after.properties ?? {}) as Record<string, Json>;
    const beforeRequired = new Set((before.required ?? []) as string[]);
    const afterRequired = new Set((after.required ?? []) as string[]);
    const at = (name: string) => (path ? `${path}.${name}` : name);

    for (const name of Object.keys(beforeProps)) {
      if (!(name in afterProps)) {
        this.changes.breaking.push(`${at(name)}: removed`);
        continue;
      }
      if (beforeRequired.has(name) !== afterRequired.has(name)) {
        this.changes.breaking.push(
          `${at(name)}: became ${afterRequired.has(name) ? 'required' : 'optional'}`,
        );
      }
      this.compare(beforeProps[name], afterProps[name], at(name));
    }
    for (const name of Object.keys(afterProps)) {
      if (name in beforeProps) continue;
      if (afterRequired.has(name)) {
        this.changes.breaking.push(`${at(name)}: added as required`);
      } else if (before.additionalProperties === false) {
        this.changes.breaking.push(`${at(name)}: added where no other properties were allowed`);
      } else {
        this.changes.compatible.push(`${at(name)}: added as optional`);
      }
    }
    const beforeExtra = before.additionalProperties;
    const afterExtra = after.additionalProperties;
    if (isSchema(beforeExtra) && isSchema(afterExtra)) {
      this.compare(beforeExtra, afterExtra, `${path}{}`);
    } else if (!sameJson(beforeExtra, afterExtra)) {
      this.changes.breaking.push(
        `${path || '(root)'}: additionalProperties ${show(beforeExtra)} became ${show(afterExtra)}`,
      );
    }
  }

  private compareAlternatives(
    before: JsonSchema,
    after: JsonSchema,
    key: 'anyOf' | 'oneOf' | 'allOf',
    path: string,
  ): void {
    const beforeList = before[key] as Json[] | undefined;
    const afterList = after[key] as Json[] | undefined;
    if (beforeList === undefined && afterList === undefined) return;
    if (!beforeList || !afterList || beforeList.length !== afterList.length) {
      this.changes.breaking.push(
        `${path || '(root)'}: ${key} had ${beforeList?.length ?? 0} alternatives, now ${afterList?.length ?? 0}`,
      );
      return;
    }
    beforeList.forEach((option, index) =>
      this.compare(option, afterList[index], `${path}<${key}${index}>`),
    );
  }

  private comparePersonalMarks(before: JsonSchema, after: JsonSchema, path: string): void {
    const beforeMark = before[personalMarkKey] as JsonSchema | undefined;
    const afterMark = after[personalMarkKey] as JsonSchema | undefined;
    if (!beforeMark && !afterMark) return;
    if (!beforeMark || !afterMark) {
      this.changes.breaking.push(
        `${path}: ${beforeMark ? 'is no longer' : 'became'} a personal field`,
      );
      return;
    }
    if (beforeMark.storage !== afterMark.storage) {
      this.changes.breaking.push(
        `${path}: personal storage ${show(beforeMark.storage)} became ${show(afterMark.storage)}`,
      );
    }
    for (const key of ['class', 'rule'] as const) {
      if (beforeMark[key] !== afterMark[key]) {
        // The wire form is unchanged; the analysts' feed treats the field differently from now on.
        this.changes.compatible.push(
          `${path}: personal ${key} ${show(beforeMark[key])} became ${show(afterMark[key])}`,
        );
      }
    }
    // Consumers that decrypt read the plaintext: it is held to the same rules as the payload.
    if (beforeMark.plaintext !== undefined || afterMark.plaintext !== undefined) {
      const nested = new Comparison(
        (beforeMark.plaintext ?? {}) as JsonSchema,
        (afterMark.plaintext ?? {}) as JsonSchema,
      );
      nested.compare(beforeMark.plaintext, afterMark.plaintext, `${path}(plaintext)`);
      this.changes.breaking.push(...nested.changes.breaking);
      this.changes.compatible.push(...nested.changes.compatible);
    }
  }
}

export function compareSchemas(before: JsonSchema, after: JsonSchema, path = ''): SchemaChanges {
  const comparison = new Comparison(before, after);
  comparison.compare(before, after, path);
  return comparison.changes;
}
