// Test support (not exported from index.ts): the contracts' own schema of the feed, from the
// AsyncAPI document they generate, so tests check what analysts are promised.
import { buildAsyncApiDocument } from '@dinsos/contracts';
import Ajv, { type ValidateFunction } from 'ajv';

type Doc = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

function standalone(schema: unknown, shared: unknown): Record<string, unknown> {
  // Shared component schemas become the schema's own definitions again.
  return JSON.parse(
    JSON.stringify({ ...(schema as object), definitions: shared }).replace(
      /#\/components\/schemas\//g,
      '#/definitions/',
    ),
  ) as Record<string, unknown>;
}

export interface FeedSchema {
  message: ValidateFunction;
  ruleOutput: Record<'pseudonymise' | 'band' | 'generalise', ValidateFunction>;
}

let cached: FeedSchema | undefined;

export function feedSchema(): FeedSchema {
  if (cached) return cached;
  const document: Doc = buildAsyncApiDocument();
  const shared = document.components.schemas;
  const message = document.components.messages.DeidentifiedCaseEvent;
  // Formats are not checked (ajv-formats is no dependency); the generated schemas carry patterns.
  const ajv = new Ajv({ strict: false, allErrors: true, validateFormats: false });
  const compile = (schema: unknown) => ajv.compile(standalone(schema, shared));
  cached = {
    message: compile(message.payload),
    ruleOutput: {
      pseudonymise: compile(message['x-rule-outputs'].pseudonymise),
      band: compile(message['x-rule-outputs'].band),
      generalise: compile(message['x-rule-outputs'].generalise),
    },
  };
  return cached;
}

/** Problems of a feed message against the contracts' schema, readable in a failed expect. */
export function schemaProblems(validate: ValidateFunction, value: unknown): string[] {
  return validate(value)
    ? []
    : (validate.errors ?? []).map((e) => `${e.instancePath || '(root)'} ${e.message}`);
}
