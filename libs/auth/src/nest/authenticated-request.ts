import type { CaseOwnership } from '../office-scope/office-scope';
import type { AuthenticatedActor } from '../roles/roles';

/** What the guards add to the HTTP request. */
export interface AuthenticatedRequest {
  headers: Record<string, string | string[] | undefined>;
  params: Record<string, string>;
  actor?: AuthenticatedActor;
  /** Set by the case access guard for routes with RequireCaseAccess. */
  caseOwnership?: CaseOwnership;
}
