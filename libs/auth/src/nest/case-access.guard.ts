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
import { caseAccessOf } from '../office-scope/office-scope';
import type { OwnershipReader } from '../ownership/ownership-table';
import { CASE_ACCESS, type CaseAccessRequirement } from './auth-metadata';
import type { AuthenticatedRequest } from './authenticated-request';
import { OWNERSHIP_READER } from './tokens';

/** The answer to an unknown case and to a case of another office: the same, so neither is revealed. */
export function caseNotFound(caseId: string): NotFoundException {
  return new NotFoundException(`No case ${caseId} was found.`);
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
    const access = ownership ? caseAccessOf(actor, ownership) : 'none';
    if (access === 'none') {
      // Logged in full here, answered 404 to the caller: another office's case must look absent.
      // (The actor itself is on every line of the request through the log binder.)
      this.log.warn({
        msg: 'case access refused',
        caseId,
        refusal: ownership ? 'outside the office scope of the actor' : 'unknown case',
        owningOfficeCode: ownership?.owningOfficeCode,
        actorOfficeCode: actor.officeCode,
        actorRole: actor.role,
      });
      throw caseNotFound(caseId);
    }
    if (requirement.access === 'act' && access === 'read') {
      throw new ForbiddenException('Your office may read this case but not change it.');
    }
    request.caseOwnership = ownership;
    return true;
  }
}
