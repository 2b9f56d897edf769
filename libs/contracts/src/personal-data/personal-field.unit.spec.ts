import { z } from 'zod';
import { allEventDefinitions, getEventDefinition, personalFieldsOf } from '../catalogue/catalogue';
import { toDraft7 } from '../catalogue/json-schema';
import { exampleEncryptedField } from '../examples/example-events';
import { listPersonalFields } from './list-personal-fields';
import {
  EncryptedField,
  ErasedField,
  deidentificationRules,
  personalDataClasses,
  personalField,
  personalMarkOf,
  plaintextSchemaOf,
  subjectReference,
} from './personal-field';

const encrypted = exampleEncryptedField('key-1', 'value');

describe('the stored and wire form of a personal field', () => {
  const name = personalField(z.string(), {
    class: 'directIdentifier',
    rule: 'drop',
    description: 'Name',
  });

  it('accepts an encrypted field and an erased marker, never plaintext', () => {
    expect(name.safeParse(encrypted).success).toBe(true);
    expect(name.safeParse({ erased: true, keyId: 'key-1' }).success).toBe(true);
    expect(name.safeParse('Siti Aminah').success).toBe(false);
    expect(name.safeParse({ plaintext: 'Siti Aminah' }).success).toBe(false);
  });

  it('holds base64 iv, ciphertext and tag and nothing else', () => {
    expect(EncryptedField.safeParse({ ...encrypted, iv: 'not base64!' }).success).toBe(false);
    expect(EncryptedField.safeParse({ ...encrypted, ct: '' }).success).toBe(false);
    expect(EncryptedField.safeParse({ ...encrypted, plaintext: 'leak' }).success).toBe(false);
    expect(ErasedField.safeParse({ erased: false, keyId: 'key-1' }).success).toBe(false);
  });

  it('keeps its plaintext schema for encryption to check values against', () => {
    const dateOfBirth = personalField(z.iso.date(), {
      class: 'quasiIdentifier',
      rule: 'band',
      description: 'DOB',
    });
    const plaintext = plaintextSchemaOf(dateOfBirth.optional().unwrap());
    expect(plaintext?.safeParse('2014-05-01').success).toBe(true);
    expect(plaintext?.safeParse('first of May').success).toBe(false);
  });

  it('shows its class, rule and plaintext in the generated JSON Schema', () => {
    const schema = toDraft7(z.object({ name })) as {
      properties: { name: Record<string, unknown> };
    };
    expect(schema.properties.name['x-personal']).toEqual({
      class: 'directIdentifier',
      rule: 'drop',
      storage: 'encrypted',
      plaintext: { type: 'string' },
    });
  });

  it('keeps its mark through describe()', () => {
    expect(personalMarkOf(name.describe('Another description'))?.rule).toBe('drop');
  });
});

describe('listing the personal fields of a schema', () => {
  it('finds nested, optional, array and union fields with their class and rule', () => {
    const schema = z.object({
      clientId: subjectReference('Client'),
      name: personalField(z.string(), {
        class: 'directIdentifier',
        rule: 'drop',
        description: 'n',
      }).optional(),
      escorts: z.array(
        z.object({
          phone: personalField(z.string(), {
            class: 'directIdentifier',
            rule: 'drop',
            description: 'p',
          }),
        }),
      ),
      place: z.discriminatedUnion('kind', [
        z.object({
          kind: z.literal('known'),
          address: personalField(z.string(), {
            class: 'quasiIdentifier',
            rule: 'generalise',
            description: 'a',
          }),
        }),
        z.object({ kind: z.literal('unknown') }),
      ]),
      note: z.string(),
    });
    expect(listPersonalFields(schema)).toEqual([
      {
        path: 'clientId',
        class: 'quasiIdentifier',
        rule: 'pseudonymise',
        storage: 'clear',
        required: true,
      },
      {
        path: 'name',
        class: 'directIdentifier',
        rule: 'drop',
        storage: 'encrypted',
        required: false,
      },
      {
        path: 'escorts[].phone',
        class: 'directIdentifier',
        rule: 'drop',
        storage: 'encrypted',
        required: false,
      },
      {
        path: 'place.address',
        class: 'quasiIdentifier',
        rule: 'generalise',
        storage: 'encrypted',
        required: false,
      },
    ]);
  });

  it('lists what ReportReceived v2 carries about the client, the reporter and the escorts', () => {
    const paths = personalFieldsOf('ReportReceived', 2).map(
      (field) => `${field.path}:${field.rule}`,
    );
    expect(paths).toEqual(
      expect.arrayContaining([
        'foundAt:generalise',
        'reporter.personId:pseudonymise',
        'reporter.name:drop',
        'reporter.nik:drop',
        'reporter.address:generalise',
        'letter.scan:drop',
        'escorts[].personId:pseudonymise',
        'escorts[].name:drop',
        'circumstances:drop',
      ]),
    );
  });

  it('lists ClientRegistered identity fields with the class the analysts feed needs', () => {
    const byPath = Object.fromEntries(
      personalFieldsOf('ClientRegistered', 1).map((f) => [f.path, f]),
    );
    expect(byPath.nik).toMatchObject({ class: 'directIdentifier', rule: 'drop' });
    expect(byPath.familyCardNumber).toMatchObject({ class: 'directIdentifier', rule: 'drop' });
    expect(byPath.dateOfBirth).toMatchObject({ class: 'quasiIdentifier', rule: 'band' });
    expect(byPath.estimatedAgeYears).toMatchObject({ class: 'quasiIdentifier', rule: 'band' });
    expect(byPath.address).toMatchObject({ class: 'quasiIdentifier', rule: 'generalise' });
    expect(byPath['identityDocuments[].scan']).toMatchObject({
      class: 'sensitive',
      storage: 'encrypted',
    });
    expect(byPath.clientId).toMatchObject({ storage: 'clear', rule: 'pseudonymise' });
  });
});

describe('personal data across the whole catalogue', () => {
  // Property names that always hold personal data wherever they appear; a plain (unmarked) one
  // would put plaintext on the wire.
  const alwaysPersonal = new Set([
    'nik',
    'familyCardNumber',
    'phone',
    'dateOfBirth',
    'placeOfBirth',
    'address',
    'scan',
    'file',
  ]);

  function unmarkedPersonalNames(schema: z.ZodType, path: string, found: string[]): void {
    const def = (schema as unknown as { _zod: { def: Record<string, unknown> & { type: string } } })
      ._zod.def;
    if (personalMarkOf(schema)) return;
    if (def.type === 'object') {
      for (const [key, child] of Object.entries(def.shape as Record<string, z.ZodType>)) {
        const childPath = path ? `${path}.${key}` : key;
        const inner = unwrap(child);
        if (alwaysPersonal.has(key) && !personalMarkOf(inner)) found.push(childPath);
        unmarkedPersonalNames(inner, childPath, found);
      }
    } else if (def.type === 'array')
      unmarkedPersonalNames(def.element as z.ZodType, `${path}[]`, found);
    else if (def.type === 'union')
      for (const o of def.options as z.ZodType[]) unmarkedPersonalNames(o, path, found);
    else if (def.type === 'optional' || def.type === 'nullable')
      unmarkedPersonalNames(def.innerType as z.ZodType, path, found);
  }
  function unwrap(schema: z.ZodType): z.ZodType {
    const def = (schema as unknown as { _zod: { def: { type: string; innerType?: z.ZodType } } })
      ._zod.def;
    return (def.type === 'optional' || def.type === 'nullable') && def.innerType
      ? unwrap(def.innerType)
      : schema;
  }

  it.each(allEventDefinitions.map((d) => [`${d.type} v${d.version}`, d] as const))(
    '%s marks every personal field with a known class and rule',
    (_name, definition) => {
      const unmarked: string[] = [];
      unmarkedPersonalNames(definition.payload, '', unmarked);
      expect(unmarked).toEqual([]);
      for (const field of listPersonalFields(definition.payload)) {
        expect(personalDataClasses).toContain(field.class);
        expect(deidentificationRules).toContain(field.rule);
      }
    },
  );

  it('never keeps a name in clear: only subject ids are clear, and they are pseudonymised', () => {
    const clear = allEventDefinitions.flatMap((d) =>
      listPersonalFields(d.payload).filter((f) => f.storage === 'clear'),
    );
    expect(clear.length).toBeGreaterThan(0);
    for (const field of clear) {
      expect(field.rule).toBe('pseudonymise');
      expect(field.path).toMatch(/(Id|Ids\[\])$/);
    }
  });

  it('rejects plaintext where ClientRegistered expects a NIK', () => {
    const schema = getEventDefinition('ClientRegistered', 1).payload;
    const result = schema.safeParse({
      clientId: 'c-1',
      category: 'neglectedChild',
      identityStatus: 'known',
      nik: '3216010101010001',
      sex: 'female',
      identityDocuments: [],
    });
    expect(result.success).toBe(false);
  });
});
