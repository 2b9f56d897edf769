/**
 * The contract between the services: which events exist, what their payloads hold, which parts
 * are personal, how they travel on Kafka (CloudEvents 1.0 binary mode) and the AsyncAPI document.
 *
 * - Catalogue: `getEventDefinition`, `latestEventDefinition`, `owningContextOf`,
 *   `topicForContext`, `topicForStreamCategory`, `validateEvent`, `upcast`.
 * - Personal data: `personalField`, `subjectReference`, `EncryptedField`, `ErasedField`,
 *   `listPersonalFields` / `personalFieldsOf` (path, class, rule, storage).
 * - Kafka: `toKafkaMessage`, `fromKafkaMessage` and its errors (each with a dead-letter `reason`).
 * - Store access: `storeAccessOfSystem()` (which role appends to and reads which categories),
 *   `serviceRoleName`, `serviceOwnerRoleName`, `serviceSchemaName`.
 * - AsyncAPI: `buildAsyncApiDocument`, written to docs/asyncapi.yaml by asyncapi/write-asyncapi.ts.
 */
export {
  contexts,
  contextNames,
  serviceNames,
  streamCategories,
  auditSealsTopic,
  analyticsTopic,
  topicForContext,
  topicForStreamCategory,
  contextOfStreamCategory,
  contextOfService,
  isStreamCategory,
  parseStreamId,
  streamId,
} from './catalogue/contexts';
export type {
  ContextName,
  ServiceName,
  StreamCategory,
  ContextDefinition,
} from './catalogue/contexts';
export {
  auditAccessCategory,
  isReadSideService,
  readSideServices,
  serviceOwnerRoleName,
  serviceRoleName,
  serviceSchemaName,
  storeAccessOfSystem,
  systemServices,
} from './catalogue/store-access';
export type { ReadSideService, ServiceStoreAccess } from './catalogue/store-access';
export { defineEvent } from './catalogue/define-event';
export type { EventDefinition, CaseLink } from './catalogue/define-event';
export {
  allEventDefinitions,
  everyEventDefinition,
  readSideEventDefinitions,
  currentEventDefinitions,
  supersededEventDefinitions,
  isEventType,
  findEventDefinition,
  getEventDefinition,
  latestEventDefinition,
  latestSchemaVersion,
  eventVersions,
  owningContextOf,
  topicForEventType,
  eventDefinitionsOfContext,
  personalFieldsOf,
  validateEvent,
} from './catalogue/catalogue';
export type {
  EventType,
  EventPayload,
  EventPayloadOfVersion,
  ValidationResult,
} from './catalogue/catalogue';
export { payloadJsonSchema, toDraft7 } from './catalogue/json-schema';
export type { JsonSchema } from './catalogue/json-schema';

export {
  EncryptedField,
  ErasedField,
  PersonalFieldValue,
  personalField,
  subjectReference,
  personalMarkOf,
  plaintextSchemaOf,
  isPersonalFieldValue,
  personalDataClasses,
  deidentificationRules,
  personalMarkKey,
} from './personal-data/personal-field';
export type {
  PersonalDataClass,
  DeidentificationRule,
  PersonalFieldStorage,
  PersonalFieldMark,
  PersonalFieldOptions,
} from './personal-data/personal-field';
export { listPersonalFields } from './personal-data/list-personal-fields';
export type { PersonalFieldLocation } from './personal-data/list-personal-fields';

export { sameValue } from './values/same-value';
export * as schemas from './events/common';
export * from './events/intake';
export * from './events/assessment';
export * from './events/tracing';
export * from './events/placement';
export * from './events/complaints';
export * from './events/audit';

export { upcast, upcasters } from './versioning/upcast';
export type { Upcaster, UpcastResult } from './versioning/upcast';

export {
  toKafkaMessage,
  fromKafkaMessage,
  cloudEventsKafkaHeaders,
  cloudEventType,
  parseCloudEventType,
  cloudEventSource,
  dataSchemaUri,
  cloudEventsSpecVersion,
  jsonContentType,
} from './cloudevents/kafka-binding';
export type {
  EventForWire,
  OutgoingKafkaMessage,
  IncomingKafkaMessage,
  ReceivedEvent,
  HeaderMapping,
} from './cloudevents/kafka-binding';

export {
  ContractViolationError,
  MissingCloudEventHeaderError,
  InvalidCloudEventHeaderError,
  UnknownEventTypeError,
  SchemaViolationError,
  NotJsonError,
} from './errors';
export type { ContractViolationReason, SchemaIssue } from './errors';

export { buildAsyncApiDocument, renderAsyncApiYaml } from './asyncapi/build-asyncapi';

export * as examples from './examples/example-events';
