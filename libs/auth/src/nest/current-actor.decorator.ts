import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { CaseOwnership } from '../office-scope/office-scope';
import type { AuthenticatedActor } from '../roles/roles';
import type { AuthenticatedRequest } from './authenticated-request';

/** The verified actor of the request (routes that are not @Public()). */
export const CurrentActor = createParamDecorator(
  (_data: unknown, context: ExecutionContext): AuthenticatedActor => {
    const actor = context.switchToHttp().getRequest<AuthenticatedRequest>().actor;
    if (!actor) throw new Error('CurrentActor on a @Public() route');
    return actor;
  },
);

/** The ownership of the case the route names (routes with RequireCaseAccess). */
export const CurrentCaseOwnership = createParamDecorator(
  (_data: unknown, context: ExecutionContext): CaseOwnership => {
    const ownership = context.switchToHttp().getRequest<AuthenticatedRequest>().caseOwnership;
    if (!ownership) throw new Error('CurrentCaseOwnership on a route without RequireCaseAccess');
    return ownership;
  },
);
