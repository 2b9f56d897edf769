/**
 * @dinsos/event-store — where every case's history lives.
 *
 * The port (`EventStore`, port.ts) is what services use; adapters implement it and must pass
 * `runEventStoreContractTests`. The PostgreSQL adapter is the default; a KurrentDB adapter is
 * meant to implement the same port.
 *
 * Port in short
 * - `appendToStream(streamId, events, { expectedRevision, transaction? })` — all or nothing.
 *   expectedRevision: 'any' | 'noStream' | 'streamExists' | n; a mismatch throws
 *   `WrongExpectedVersion` (with `actualRevision`). Appending events whose eventIds are already
 *   stored at that place of that stream is a no-op returning the original positions
 *   (`alreadyStored: true`): retries and re-run reactions never duplicate. `transaction`: the
 *   PostgreSQL adapter joins a caller's `pg` client inside BEGIN (inbox record and events commit
 *   together); it may throw the retryable `StreamOrderConflict` — retry in a fresh transaction.
 * - `readStream(streamId, { from, direction, maxCount })`, `readAll({ from, filter, maxCount })`
 *   (one page, gap-free), `readCase(caseId)` (by the envelope's caseId, any stream, global order).
 * - `subscribeToAll({ from, filter })` — an async iterator in global order that never skips or
 *   reorders; store `event.position.toString()` as checkpoint in your own transaction.
 * - No delete, soft delete or truncate: history is permanent.
 *
 * Position: opaque, comparable (`Position.compare`), `toString()`/`Position.parse()` for
 * checkpoints and "wait until reflected" on the read side; the strings sort like the positions.
 *
 * Stream ids are `<category>-<id>` with a hyphen-free category (`streamIdOf(category, id)`).
 *
 * Integrity (PostgreSQL): each stream is a hash chain over the stored canonical JSON (see
 * hashChain.ts, HASHED_FIELDS); `verifyStream`/`verifyCase`/`verifyAll` report the first broken
 * link per stream; `sealNow`/`startSealing` sign stream heads (Ed25519) into seal files outside
 * the database, and verification against `readSeals()` catches rewritten chains and cut tails.
 *
 * Operations (PostgreSQL): `migrate(ownerUrl, { appRole })` at every start, or
 * postgres/migrate-cli.ts; postgres/verify-cli.ts (exit 1 on a broken chain); postgres/seal-cli.ts.
 */
export type {
  Actor,
  AppendedEvent,
  AppendOptions,
  AppendResult,
  Direction,
  EventFilter,
  EventStore,
  EventSubscription,
  ExpectedRevision,
  JsonObject,
  JsonPrimitive,
  JsonValue,
  NewEvent,
  ReadAllOptions,
  ReadStreamOptions,
  RecordedEvent,
  ServiceStandardRef,
  SubscribeToAllOptions,
} from './port';
export { Position, comparePositions, parsePosition, positionToString } from './position';
export {
  EventIdConflict,
  EventNotSerialisable,
  EventStoreError,
  EventTooLarge,
  InvalidEvent,
  InvalidExpectedRevision,
  InvalidPosition,
  InvalidReadOptions,
  CategoryAccessDenied,
  InvalidStreamId,
  StreamOrderConflict,
  WrongExpectedVersion,
  isRetryable,
} from './errors';
export { categoryOf, parseStreamId, streamIdOf } from './streamId';
export type { ParsedStreamId } from './streamId';
export { DEFAULT_MAX_EVENT_BYTES, HASHED_FIELDS } from './canonicalEvent';
export { GENESIS_HASH, chainHash, StreamChainVerifier } from './hashChain';
export type {
  BrokenLink,
  BrokenLinkReason,
  SealedHead,
  StoredLink,
  VerificationProgress,
  VerificationReport,
} from './hashChain';

export { PostgresEventStore } from './postgres/PostgresEventStore';
export type { PostgresEventStoreOptions } from './postgres/PostgresEventStore';
export { migrate, listMigrations, MigrationError } from './postgres/migrate';
export type { MigrateOptions, MigrateResult, Migration, StoreRole } from './postgres/migrate';
export { verifyAll, verifyCase, verifyStream } from './postgres/verify';
export type { VerifyOptions } from './postgres/verify';

export {
  SEAL_FORMAT,
  SealVerificationError,
  generateSealingKeyPair,
  isSealSignatureValid,
  keyIdOf,
  latestSealedHeads,
  readSeals,
  sealHash,
} from './seals/seal';
export type { Seal } from './seals/seal';
export { sealNow, startSealing } from './seals/sealStreams';
export type { Sealer, SealingOptions } from './seals/sealStreams';

export { runEventStoreContractTests } from './contract/eventStoreContract';
export type { ContractSubject } from './contract/eventStoreContract';
