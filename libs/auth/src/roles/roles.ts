/** The roles of DESIGN.md section 6, as they appear in a token's `role` claim. */
export const roles = [
  'intake-officer',
  'social-worker',
  'tracing-officer',
  'placement-officer',
  'complaints-officer',
  'supervisor',
  'auditor',
  'analyst',
  'admin',
] as const;

export type Role = (typeof roles)[number];

/** Officers and supervisors: the people who act on cases of the offices they cover. */
export const caseWorkerRoles = [
  'intake-officer',
  'social-worker',
  'tracing-officer',
  'placement-officer',
  'complaints-officer',
  'supervisor',
] as const satisfies readonly Role[];

/** Every role that may read a case it is entitled to see (auditors read, never act). */
export const caseReaderRoles = [...caseWorkerRoles, 'auditor'] as const satisfies readonly Role[];

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (roles as readonly string[]).includes(value);
}

/**
 * Who did something: a person (from a verified token) or a service account (reactions), in the
 * role and office they acted in. Structurally the event store's `Actor`.
 */
export interface AuthenticatedActor {
  id: string;
  role: Role;
  officeCode: string;
}
