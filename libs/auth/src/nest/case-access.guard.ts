import {
  ForbiddenException,
  Inject,
  Injectable,
  Logger,
  NotFoundException,
  type CanActivate,
  type ExecutionContext,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { caseAccessOf, type CaseAccess, type CaseOwnership } from '../office-scope/office-scope';
import type { OwnershipReader } from '../ownership/ownership-table';
import { CASE_ACCESS, type CaseAccessRequirement } from './auth-metadata';
import type { AuthenticatedActor } from '../roles/roles';
import type { AuthenticatedRequest } from './authenticated-request';
import { OWNERSHIP_READER } from './tokens';

/** The answer to an unknown case and to a case of another office: the same, so neither is revealed. */
export function caseNotFound(caseId: string, hint?: string): NotFoundException {
  return new NotFoundException(`No case ${caseId} was found.${hint ? ` ${hint}` : ''}`);
}

/**
 * The one decision on a case request: the access the actor has to the case with this ownership
 * (undefined: no such case), or a 404 identical to an unknown case — logged in full here, since
 * the caller must not learn that another office's case exists — or a 403 for a read-only office
 * asked to act. The guard uses it; so does a service that reads ownership from its own stream.
 */
export function enforceCaseAccess(
  actor: AuthenticatedActor,
  caseId: string,
  ownership: CaseOwnership | undefined,
  needed: Exclude<CaseAccess, 'none'>,
  log: Pick<Logger, 'warn'>,
  notFoundHint?: string,
): CaseAccess {
  const access = ownership ? caseAccessOf(actor, ownership) : 'none';
  if (access === 'none') {
    // (The actor itself is on every line of the request through the log binder.)
    log.warn({
      msg: 'case access refused',
      caseId,
      refusal: ownership ? 'outside the office scope of the actor' : 'unknown case',
      owningOfficeCode: ownership?.owningOfficeCode,
      actorOfficeCode: actor.officeCode,
      actorRole: actor.role,
    });
    throw caseNotFound(caseId, notFoundHint);
  }
  if (needed === 'act' && access === 'read') {
    throw new ForbiddenException('Your office may read this case but not change it.');
  }
  return access;
}

/**
 * Global guard for routes with RequireCaseAccess: the one place office scope is enforced on a
 * case. Runs after the authentication guard.
 */
@Injectable()
export class CaseAccessGuard implements CanActivate {
  private readonly log = new Logger('CaseAccess');

  constructor(
    private readonly reflector: Reflector,
    @Inject(OWNERSHIP_READER) private readonly ownership: OwnershipReader,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'http') return true;
    const requirement = this.reflector.getAllAndOverride<CaseAccessRequirement | undefined>(
      CASE_ACCESS,
      [context.getHandler(), context.getClass()],
    );
    if (!requirement) return true;
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const actor = request.actor;
    if (!actor)
      throw new Error(
        'RequireCaseAccess on a @Public() route: the case access guard needs an actor',
      );
    const caseId = request.params[requirement.param];
    if (typeof caseId !== 'string' || caseId.length === 0) {
      throw new Error(`RequireCaseAccess: the route has no parameter :${requirement.param}`);
    }
    const ownership = await this.ownership.find(caseId);
    enforceCaseAccess(
      actor,
      caseId,
      ownership,
      requirement.access,
      this.log,
      this.ownership.notFoundHint,
    );
    request.caseOwnership = ownership;
    return true;
  }
}
