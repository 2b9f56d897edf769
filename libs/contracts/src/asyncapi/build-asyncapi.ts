import { stringify } from 'yaml';
import { z } from 'zod';
import { everyEventDefinition } from '../catalogue/catalogue';
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
import { IsoDate, IsoDateTime, OfficeCode, ServiceStandardRef, Sha256Hex } from '../events/common';

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
  drop: 'left out of the feed (a list of such values goes whole)',
  pseudonymise:
    'replaced by its `Pseudonym` (keyed HMAC-SHA256 under the key `pseudonymKeyId` names), stable within that key, so records still link',
  band: "turned into an `AgeBand` (0-4, 5-9, …, 75-79, 80+): a birth date as the age on the event's office day, an age as given",
  generalise:
    'made coarser: an address or place becomes a `GeneralisedPlace` (its province and regency/city code; a place given only in words, none)',
};

const Pseudonym = z
  .string()
  .regex(/^[0-9a-f]{32}$/)
  .meta({
    id: 'Pseudonym',
    description:
      'HMAC-SHA256 under the feed key named by pseudonymKeyId, of the kind of id (case, subject, event, record, correlation, value) and the id; first 128 bits, lower-case hex. Equal ids of one kind have equal pseudonyms under one key, never across keys.',
  });

const AgeBand = z
  .string()
  .regex(/^(\d{1,3}-\d{1,3}|\d{1,3}\+)$/)
  .meta({ id: 'AgeBand', description: 'Five-year age band: 0-4, 5-9, …, 75-79, then 80+' });

const GeneralisedPlace = z
  .strictObject({
    provinceCode: z
      .string()
      .regex(/^\d{2}$/)
      .optional(),
    regencyCode: z
      .string()
      .regex(/^\d{4}$/)
      .optional(),
  })
  .meta({
    id: 'GeneralisedPlace',
    description:
      'A place reduced to its province and regency/city (Kemendagri codes, digits only); empty when the place named no region',
  });

const ErasedValue = z.strictObject({ erased: z.literal(true) }).meta({
  id: 'ErasedValue',
  description:
    "The data subject's key was erased: the value is gone (no key id, which would name the subject)",
});

/** What a personal field holds in the feed, by its rule (drop: nothing, the field is absent). */
const DeidentifiedValues = z.object({
  pseudonymise: z.union([Pseudonym, ErasedValue]),
  band: z.union([AgeBand, ErasedValue]),
  generalise: z.union([GeneralisedPlace, ErasedValue]),
});

const DeidentifiedCaseEvent = z.object({
  eventRef: Pseudonym.describe('Pseudonym of the source eventId'),
  type: z.string().describe('The source event type'),
  schemaVersion: z.int().min(1).describe('The source schema version, as stored (not upcast)'),
  streamCategory: z.string().describe('The source stream category, e.g. intakeCase, placement'),
  caseRef: Pseudonym.optional().describe(
    'Pseudonym of the caseId (case numbers in the payload get the same one); absent when the event has no case',
  ),
  subjectRefs: z
    .array(Pseudonym)
    .describe('Pseudonyms of the envelope subjectIds (subject ids in the payload get the same)'),
  officeCode: OfficeCode.describe('The owning office'),
  occurredOn: IsoDate.describe("occurredAt as the owning office's calendar day"),
  actor: z
    .object({ role: z.string(), officeCode: OfficeCode })
    .describe("The actor's role and office; the actor id is dropped"),
  correlationRef: Pseudonym.describe('Pseudonym of the correlationId'),
  causationRef: Pseudonym.optional().describe(
    'Pseudonym of the causationId: the eventRef of the event that caused this one',
  ),
  serviceStandard: ServiceStandardRef.optional(),
  pseudonymKeyId: z
    .string()
    .min(1)
    .describe('Id of the key every pseudonym of this message was made with (never the key)'),
  payload: z
    .record(z.string(), z.unknown())
    .describe(
      'The payload with every personal field treated by its rule (x-personal-fields of the source message; values in x-rule-outputs), clear identifiers treated as the channel says, every instant as its office day',
    ),
  payloadWithheld: z
    .enum(['unknownEventType', 'invalidPayload'])
    .optional()
    .describe(
      'Set when the payload could not be de-identified (an event this version of the contracts does not know, or one failing its schema): the payload is then empty',
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

/** Audit's records name no case in their envelope, so they are keyed by their stream. */
function keyDescription(context: string): string {
  return context === 'audit'
    ? 'Key = stream id (`auditAccess-<caseId>`, `auditAccess-store`): the records of one case in order; the case id is in the payload only, never `ce_subject`.'
    : 'Key = case id (per-case order).';
}

function deidentificationDescription(): string {
  const lines = [
    'De-identified copy of the case events for analysts, published by libs/analytics-feed from the',
    "store's global order (every category of the contracts; audit's access records are not case",
    'events). Every source message lists its personal fields in `x-personal-fields` (path, class,',
    'rule); the feed applies the rule of each:',
    '',
    ...deidentificationRules.map((rule) => `- **${rule}**: ${ruleMeaning[rule]}.`),
    '',
    'Only band and generalise need the plaintext: the feed decrypts those alone, through the vault,',
    "as its own service actor. A field whose subject's key was erased becomes `ErasedValue` where a",
    'value would be published (absent where dropped); one the feed may not read (a whistle-blower,',
    'readable by complaints alone) is left out.',
    '',
    'Fields the contracts keep in clear that still identify something outside the feed: case ids',
    'and case numbers become the case pseudonym (`caseRef`), record ids (complaint, inquiry,',
    'candidate, consent, referral…) pseudonyms, a contested eventId its `eventRef`; staff ids,',
    'printed numbers, document hashes, channel references and message ids are dropped; an',
    "education level keeps its school level only. Every instant becomes the owning office's day.",
    '',
    'Envelope: office codes, type, version and stream category stay; eventId, caseId, subjectIds,',
    'correlationId and causationId become pseudonyms; the actor keeps its role and office, its id',
    'is dropped; recordedAt and the store position are left out. An event the contracts do not',
    'know goes with its envelope and `payloadWithheld`. Key = `caseRef` (for an event with no',
    "case, the pseudonym of its stream's own id: a complaint's complaintId), so a case keeps its order.",
    '',
    '**Pseudonym keys and rotation.** Pseudonyms are HMAC-SHA256 under a secret key that never',
    'leaves the feed service; each message names it by `pseudonymKeyId`. Rotating the key (a new',
    'secret under a new id) starts new pseudonyms from the first message published with it:',
    'messages already published keep theirs, and nothing links a pseudonym under one key to one',
    'under another. Analysts therefore group by (`pseudonymKeyId`, ref). To have the whole history',
    'under the new key, the feed can publish it again under a new relay name (the old messages stay',
    'on the topic, told apart by their key id).',
  ];
  return lines.join('\n');
}

export function buildAsyncApiDocument(): Doc {
  const sharedSchemas: Record<string, JsonSchema> = {};
  const messages: Record<string, Doc> = {};
  const channels: Record<string, Doc> = {};
  const operations: Record<string, Doc> = {};

  for (const context of contextNames) {
    const definitions = everyEventDefinition.filter((definition) => definition.context === context);
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
        .join(', ')}. ${keyDescription(context)} CloudEvents 1.0 Kafka binding, binary mode.`,
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
    headers: {
      type: 'object',
      properties: { 'content-type': { type: 'string', const: jsonContentType } },
    },
    payload: hoistDefinitions(toDraft7(DeidentifiedCaseEvent), sharedSchemas),
    bindings: {
      kafka: {
        key: {
          type: 'string',
          description:
            "The case pseudonym (caseRef); for an event with no case, the pseudonym of its stream's own id (a complaint's: its complaintId pseudonym)",
        },
        bindingVersion: kafkaBindingVersion,
      },
    },
    'x-provisional': true,
    'x-rule-outputs': hoistDefinitions(toDraft7(DeidentifiedValues), sharedSchemas).properties,
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
