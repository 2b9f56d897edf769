import { Logger } from '@nestjs/common';
import {
  enforceCaseAccess,
  type AuthenticatedActor,
  type CaseAccess,
  type CaseOwnership,
} from '@dinsos/auth';
import type { IntakeCaseState } from './intake-case.decider';

const log = new Logger('CaseAccess');

/**
 * Intake's office scope on a case, from the case's own stream (intake writes it, so it never
 * lags behind): the auth lib's one rule (`caseAccessOf`) over the owning office and the read
 * grants of transfers. A case the actor may not see is 404, exactly like an unknown case.
 */
export function ownershipOf(caseId: string, state: IntakeCaseState): CaseOwnership | undefined {
  if (state.status === 'none' || !state.owningOfficeCode) return undefined;
  return {
    caseId,
    owningOfficeCode: state.owningOfficeCode,
    readGrantOfficeCodes: state.readGrantOfficeCodes,
  };
}

export function requireCaseAccess(
  actor: AuthenticatedActor,
  caseId: string,
  state: IntakeCaseState,
  needed: Exclude<CaseAccess, 'none'>,
): CaseAccess {
  return enforceCaseAccess(actor, caseId, ownershipOf(caseId, state), needed, log);
}
