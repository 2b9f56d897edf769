import { allEventDefinitions, personalMarkOf } from '@dinsos/contracts';
import type { z } from 'zod';
import { clearFieldRules, generaliseEducationLevel, keptClearFields } from './clear-fields';

interface ClearText {
  event: string;
  path: string;
  name: string;
  format?: string;
}

type Def = Record<string, unknown> & { type: string };

/** Every free-form string of a payload that is not a personal field (enums and literals aside). */
function clearTexts(
  schema: z.ZodType,
  path: string,
  name: string,
  event: string,
  out: ClearText[],
) {
  if (personalMarkOf(schema)) return;
  const def = (schema as unknown as { _zod: { def: Def } })._zod.def;
  switch (def.type) {
    case 'object':
      for (const [key, child] of Object.entries(def.shape as Record<string, z.ZodType>))
        clearTexts(child, path ? `${path}.${key}` : key, key, event, out);
      return;
    case 'optional':
    case 'nullable':
    case 'default':
    case 'readonly':
      clearTexts(def.innerType as z.ZodType, path, name, event, out);
      return;
    case 'array':
      clearTexts(def.element as z.ZodType, `${path}[]`, name, event, out);
      return;
    case 'record':
      clearTexts(def.valueType as z.ZodType, `${path}{}`, name, event, out);
      return;
    case 'union':
      for (const option of def.options as z.ZodType[]) clearTexts(option, path, name, event, out);
      return;
    case 'pipe':
      clearTexts(def.in as z.ZodType, path, name, event, out);
      return;
    case 'string':
      out.push({ event, path, name, format: def.format as string | undefined });
      return;
    default:
      return;
  }
}

const texts = allEventDefinitions.flatMap((definition) => {
  const out: ClearText[] = [];
  clearTexts(definition.payload, '', '', `${definition.type} v${definition.version}`, out);
  return out;
});

describe('fields the contracts keep in clear', () => {
  it('are found across the catalogue (the walk sees them)', () => {
    expect(texts.length).toBeGreaterThan(100);
    expect(texts).toContainEqual(
      expect.objectContaining({ event: 'CaseOpened v1', path: 'caseNumber' }),
    );
  });

  it('are each decided on: ruled, kept, or a date or instant (made an office day)', () => {
    const undecided = texts.filter(
      (text) =>
        !['date', 'datetime'].includes(text.format ?? '') &&
        !Object.hasOwn(clearFieldRules, text.name) &&
        !keptClearFields.includes(text.name),
    );
    expect(undecided.map((text) => `${text.event}: ${text.path}`)).toEqual([]);
  });

  it('are ruled or kept, never both', () => {
    expect(keptClearFields.filter((name) => Object.hasOwn(clearFieldRules, name))).toEqual([]);
  });

  it('that name a case are pseudonymised as the case, wherever they sit', () => {
    for (const text of texts.filter((t) => /case(Id|Number)$/i.test(t.name))) {
      expect({ path: `${text.event}: ${text.path}`, rule: clearFieldRules[text.name] }).toEqual({
        path: `${text.event}: ${text.path}`,
        rule: { rule: 'pseudonymise', scope: 'case' },
      });
    }
  });

  it('that are ids are never kept in clear', () => {
    const keptIds = texts.filter(
      (t) => /(Id|Ids)$/.test(t.name) && !Object.hasOwn(clearFieldRules, t.name),
    );
    expect(keptIds.map((t) => `${t.event}: ${t.path}`)).toEqual([]);
  });
});

describe('the education level', () => {
  it.each([
    ['SD kelas 4', 'SD'],
    ['smp', 'SMP'],
    ['MTs Al-Hidayah kelas 8', 'MTs'],
    ['Paket B', 'Paket'],
    ['SMK/2', 'SMK'],
  ])('keeps the school level of %s', (level, expected) => {
    expect(generaliseEducationLevel(level)).toBe(expected);
  });

  it('leaves out what is not a known level (it could name the school)', () => {
    expect(generaliseEducationLevel('Pondok Pesantren Nurul Huda')).toBeUndefined();
    expect(generaliseEducationLevel('')).toBeUndefined();
  });
});
