/**
 * The analysts' feed (DESIGN.md sections 4 and 5): the store's events in global order, each
 * personal field de-identified by the rule its contract marks it with, published to
 * `dinsos.analytics.case-events.v1` (docs/adr/0017-analytics-feed-rules-and-pseudonym-keys.md).
 *
 * - `deidentify(event, { pseudonymiser, decrypt, offices?, onWithheld? })` → `DeidentifiedCaseEvent`;
 *   `feedKeyOf`, `officeDayOf`.
 * - Rules: `ageBandOfYears`, `ageBandOn`, `bandValue`, `generalisePlace`, `clearFieldRules`,
 *   `keptClearFields`, `generaliseEducationLevel`.
 * - Pseudonyms: `createPseudonymiser(key)`, `pseudonymKey(id, secret)`,
 *   `pseudonymKeyFromEnvironment()` (`ANALYTICS_PSEUDONYM_KEY`, `ANALYTICS_PSEUDONYM_KEY_ID`).
 * - Decryption: `decryptThroughVault(vault, access?)`, `analyticsFeedAccess`, `analyticsFeedActor`.
 * - Relay: `analyticsSourceFromStore(store, options)` (a RelaySource), `analyticsMessage`,
 *   `createAnalyticsRelay(options)`, `analyticsRelayName`.
 */
export { deidentify, feedKeyOf, officeDayOf } from './deidentify';
export type {
  DeidentifiedCaseEvent,
  DeidentifyOptions,
  ErasedValue,
  StoredCaseEvent,
  WithheldField,
} from './deidentify';
export {
  ageBandOfYears,
  ageBandOn,
  ageOn,
  bandValue,
  generalisePlace,
  TOP_AGE_BAND_FROM,
} from './rules/personal-rules';
export type { GeneralisedPlace } from './rules/personal-rules';
export { clearFieldRules, generaliseEducationLevel, keptClearFields } from './rules/clear-fields';
export type { ClearFieldRule } from './rules/clear-fields';
export {
  createPseudonymiser,
  InvalidPseudonymKeyError,
  pseudonymKey,
  pseudonymKeyFromEnvironment,
  pseudonymScopes,
  PSEUDONYM_KEY_ENV,
  PSEUDONYM_KEY_ID_ENV,
} from './rules/pseudonyms';
export type { PseudonymKey, PseudonymScope, Pseudonymiser } from './rules/pseudonyms';
export {
  analyticsFeedAccess,
  analyticsFeedActor,
  decryptThroughVault,
} from './rules/field-decryptor';
export type { FieldDecryptor, FieldReading } from './rules/field-decryptor';
export { analyticsMessage, analyticsSourceFromStore } from './relay/analytics-source';
export type { AnalyticsSourceOptions } from './relay/analytics-source';
export { analyticsRelayName, createAnalyticsRelay } from './relay/analytics-relay';
export type { AnalyticsRelayOptions } from './relay/analytics-relay';
