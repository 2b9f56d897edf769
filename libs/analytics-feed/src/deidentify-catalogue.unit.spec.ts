import {
  allEventDefinitions,
  listPersonalFields,
  personalMarkOf,
  type EventDefinition,
  type PersonalFieldLocation,
} from '@dinsos/contracts';
import type { z } from 'zod';
import { deidentifyPayload } from './deidentify';
import { erased, fakeDecryptor, sealed, testPseudonymiser } from './testing/fake-fields';
import { feedSchema, schemaProblems } from './testing/feed-schema';

/**
 * Every personal field of every version of every event in the catalogue, one at a time: put in
 * its stored form at its place in an otherwise empty payload, then de-identified. Nothing here
 * lists fields: a field the contracts add is covered the day it is added.
 */

type Def = Record<string, unknown> & { type: string };
const defOf = (schema: z.ZodType) => (schema as unknown as { _zod: { def: Def } })._zod.def;

function segments(path: string): string[] {
  return path.match(/\[\]|\{\}|[^.[\]{}]+/g) ?? [];
}

/** The schema node of a path (through optionals, arrays, records and every union option). */
function nodesAt(schema: z.ZodType, path: string[]): z.ZodType[] {
  if (path.length === 0 && personalMarkOf(schema)) return [schema];
  const def = defOf(schema);
  const [head, ...rest] = path;
  switch (def.type) {
    case 'optional':
    case 'nullable':
    case 'default':
    case 'readonly':
      return nodesAt(def.innerType as z.ZodType, path);
    case 'pipe':
      return nodesAt(def.in as z.ZodType, path);
    case 'union':
      return (def.options as z.ZodType[]).flatMap((option) => nodesAt(option, path));
    case 'object': {
      const child = (def.shape as Record<string, z.ZodType>)[head];
      return child ? nodesAt(child, rest) : [];
    }
    case 'array':
      return head === '[]' ? nodesAt(def.element as z.ZodType, rest) : [];
    case 'record':
      return head === '{}' ? nodesAt(def.valueType as z.ZodType, rest) : [];
    default:
      return [];
  }
}

/** A plaintext its contract accepts, with a secret in every text a rule could let through. */
function plaintextFor(definition: EventDefinition, field: PersonalFieldLocation, secret: string) {
  const mark = nodesAt(definition.payload, segments(field.path))
    .map((node) => personalMarkOf(node))
    .find(Boolean);
  if (!mark) throw new Error(`no personal mark found at ${field.path}`);
  const schema = mark?.plaintext as
    { type?: string; format?: string; properties?: Record<string, unknown> } | undefined;
  if (schema?.type === 'integer' || schema?.type === 'number') return 11;
  if (schema?.format === 'date') return '2014-05-01';
  if (schema?.properties?.regencyCode)
    return { line: `Jl. ${secret}`, regencyCode: '3603', description: secret };
  if (schema?.properties?.regionCode) return { regionCode: '3603050001', description: secret };
  if (schema?.properties?.fileId) return { fileId: secret, sha256: 'c'.repeat(64) };
  return secret;
}

/** `{a: {b: [value]}}` for `a.b[]`. */
function payloadWith(path: string[], value: unknown): unknown {
  if (path.length === 0) return value;
  const [head, ...rest] = path;
  if (head === '[]') return [payloadWith(rest, value)];
  if (head === '{}') return { entry: payloadWith(rest, value) };
  return { [head]: payloadWith(rest, value) };
}

function valueAt(value: unknown, path: string[]): unknown {
  if (path.length === 0) return value;
  if (value === undefined || value === null) return undefined;
  const [head, ...rest] = path;
  if (head === '[]') return Array.isArray(value) ? valueAt(value[0], rest) : undefined;
  if (head === '{}') return valueAt((value as Record<string, unknown>).entry, rest);
  return valueAt((value as Record<string, unknown>)[head], rest);
}

const cases = allEventDefinitions.flatMap((definition) =>
  listPersonalFields(definition.payload).map(
    (field) =>
      [
        `${definition.type} v${definition.version} ${field.path} (${field.rule})`,
        definition,
        field,
      ] as const,
  ),
);

async function deidentifyOne(
  definition: EventDefinition,
  field: PersonalFieldLocation,
  value: unknown,
) {
  const decrypt = fakeDecryptor();
  const payload = await deidentifyPayload(
    {
      type: definition.type,
      schemaVersion: definition.version,
      officeCode: '3603',
      occurredAt: '2026-03-04T09:00:00+07:00',
      payload: payloadWith(segments(field.path), value) as Record<string, unknown>,
    },
    { pseudonymiser: testPseudonymiser, decrypt },
  );
  return { payload, asked: decrypt.asked, at: valueAt(payload, segments(field.path)) };
}

describe('every personal field of the catalogue', () => {
  it('is more than a handful (the catalogue is walked)', () => {
    expect(cases.length).toBeGreaterThan(200);
    expect(new Set(cases.map(([, , field]) => field.rule))).toEqual(
      new Set(['drop', 'pseudonymise', 'band', 'generalise']),
    );
  });

  it.each(cases)('%s is treated by its rule', async (_name, definition, field) => {
    const secret = `SECRET-${definition.type}-${field.path}`;
    const value =
      field.storage === 'clear'
        ? `subject-${secret}`
        : sealed('client-1', plaintextFor(definition, field, secret));
    const { payload, asked, at } = await deidentifyOne(definition, field, value);
    expect(JSON.stringify(payload)).not.toContain(secret);
    const outputs = feedSchema().ruleOutput;
    switch (field.rule) {
      case 'drop':
        expect(at).toBeUndefined();
        // A dropped field is never decrypted: nothing to record, nothing to leak.
        expect(asked).toEqual([]);
        break;
      case 'pseudonymise':
        expect(at).toBe(
          field.storage === 'clear'
            ? testPseudonymiser.pseudonym('subject', `subject-${secret}`)
            : expect.stringMatching(/^[0-9a-f]{32}$/),
        );
        expect(schemaProblems(outputs.pseudonymise, at)).toEqual([]);
        break;
      case 'band':
        // 11 years, or born 2014-05-01 and so 11 on the event's day: both in 10-14.
        expect(at).toBe('10-14');
        expect(schemaProblems(outputs.band, at)).toEqual([]);
        break;
      case 'generalise':
        expect(schemaProblems(outputs.generalise, at)).toEqual([]);
        // A place with codes keeps its regency; one in words alone (a place of birth), none.
        expect(at).toEqual(
          typeof plaintextFor(definition, field, secret) === 'object'
            ? { provinceCode: '36', regencyCode: '3603' }
            : {},
        );
        break;
    }
  });

  it.each(cases.filter(([, , field]) => field.storage === 'encrypted'))(
    '%s, erased, publishes no value',
    async (_name, definition, field) => {
      const { at, asked } = await deidentifyOne(definition, field, erased('client-1'));
      expect(asked).toEqual([]);
      if (field.rule === 'drop') expect(at).toBeUndefined();
      else expect(at).toEqual({ erased: true });
    },
  );
});
