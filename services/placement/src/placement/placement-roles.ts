import type { Role } from '@dinsos/auth';

/** Who acts on a placement: placement officers and supervisors; the others read by office scope. */
export const placementActors: Role[] = ['placement-officer', 'supervisor'];
