import { SetMetadata, applyDecorators } from '@nestjs/common';
import type { CaseAccess } from '../office-scope/office-scope';
import type { Role } from '../roles/roles';

export const PUBLIC_ROUTE = 'dinsos:public-route';
export const ALLOWED_ROLES = 'dinsos:allowed-roles';
export const CASE_ACCESS = 'dinsos:case-access';

/** No token needed (health, metrics). Every other route needs a verified token. */
export const Public = () => SetMetadata(PUBLIC_ROUTE, true);

/** Only these roles may call the route (403 for the others). */
export const Roles = (...roles: Role[]) => SetMetadata(ALLOWED_ROLES, roles);

export interface CaseAccessRequirement {
  access: Exclude<CaseAccess, 'none'>;
  /** The route parameter holding the case id. */
  param: string;
}

/**
 * The route reads (`read`) or changes (`act`) the case named by a route parameter. The case
 * access guard checks it against the ownership table: a case the actor's office may not see is
 * answered 404, exactly like a case that does not exist, and the attempt is logged.
 */
export const RequireCaseAccess = (
  access: CaseAccessRequirement['access'],
  options: { param?: string } = {},
) =>
  applyDecorators(
    SetMetadata(CASE_ACCESS, {
      access,
      param: options.param ?? 'caseId',
    } satisfies CaseAccessRequirement),
  );
