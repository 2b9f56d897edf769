import { z } from 'zod';

/**
 * Personal data has one stored and wire form, defined here: a personal field never holds its
 * plaintext in an event payload, in the store or on Kafka. It holds an {@link EncryptedField}
 * encrypted with the data subject's own key, or an {@link ErasedField} once that key is gone
 * (crypto-shredding under UU PDP 27/2022). Schemas, the AsyncAPI document and the snapshot all
 * describe this form, so the encryption built later changes no schema.
 */

const base64 = z.base64().min(1);

export const EncryptedField = z
  .strictObject({
    keyId: z.string().min(1).describe("Id of the data subject's key that encrypted this value"),
    iv: base64.describe('Initialisation vector, base64'),
    ct: base64.describe('Ciphertext of the JSON-encoded plaintext, base64'),
    tag: base64.describe('Authentication tag, base64'),
  })
  .meta({
    id: 'EncryptedField',
    title: 'EncryptedField',
    description:
      "A personal value encrypted with its data subject's key (authenticated encryption); the plaintext is the JSON encoding of the value described by x-personal.plaintext.",
  });
export type EncryptedField = z.infer<typeof EncryptedField>;

export const ErasedField = z
  .strictObject({
    erased: z.literal(true),
    keyId: z.string().min(1).describe('Id of the erased key that once encrypted this value'),
  })
  .meta({
    id: 'ErasedField',
    title: 'ErasedField',
    description:
      "Marks a personal value whose data subject's key has been erased: the value is gone everywhere.",
  });
export type ErasedField = z.infer<typeof ErasedField>;

/** What a personal field holds, wherever it is stored or sent. */
export const PersonalFieldValue = z.union([EncryptedField, ErasedField]);
export type PersonalFieldValue = z.infer<typeof PersonalFieldValue>;

export const personalDataClasses = ['directIdentifier', 'quasiIdentifier', 'sensitive'] as const;
/**
 * - directIdentifier: names the person on its own (name, NIK, KK number, phone, photo, fingerprint).
 * - quasiIdentifier: names the person in combination (date of birth, address, place found).
 * - sensitive: says something about the person that must not leak (health, findings, narratives).
 */
export type PersonalDataClass = (typeof personalDataClasses)[number];

export const deidentificationRules = ['drop', 'pseudonymise', 'band', 'generalise'] as const;
/**
 * What the analysts' feed does with a field:
 * - drop: the field is left out.
 * - pseudonymise: replaced by a keyed hash, stable within the feed, so records still link.
 * - band: a number or date becomes a range (ages in bands of five years; a birth date leaves only
 *   as the age band on the event's day).
 * - generalise: a place or category becomes a coarser one (an address becomes its regency code).
 */
export type DeidentificationRule = (typeof deidentificationRules)[number];

/**
 * `encrypted`: the field holds {@link PersonalFieldValue}. `clear`: the field is a subject
 * reference (a random id such as `clientId`) stored in clear because it names the key itself;
 * the analysts' feed still pseudonymises it.
 */
export type PersonalFieldStorage = 'encrypted' | 'clear';

/** The mark a personal field carries in its schema metadata, under {@link personalMarkKey}. */
export interface PersonalFieldMark {
  class: PersonalDataClass;
  rule: DeidentificationRule;
  storage: PersonalFieldStorage;
  /** JSON Schema (draft-07) of the plaintext inside the encrypted form; absent when clear. */
  plaintext?: Record<string, unknown>;
}

/** The metadata key: a JSON Schema extension keyword, so the mark shows in every generated schema. */
export const personalMarkKey = 'x-personal';

const plaintextSchemas = new WeakMap<z.ZodType, z.ZodType>();

export interface PersonalFieldOptions {
  class: PersonalDataClass;
  rule: DeidentificationRule;
  description: string;
}

function plaintextJsonSchema(plaintext: z.ZodType): Record<string, unknown> {
  const { $schema: _ignored, ...schema } = z.toJSONSchema(plaintext, {
    target: 'draft-7',
    io: 'input',
  }) as Record<string, unknown>;
  if (JSON.stringify(schema).includes('"$ref"')) {
    // A $ref here would point into the plaintext's own definitions, which the generated
    // documents do not carry: plaintext schemas must be self-contained (no `.meta({ id })`).
    throw new Error('a personal field plaintext schema must not reference named schemas');
  }
  return schema;
}

/**
 * A personal field: its schema accepts only the encrypted (or erased) form, and its metadata
 * names the plaintext schema, the data class and the de-identification rule. Encryption and the
 * analysts' feed find every such field with `listPersonalFields`; there is no second list.
 *
 * @param plaintext what the field holds once decrypted (checked before encrypting, after decrypting)
 */
export function personalField(plaintext: z.ZodType, options: PersonalFieldOptions) {
  const mark: PersonalFieldMark = {
    class: options.class,
    rule: options.rule,
    storage: 'encrypted',
    plaintext: plaintextJsonSchema(plaintext),
  };
  const field = PersonalFieldValue.meta({
    description: options.description,
    [personalMarkKey]: mark,
  });
  plaintextSchemas.set(field, plaintext);
  return field;
}

/**
 * The id of a data subject (client, reporter, family member, complainant): a random id kept in
 * clear because it selects the subject's key; every such id also appears in the envelope's
 * `subjectIds`. Marked so the analysts' feed pseudonymises it.
 */
export function subjectReference(description: string) {
  const mark: PersonalFieldMark = {
    class: 'quasiIdentifier',
    rule: 'pseudonymise',
    storage: 'clear',
  };
  return z
    .string()
    .min(1)
    .max(100)
    .meta({ description, [personalMarkKey]: mark });
}

/** The mark of a schema node, if it is a personal field (looks through clones, e.g. `.describe()`). */
export function personalMarkOf(schema: z.ZodType): PersonalFieldMark | undefined {
  const meta = z.globalRegistry.get(schema) as Record<string, unknown> | undefined;
  return meta?.[personalMarkKey] as PersonalFieldMark | undefined;
}

/** The zod schema of a personal field's plaintext, for the encryption issue to check values with. */
export function plaintextSchemaOf(field: z.ZodType): z.ZodType | undefined {
  let current: z.ZodType | undefined = field;
  while (current) {
    const found = plaintextSchemas.get(current);
    if (found) return found;
    current = (current as unknown as { _zod: { parent?: z.ZodType } })._zod.parent;
  }
  return undefined;
}

/** True when a value is in the stored/wire form of a personal field. */
export function isPersonalFieldValue(value: unknown): value is PersonalFieldValue {
  return PersonalFieldValue.safeParse(value).success;
}
