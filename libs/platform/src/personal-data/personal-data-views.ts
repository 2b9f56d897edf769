import { ForbiddenException } from '@nestjs/common';
import { isPersonalFieldValue } from '@dinsos/contracts';
import type { Actor } from '@dinsos/event-store';
import type { DataAccess, DataAccessPurpose } from '@dinsos/personal-data';

/**
 * How a view shows personal fields: decrypted only with a purpose, and only for a role that may
 * read for it; without a purpose each is marked withheld, so the reader sees that it is there,
 * not what it says. A service declares its rule once (`purposeRule`), asks it for the access of
 * a request (`accessFor`: the kit's 403 in words when the role may not), and reads each event's
 * payload with `PersonalFields.payloadFor(event, access)`: decrypted with an access, withheld
 * without one.
 */

/** A personal field shown without a purpose: that it is there, not what it says. */
export const withheldField = Object.freeze({ withheld: true as const });
export type WithheldField = typeof withheldField;

/**
 * A copy of a value (a payload, an object or list within one) with every personal field, at any
 * depth, replaced by `withheldField`; erased fields too. Everything else is kept as it is.
 */
export function withheldPersonalFields(value: unknown): unknown {
  if (isPersonalFieldValue(value)) return withheldField;
  if (Array.isArray(value)) return value.map(withheldPersonalFields);
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value).map(([key, child]) => [key, withheldPersonalFields(child)]),
    );
  }
  return value;
}

/** Which roles may read a view's personal fields, and for which purpose (`purposeRule`). */
export interface PurposeRule<P extends DataAccessPurpose> {
  /** The purposes a reader may name (for the query's schema). */
  readonly purposes: readonly [P, ...P[]];
  /** Whether the role may decrypt for the purpose. */
  allows(role: string, purpose: P): boolean;
  /** Refuses a purpose the actor's role may not read for (403, in words); no purpose is fine. */
  assertMayRead(actor: Pick<Actor, 'role'>, purpose: P | undefined): void;
  /**
   * The access to decrypt with: `{ actor, purpose }` when a purpose is named and the role may
   * read for it, undefined without a purpose (the fields are then withheld); 403 otherwise.
   * Ask before anything is read.
   */
  accessFor(actor: Actor, purpose: P | undefined): DataAccess | undefined;
}

/**
 * A view's rule of who reads its personal fields for what. `record` names what is read, as the
 * refusal says it ("the assessment"); `roles` lists, for each purpose the view allows, the roles
 * that may decrypt for it.
 *
 * ```ts
 * const reading = purposeRule({
 *   record: 'the tracing',
 *   roles: { familyTracing: ['tracing-officer', 'supervisor'], audit: ['auditor'] },
 * });
 * const access = reading.accessFor(actor, query.purpose); // 403 for a social worker's audit
 * const payload = await fields.payloadFor(event, access); // decrypted, or withheld
 * ```
 */
export function purposeRule<P extends DataAccessPurpose>(options: {
  record: string;
  roles: Readonly<Record<P, readonly string[]>>;
}): PurposeRule<P> {
  const purposes = Object.keys(options.roles) as P[];
  if (purposes.length === 0) throw new Error(`${options.record}: a purpose rule needs a purpose`);
  const allows = (role: string, purpose: P) => options.roles[purpose]?.includes(role) ?? false;
  const assertMayRead = (actor: Pick<Actor, 'role'>, purpose: P | undefined) => {
    if (purpose !== undefined && !allows(actor.role, purpose)) {
      throw new ForbiddenException(
        `A ${actor.role} may read ${options.record}, but not its personal fields for ${purpose}: ask without a purpose.`,
      );
    }
  };
  return {
    purposes: purposes as [P, ...P[]],
    allows,
    assertMayRead,
    accessFor(actor, purpose) {
      assertMayRead(actor, purpose);
      return purpose === undefined ? undefined : { actor, purpose };
    },
  };
}
