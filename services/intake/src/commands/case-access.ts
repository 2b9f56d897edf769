import { ForbiddenException, Logger } from '@nestjs/common';
import {
  caseAccessOf,
  caseNotFound,
  type AuthenticatedActor,
  type CaseAccess,
  type CaseOwnership,
} from '@dinsos/auth';
import type { IntakeCaseState } from '../domain/intake-case';

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
  const ownership = ownershipOf(caseId, state);
  const access = ownership ? caseAccessOf(actor, ownership) : 'none';
  if (access === 'none') {
    log.warn({
      msg: 'case access refused',
      caseId,
      refusal: ownership ? 'outside the office scope of the actor' : 'unknown case',
      owningOfficeCode: ownership?.owningOfficeCode,
      actorOfficeCode: actor.officeCode,
      actorRole: actor.role,
    });
    throw caseNotFound(caseId);
  }
  if (needed === 'act' && access === 'read') {
    throw new ForbiddenException('Your office may read this case but not change it.');
  }
  return access;
}
