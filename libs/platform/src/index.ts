/**
 * @dinsos/platform — the runtime every service is built on, so each service is small and no rule
 * is written twice.
 *
 * - Start: `bootstrapService({ name, module, configSchema?, platform? })` (src/main.ts of a
 *   service), `createServiceApp(...)` (the same, not listening: tests), `PlatformModule`,
 *   `PlatformFeatures` (caseAccess, relay, feeds, follows, timers, projections, clock); the one
 *   database:
 *   `migrateSharedParts` (`npm run migrate`), `migrateServiceSchema` (a service's own schema),
 *   `migrateServiceDatabase` (one service alone, in tests), `withSearchPath`.
 * - Config: `loadConfig`, `configOrExit`, `formatConfigProblems`, `sharedConfigShape`,
 *   `SharedConfig`, `ServiceConfig`, `appRoleOf`.
 * - Injection tokens: `CLOCK` (the service's one clock, `PlatformFeatures.clock`),
 *   `SERVICE_STANDARDS` (standards, offices and their zones, `PlatformFeatures.standards`),
 *   `PLATFORM_CONFIG`, `SERVICE_NAME`, `DATABASE_POOL`, `EVENT_STORE`,
 *   `KAFKA_CLIENT`, `BACKGROUND_WORK`; classes `CommandExecutor`, `ServiceMetrics`,
 *   `IdempotencyStore`, `ShutdownState`.
 * - Errors: `DomainRuleViolation` (422), `RequestValidationError` (400), `IdempotencyKeyReused`
 *   (422), `ReadModelBehind` (503 with Retry-After: a read model short of `X-Min-Position`),
 *   `problemFor` (the whole mapping to RFC 9457), `ProblemDetailsFilter`.
 * - Requests: `ValidBody` / `ValidQuery` / `ValidParams` (zod, documented in OpenAPI),
 *   `jsonBodyLimitBytes`, `receiveUpload` (streaming uploads with their own limit).
 * - Transactions: `withTransaction(pool, work)` (services write no begin/commit by hand).
 * - Personal data, files and documents (from FILE_STORE_DIR and PERSONAL_DATA_MASTER_KEY; each
 *   keeps its tables in the service's schema): `PersonalFields` (encrypt a person's fields for an
 *   event, decrypt them for a view with actor and purpose; `encryptPersonRestricted` under a key
 *   only the service's own role may use, a whistle-blower's), `Uploads` (receive, find, require)
 *   behind an `@Upload()` route, `NumberSeries` (next number in the command's transaction,
 *   document numbers reserved once),
 *   `DocumentIssuer` (number, render, keep the printed copy under the subject's key),
 *   `documentDirectory(catalogue)` (letterheads and standard titles for documents) and
 *   `documentFactsOf(events, fields, access)` (recorded events decrypted as @dinsos/documents'
 *   DocumentFacts, to render or regenerate a document from the events alone); request
 *   shapes `PersonBody`, `AddressBody`, `FileId`; `compact`, `fileReferenceOf`.
 * - Projections: a `StoreProjection` (prepare outside; `apply` per event or `applyBatch` per read
 *   batch, in the checkpoint's transaction; reset) run by `ProjectionRunner` (start, stop,
 *   rebuild, checkpoint, waitFor — woken by its own commits —, read: rows and the position they
 *   reflect in one snapshot) over `ProjectionTransactions`: `pgTransactions(pool)` (a
 *   PoolClient) or `typeormTransactions(dataSource)` (a TypeORM QueryRunner, for entities).
 *   A service's read models of its own streams: declare them in `PlatformFeatures.projections`
 *   (`ServiceProjection`s, on its pool and schema; started and stopped with its background
 *   work), as a list or as a function of `ProjectionDependencies` (pool, store, vault,
 *   standards, clock) for those that need them, and reach them with the injectable `Projections`
 *   (checkpoint, waitFor, read, rebuild by name); a bad declaration throws
 *   `ProjectionsDeclarationError` at start.
 * - Timers: a service declares `PlatformFeatures.timers` (`TimerDefinition`s) and schedules
 *   with `scheduleTimer(transaction, …)` / `cancelTimer`; each fires once (`TimerRunner`).
 * - Domain code imports `@dinsos/platform/domain` instead (deciders, rule violations,
 *   given/when/then, procedure steps; no Nest, pg or kafkajs).
 * - Commands, one write path: `@Command()` on the route, `@CommandContext() context:
 *   CommandContext` (actor, Idempotency-Key, If-Match), `CommandExecutor.execute(context, target)`
 *   for one stream or `.run(context, plan)` for several (`CommandPlan`: reads, authorize, decide
 *   in the transaction → `StreamWrite`s) → `CommandReply` ({ result: `CommandResult` = the body
 *   { streamId, revision, position, eventIds }, replayed, location }); `newEventsOf` (the one
 *   event builder), `Decider`, `DomainEvent`, `foldEvents`, `given`, `parseIfMatch`,
 *   `revisionETag`, `loadStream`; `CaseCommands` (`act`: a case stream's command prepared from
 *   its state before the transaction — encryption, documents — with `alongside` rows; `newId`:
 *   ids a command makes, derived from its Idempotency-Key).
 * - Reactions: `reactionHandler(reaction, dependencies)`, `Reaction` (its `prepare` gets the
 *   `ReactionDependencies`, the service's pool among them), `serviceActor`; the
 *   standards' clocks as a service records them: `clockEventTypes` (what to follow),
 *   `clockChangesOn` (the clocks an event starts or stops, due dates in the office's calendar),
 *   `wholeServiceClocks`, `ClockStart`, `ClockStop`, `ClockSelection`.
 * - Following other contexts: `PlatformFeatures.follows` (`Follows`: by event type, reactions,
 *   facts and read models fed from Kafka (`KafkaProjection`); topics from the contracts),
 *   `FollowedEvents.ofCase(caseId)` (the facts of a case).
 * - Ids: `commandEventId`, `reactionEventId`, `requestHash`.
 * - Logs and metrics: `loggerParams`, `redactLogObject`, `scrubText`, `ServiceMetrics`
 *   (`watchRelay`, `watchConsumer`, `recordAppended`), `relayLagSampler`, `consumerLagSampler`.
 */
export { bootstrapService } from './runtime/bootstrap-service';
export type { BootstrapOptions } from './runtime/bootstrap-service';
export { createServiceApp, corsOptions } from './runtime/create-service-app';
export type { ServiceAppOptions } from './runtime/create-service-app';
export { PlatformModule, BACKGROUND_WORK } from './runtime/platform.module';
export type {
  FeedDeclaration,
  FeedDependencies,
  PlatformFeatures,
  PlatformOptions,
} from './runtime/platform.module';
export { BackgroundWork } from './runtime/background-work';
export type { BackgroundPart } from './runtime/background-work';
export { withTransaction } from './persistence/with-transaction';
export { PersonalFields, compact, fileReferenceOf } from './personal-data/personal-fields';
export type { FileReference } from './personal-data/personal-fields';
export { AddressBody, FileId, PersonBody } from './personal-data/person-body';
export {
  purposeRule,
  withheldField,
  withheldPersonalFields,
} from './personal-data/personal-data-views';
export type { PurposeRule, WithheldField } from './personal-data/personal-data-views';
export { Uploads } from './uploads/uploads';
export { Upload } from './uploads/upload-endpoint';
export type { UploadAnswer, UploadRecord } from './uploads/uploads';
export { NumberSeries } from './numbers/number-series';
export type { DocumentNumberRequest, ReservedNumber } from './numbers/number-series';
export { DocumentIssuer } from './documents/document-issuer';
export type { DocumentToIssue, IssuedDocument } from './documents/document-issuer';
export { documentDirectory } from './documents/document-directory';
export { documentFactsOf } from './documents/document-facts';
export { checkIssuedDocuments } from './documents/issued-documents';
export type { IssuedDocumentCheck } from './documents/issued-documents';
export { ProjectionRunner } from './projections/projection-runner';
export type { StoreProjection, ProjectionRunnerOptions } from './projections/projection-runner';
export { pgTransactions, typeormTransactions } from './projections/projection-transactions';
export { Projections, ProjectionsDeclarationError } from './projections/service-projections';
export type {
  ProjectionDependencies,
  ProjectionsDeclaration,
  ServiceProjection,
} from './projections/service-projections';
export type { ProjectionTransactions } from './projections/projection-transactions';
export {
  PageQuery,
  caseIdOf,
  decodeKeysetCursor,
  encodeKeysetCursor,
  officeParameter,
  officeScopedPage,
  pageQueryOf,
  rowPerCaseProjection,
} from './read-models';
export type {
  KeysetCursor,
  OfficeScopedList,
  PageRequest,
  PageSources,
  ReadModelPage,
  RowPerCase,
} from './read-models';
export { TimerRunner, cancelTimer, scheduleTimer } from './timers/timers';
export type { DueTimer, TimerDefinition, TimerToSchedule } from './timers/timers';
export {
  migrateServiceDatabase,
  migrateServiceSchema,
  migrateSharedParts,
  withSearchPath,
} from './runtime/migrate-service-database';
export { ShutdownState } from './runtime/shutdown-state';
export {
  PLATFORM_CONFIG,
  SERVICE_NAME,
  DATABASE_POOL,
  EVENT_STORE,
  KAFKA_CLIENT,
  CLOCK,
  SERVICE_STANDARDS,
  systemClock,
} from './runtime/tokens';
export type { Clock } from './runtime/tokens';

export {
  loadConfig,
  configOrExit,
  formatConfigProblems,
  sharedConfigShape,
  appRoleOf,
  devPublicKeyPem,
} from './config/service-config';
export type {
  SharedConfig,
  ServiceConfig,
  ConfigProblem,
  ConfigResult,
} from './config/service-config';

export {
  DomainRuleViolation,
  RequestValidationError,
  IdempotencyKeyReused,
  ReadModelBehind,
} from './errors/errors';
export type { FieldProblem, FieldLocation } from './errors/errors';
export { problemFor, problemContentType } from './errors/problem-details';
export type { ProblemDetails, ProblemResponse } from './errors/problem-details';
export { ProblemDetailsFilter } from './errors/problem-details.filter';

export {
  ValidBody,
  ValidQuery,
  ValidParams,
  ZodValidationPipe,
  openApiSchemaOf,
} from './validation/zod-validation';
export {
  jsonBodyLimitBytes,
  envelopeReserveBytes,
  personalDataGrowthFactor,
} from './limits/body-limit';
export { receiveUpload, UploadTooLarge, UploadNotAStream } from './limits/upload';
export type { ReceivedUpload } from './limits/upload';
export { setupOpenApi, openApiPath, openApiJsonPath } from './docs/openapi';

export { foldEvents } from './commands/decider';
export type { Decider, DomainEvent } from './commands/decider';
export { given } from './commands/given-when-then';
export { CommandExecutor } from './commands/command-executor';
export { CaseCommands } from './commands/case-commands';
export type { CaseStreamTarget, PreparedCaseCommand } from './commands/case-commands';
export type {
  CommandTarget,
  CommandResult,
  CommandReply,
  CommandExecutorOptions,
  CommandPlan,
  CommandDecision,
  CommandStore,
  StatesOf,
  StreamToRead,
  StreamWrite,
} from './commands/command-executor';
export { newEventsOf } from './commands/new-events';
export type { EventEnvelope } from './commands/new-events';
export {
  Command,
  CommandContext,
  CommandResponseInterceptor,
  parseIfMatch,
  revisionETag,
} from './commands/command-http';
export { loadStream, toDomainEvent, schemaVersionOf } from './commands/stream-state';
export type { StreamState } from './commands/stream-state';

export { reactionHandler, serviceActor } from './reactions/reaction-handler';
export type { Reaction, ReactionTarget, ReactionDependencies } from './reactions/reaction-handler';
export { caseReactionTarget } from './reactions/reaction-handler';
export { clockChangesOn, clockEventTypes, wholeServiceClocks } from './reactions/standard-clocks';
export type { ClockStart, ClockStop, ClockSelection } from './reactions/standard-clocks';
export { FollowedEvents } from './following/followed-events';
export type { FollowedEvent } from './following/followed-events';
export { FollowsDeclarationError } from './following/follows';
export type { AnyReaction, Follows, KafkaProjection } from './following/follows';

export { IdempotencyStore } from './idempotency/idempotency-store';
export type { IdempotentOutcome } from './idempotency/idempotency-store';
export { migrateIdempotencyTable } from './idempotency/idempotency-schema';
export {
  commandEventId,
  reactionEventId,
  requestHash,
  parseIdempotencyKey,
  eventIdNamespace,
} from './idempotency/idempotency-scope';
export type { IdempotencyScope } from './idempotency/idempotency-scope';

export { loggerParams } from './logging/logger-params';
export type { LoggerOptions } from './logging/logger-params';
export { redactLogObject, redactUrl, scrubText, sensitiveKeys } from './logging/redaction';
export { correlationIdHeader } from './logging/correlation-id';
export { ServiceMetrics } from './metrics/service-metrics';
export type { ConsumerCounts, PartitionLag } from './metrics/service-metrics';
export { relayLagSampler, consumerLagSampler } from './metrics/lag-samplers';

// Read side: recorded reads (a stated purpose with every read) and signed hand-outs.
export {
  ApiStatedPurpose,
  ReadContext,
  purposeHeader,
  purposeQueryParameter,
  statedPurposeOf,
} from './read-side/read-context';
export type { ReadContextShape } from './read-side/read-context';
export { appendReadRecord } from './read-side/read-records';
export type { ReadRecord } from './read-side/read-records';
export { loadSigningKey, signingKeyOf } from './read-side/signing-key';
export type { SigningKey, SigningKeySource } from './read-side/signing-key';
