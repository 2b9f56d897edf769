/**
 * @dinsos/auth — who is calling, and which cases they may see.
 *
 * - Roles: `roles`, `Role`, `caseWorkerRoles`, `caseReaderRoles`, `isRole`, `AuthenticatedActor`.
 * - Office scope (pure): `officeCovers` (`36` sees `36xx`; `3603` only itself), `caseAccessOf`
 *   (act | read | none: auditors read-only, analysts and admins no case data, read grants after a
 *   transfer), `mayActForOffice`, `visibleOfficePattern`, `isOfficeCode`, `CaseOwnership`.
 * - Tokens: `JwtVerifier.create({ keys: { jwksUrl } | { publicKeyPem }, issuer?, audience? })`,
 *   `InvalidToken`, `bearerToken`, `tokenClaims` (`sub`, `role`, `office`).
 * - Dev tokens: `ensureDevKeyPair`, `generateDevKeyPair`, `signDevToken`; the CLI behind
 *   `npm run token -- --role social-worker --office 3603` is dev-token-cli.ts.
 * - Ownership table: `migrateOwnershipTable(ownerUrl, { appRole })`,
 *   `ownershipProjectionHandlers()` (EventConsumer handlers of CaseOpened/CaseTransferred),
 *   `PostgresOwnershipTable` / `OwnershipReader`.
 * - Nest: global guards `AuthenticationGuard` and `CaseAccessGuard`; decorators `Public`,
 *   `Roles`, `RequireCaseAccess`, `CurrentActor`, `CurrentCaseOwnership`; tokens `JWT_VERIFIER`,
 *   `OWNERSHIP_READER`, `ACTOR_LOG_BINDER`; `caseNotFound`, `enforceCaseAccess` (the decision the guard makes).
 */
export { roles, caseWorkerRoles, caseReaderRoles, isRole } from './roles/roles';
export type { Role, AuthenticatedActor } from './roles/roles';
export {
  isOfficeCode,
  officeCovers,
  caseAccessOf,
  mayActForOffice,
  visibleOfficePattern,
} from './office-scope/office-scope';
export type { CaseAccess, CaseOwnership } from './office-scope/office-scope';
export {
  JwtVerifier,
  InvalidToken,
  bearerToken,
  tokenClaims,
  acceptedAlgorithms,
  devKeyAlgorithm,
} from './jwt/jwt-verifier';
export type { JwtKeySource, JwtVerifierOptions } from './jwt/jwt-verifier';
export {
  ensureDevKeyPair,
  generateDevKeyPair,
  signDevToken,
  defaultDevKeyDirectory,
  devTokenIssuer,
} from './dev-tokens/dev-tokens';
export type { DevKeyPair, DevTokenRequest } from './dev-tokens/dev-tokens';
export { migrateOwnershipTable } from './ownership/ownership-schema';
export { ownershipProjectionHandlers, ownershipEventTypes } from './ownership/ownership-projection';
export { PostgresOwnershipTable } from './ownership/ownership-table';
export type { OwnershipReader } from './ownership/ownership-table';
export {
  Public,
  Roles,
  RequireCaseAccess,
  PUBLIC_ROUTE,
  ALLOWED_ROLES,
  CASE_ACCESS,
} from './nest/auth-metadata';
export type { CaseAccessRequirement } from './nest/auth-metadata';
export { AuthenticationGuard } from './nest/authentication.guard';
export { CaseAccessGuard, caseNotFound, enforceCaseAccess } from './nest/case-access.guard';
export { CurrentActor, CurrentCaseOwnership } from './nest/current-actor.decorator';
export { JWT_VERIFIER, OWNERSHIP_READER, ACTOR_LOG_BINDER } from './nest/tokens';
export type { ActorLogBinder } from './nest/tokens';
export type { AuthenticatedRequest } from './nest/authenticated-request';
