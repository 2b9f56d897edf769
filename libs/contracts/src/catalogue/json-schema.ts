import { z } from 'zod';
import type { EventDefinition } from './define-event';

export type JsonSchema = Record<string, unknown>;

/**
 * Draft-07 JSON Schema of a zod schema, as AsyncAPI's default schema format reads it. Input
 * side (`io: 'input'`): objects do not forbid extra properties, so a consumer holding an older
 * schema still accepts a payload with a later optional field.
 */
export function toDraft7(schema: z.ZodType): JsonSchema {
  return z.toJSONSchema(schema, { target: 'draft-7', io: 'input' }) as JsonSchema;
}

/** The standalone JSON Schema of one event version's payload (shared parts under `definitions`). */
export function payloadJsonSchema(definition: EventDefinition): JsonSchema {
  return toDraft7(definition.payload);
}
