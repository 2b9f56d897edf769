import { stringify } from 'yaml';
import { z } from 'zod';
import { allEventDefinitions } from '../catalogue/catalogue';
import {
  analyticsTopic,
  auditSealsTopic,
  contextNames,
  contexts,
  type ContextName,
} from '../catalogue/contexts';
import type { EventDefinition } from '../catalogue/define-event';
import { payloadJsonSchema, toDraft7, type JsonSchema } from '../catalogue/json-schema';
import {
  cloudEventsKafkaHeaders,
  cloudEventType,
  cloudEventsSpecVersion,
  dataSchemaUri,
  jsonContentType,
} from '../cloudevents/kafka-binding';
import { listPersonalFields } from '../personal-data/list-personal-fields';
import { deidentificationRules, type DeidentificationRule } from '../personal-data/personal-field';
import { IsoDateTime, OfficeCode, Sha256Hex } from '../events/common';

/**
 * The AsyncAPI 3 document generated from the catalogue: one channel per topic, one message per
 * event version, payloads as draft-07 JSON Schema (AsyncAPI's default schema format), headers as
 * the CloudEvents binary-mode mapping, Kafka bindings. Never edit docs/asyncapi.yaml by hand.
 */

type Doc = Record<string, unknown>;

const kafkaBindingVersion = '0.5.0';

/** Component names: `ReportReceivedV2`. */
export function messageName(definition: Pick<EventDefinition, 'type' | 'version'>): string {
  return `${definition.type}V${definition.version}`;
}

function channelName(context: ContextName): string {
  return `${context}Events`;
}

/**
 * Moves a standalone schema's `definitions` into the document's shared schemas and points its
 * `$ref`s there (a `#/definitions/...` inside a message would resolve against the document root).
 */
function hoistDefinitions(schema: JsonSchema, shared: Record<string, JsonSchema>): JsonSchema {
  const {
    $schema: _dialect,
    definitions,
    ...rest
  } = schema as JsonSchema & {
    definitions?: Record<string, JsonSchema>;
  };
  for (const [name, definition] of Object.entries(definitions ?? {})) {
    const rewritten = rewriteRefs(definition) as JsonSchema;
    const existing = shared[name];
    if (existing && JSON.stringify(existing) !== JSON.stringify(rewritten)) {
      throw new Error(`two different schemas are both named ${name}`);
    }
    shared[name] = rewritten;
  }
  return rewriteRefs(rest) as JsonSchema;
}

function rewriteRefs(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(rewriteRefs);
  if (node && typeof node === 'object') {
    return Object.fromEntries(
      Object.entries(node).map(([key, value]) =>
        key === '$ref' && typeof value === 'string'
          ? [key, value.replace(/^#\/definitions\//, '#/components/schemas/')]
          : [key, rewriteRefs(value)],
      ),
    );
  }
  return node;
}

function headersSchema(definition: EventDefinition): JsonSchema {
  const properties: Record<string, JsonSchema> = {};
  for (const mapping of cloudEventsKafkaHeaders) {
    const property: JsonSchema = {
      type: 'string',
      description: `CloudEvents ${mapping.attribute}: ${mapping.from}`,
    };
    if (mapping.header === 'ce_type')
      property.const = cloudEventType(definition.context, definition.type, definition.version);
    if (mapping.header === 'ce_dataschema')
      property.const = dataSchemaUri(definition.context, definition.type, definition.version);
    if (mapping.header === 'ce_specversion') property.const = cloudEventsSpecVersion;
    if (mapping.header === 'content-type') property.const = jsonContentType;
    properties[mapping.header] = property;
  }
  const required = cloudEventsKafkaHeaders
    .filter((mapping) => mapping.required)
    .map((mapping) => mapping.header);
  return { type: 'object', properties, required };
}

function eventMessage(definition: EventDefinition, shared: Record<string, JsonSchema>): Doc {
  const personalFields = listPersonalFields(definition.payload).map(
    ({ path, class: cls, rule, storage }) => ({
      path,
      class: cls,
      rule,
      storage,
    }),
  );
  return {
    name: definition.type,
    title: `${definition.type} v${definition.version}`,
    summary: definition.summary,
    contentType: jsonContentType,
    tags: [
      { name: definition.context },
      ...(definition.provisional ? [{ name: 'provisional' }] : []),
    ],
    correlationId: { location: '$message.header#/ce_correlationid' },
    headers: headersSchema(definition),
    payload: hoistDefinitions(payloadJsonSchema(definition), shared),
    bindings: {
      kafka: {
        key: {
          type: 'string',
          description:
            definition.caseLink === 'required'
              ? 'The case id (ce_subject)'
              : 'The case id, or the stream id when the event has no case (ce_subject)',
        },
        bindingVersion: kafkaBindingVersion,
      },
    },
    'x-schema-version': definition.version,
    'x-ce-type': cloudEventType(definition.context, definition.type, definition.version),
    'x-stream-category': definition.streamCategory,
    'x-case-link': definition.caseLink,
    'x-provisional': definition.provisional,
    'x-personal-fields': personalFields,
  };
}

const ruleMeaning: Record<DeidentificationRule, string> = {
  drop: 'left out of the feed',
  pseudonymise: 'replaced by a keyed hash that is stable within the feed, so records still link',
  band: 'turned into a range: ages in five-year bands, dates to the month',
  generalise:
    'made coarser: a place or address becomes its regency/city code, a kind becomes its category',
};

const DeidentifiedCaseEvent = z.object({
  eventRef: z.string().describe('Pseudonym of the source eventId'),
  type: z.string(),
  schemaVersion: z.int().min(1),
  caseRef: z.string().optional().describe('Pseudonym of the caseId'),
  officeCode: OfficeCode,
  occurredMonth: z
    .string()
    .regex(/^\d{4}-\d{2}$/)
    .describe('occurredAt banded to the month'),
  payload: z
    .record(z.string(), z.unknown())
    .describe(
      'The payload with every personal field treated by its rule (x-personal-fields of the source message)',
    ),
});

const ChainHeadsSealed = z.object({
  sealId: z.uuid(),
  sealedAt: IsoDateTime,
  upToPosition: z
    .string()
    .describe('Store position the seal covers (opaque, as the store prints it)'),
  heads: z
    .array(
      z.object({
        streamId: z.string(),
        streamRevision: z.int().min(0),
        hash: Sha256Hex,
      }),
    )
    .min(1),
  signature: z.object({
    algorithm: z.enum(['Ed25519']),
    keyId: z.string(),
    value: z
      .base64()
      .describe('Signature over the RFC 8785 canonical JSON of the seal without `signature`'),
  }),
});

function deidentificationDescription(): string {
  const lines = [
    'De-identified copy of the case events for analysts. The de-identifier is not built yet;',
    'this channel documents what it will publish. Every source message lists its personal fields',
    'in `x-personal-fields` (path, class, rule); the feed applies the rule of each:',
    '',
    ...deidentificationRules.map((rule) => `- **${rule}**: ${ruleMeaning[rule]}.`),
    '',
    'Names, NIK, KK numbers, addresses and file references never reach the feed; subject ids and',
    'case ids are pseudonymised; envelope actor ids are dropped.',
  ];
  return lines.join('\n');
}

export function buildAsyncApiDocument(): Doc {
  const sharedSchemas: Record<string, JsonSchema> = {};
  const messages: Record<string, Doc> = {};
  const channels: Record<string, Doc> = {};
  const operations: Record<string, Doc> = {};

  for (const context of contextNames) {
    const definitions = allEventDefinitions.filter((definition) => definition.context === context);
    const channelMessages: Record<string, Doc> = {};
    for (const definition of definitions) {
      const name = messageName(definition);
      messages[name] = eventMessage(definition, sharedSchemas);
      channelMessages[name] = { $ref: `#/components/messages/${name}` };
    }
    const { topic, service, streamCategories, provisionalByDefault } = contexts[context];
    channels[channelName(context)] = {
      address: topic,
      title: `${context} events`,
      description: `Events of the ${context} context, published by services/${service} from its stream categories ${streamCategories
        .map((category) => `\`${category}\``)
        .join(', ')}. Key = case id (per-case order). CloudEvents 1.0 Kafka binding, binary mode.`,
      messages: channelMessages,
      bindings: { kafka: { topic, bindingVersion: kafkaBindingVersion } },
      'x-provisional': provisionalByDefault,
    };
    operations[`publish${context[0].toUpperCase()}${context.slice(1)}Events`] = {
      action: 'send',
      title: `services/${service} publishes`,
      channel: { $ref: `#/channels/${channelName(context)}` },
      messages: Object.keys(channelMessages).map((name) => ({
        $ref: `#/channels/${channelName(context)}/messages/${name}`,
      })),
    };
  }

  messages.ChainHeadsSealed = {
    name: 'ChainHeadsSealed',
    title: 'ChainHeadsSealed v1',
    summary: 'A signed seal of hash-chain heads, so a rewritten chain or a cut-off tail is caught.',
    contentType: jsonContentType,
    tags: [{ name: 'audit' }, { name: 'provisional' }],
    payload: hoistDefinitions(toDraft7(ChainHeadsSealed), sharedSchemas),
    bindings: {
      kafka: {
        key: { type: 'string', description: 'The sealing store' },
        bindingVersion: kafkaBindingVersion,
      },
    },
    'x-provisional': true,
  };
  channels.auditSeals = {
    address: auditSealsTopic,
    title: 'audit seals',
    description:
      'Signed seals of the event store hash-chain heads, published outside the database.',
    messages: { ChainHeadsSealed: { $ref: '#/components/messages/ChainHeadsSealed' } },
    bindings: { kafka: { topic: auditSealsTopic, bindingVersion: kafkaBindingVersion } },
    'x-provisional': true,
  };
  operations.publishAuditSeals = {
    action: 'send',
    channel: { $ref: '#/channels/auditSeals' },
    messages: [{ $ref: '#/channels/auditSeals/messages/ChainHeadsSealed' }],
  };

  messages.DeidentifiedCaseEvent = {
    name: 'DeidentifiedCaseEvent',
    title: 'De-identified case event',
    summary: 'A case event with its personal fields dropped, pseudonymised, banded or generalised.',
    contentType: jsonContentType,
    tags: [{ name: 'analytics' }, { name: 'provisional' }],
    payload: hoistDefinitions(toDraft7(DeidentifiedCaseEvent), sharedSchemas),
    bindings: {
      kafka: {
        key: { type: 'string', description: 'The case pseudonym' },
        bindingVersion: kafkaBindingVersion,
      },
    },
    'x-provisional': true,
  };
  channels.analyticsCaseEvents = {
    address: analyticsTopic,
    title: "analysts' feed",
    description: deidentificationDescription(),
    messages: { DeidentifiedCaseEvent: { $ref: '#/components/messages/DeidentifiedCaseEvent' } },
    bindings: { kafka: { topic: analyticsTopic, bindingVersion: kafkaBindingVersion } },
    'x-provisional': true,
    'x-deidentification-rules': Object.fromEntries(
      deidentificationRules.map((rule) => [rule, ruleMeaning[rule]]),
    ),
  };
  operations.publishAnalyticsCaseEvents = {
    action: 'send',
    channel: { $ref: '#/channels/analyticsCaseEvents' },
    messages: [{ $ref: '#/channels/analyticsCaseEvents/messages/DeidentifiedCaseEvent' }],
  };

  return {
    asyncapi: '3.0.0',
    info: {
      title: 'Dinsos case management events',
      version: '1.0.0',
      description: [
        'Events of the Dinas Sosial case management services, generated from libs/contracts.',
        '',
        'Messages follow the CloudEvents 1.0 Kafka protocol binding in binary mode: the payload is',
        'the JSON message value, the envelope travels in `ce_*` headers. Personal fields hold an',
        "`EncryptedField` (encrypted with the data subject's key) or an `ErasedField`, never plaintext;",
        'each carries `x-personal` with its class and de-identification rule.',
        '',
        'Messages tagged `provisional` may still change without a new version: their service is',
        'not built yet.',
      ].join('\n'),
    },
    defaultContentType: jsonContentType,
    channels,
    operations,
    components: { schemas: sharedSchemas, messages },
  };
}

export function renderAsyncApiYaml(): string {
  return [
    '# Generated by libs/contracts (node -r @swc-node/register libs/contracts/src/asyncapi/write-asyncapi.ts).',
    '# Do not edit by hand.',
    stringify(buildAsyncApiDocument(), { lineWidth: 0, aliasDuplicateObjects: false }),
  ].join('\n');
}
