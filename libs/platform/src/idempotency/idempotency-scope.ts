import canonicalize from 'canonicalize';
import { createHash } from 'node:crypto';
import { v5 as uuidv5 } from 'uuid';
import { RequestValidationError } from '../errors/errors';

/** Whose key it is: the same key of another service, office or actor is another key. */
export interface IdempotencyScope {
  service: string;
  officeCode: string;
  actorId: string;
  key: string;
}

const acceptableKey = /^[\x21-\x7e]{8,200}$/;

/** The Idempotency-Key header: 8–200 visible ASCII characters (a UUID is the usual choice). */
export function parseIdempotencyKey(header: string | string[] | undefined): string {
  const value = Array.isArray(header) ? header[0] : header;
  if (value === undefined || value.trim() === '') {
    throw new RequestValidationError([
      {
        in: 'header',
        path: 'Idempotency-Key',
        message: 'is required on commands: send a new UUID per action',
      },
    ]);
  }
  if (!acceptableKey.test(value)) {
    throw new RequestValidationError([
      {
        in: 'header',
        path: 'Idempotency-Key',
        message: 'must be 8 to 200 visible ASCII characters',
      },
    ]);
  }
  return value;
}

/**
 * What "the same request" means for a key: the same method, path and JSON body (compared in
 * canonical form, so key order and spacing do not matter).
 */
export function requestHash(method: string, path: string, body: unknown): string {
  const text = `${method.toUpperCase()} ${path}\n${canonicalize(body ?? null) ?? 'null'}`;
  return createHash('sha256').update(text).digest('hex');
}

/** The namespace of all ids this platform derives (a fixed random UUID; never change it). */
export const eventIdNamespace = '3c5f0b52-8d7e-4c1a-9a55-6f2b1e0d7c94';

/**
 * The id of the index-th event a command with this key appends: a retry of the command derives
 * the same ids, so even an append that outlived its idempotency record cannot duplicate.
 */
export function commandEventId(scope: IdempotencyScope, index: number): string {
  return uuidv5(
    ['command', scope.service, scope.officeCode, scope.actorId, scope.key, String(index)].join(
      '\n',
    ),
    eventIdNamespace,
  );
}

/**
 * The id of the index-th event a reaction appends: from (service, causation eventId, handler)
 * only. The service is part of it because event ids are unique in the one store of the whole
 * system: two services may well both have a reaction named, say, `start-on-case-opened`.
 */
export function reactionEventId(
  service: string,
  causationEventId: string,
  handler: string,
  index: number,
): string {
  return uuidv5(
    ['reaction', service, causationEventId, handler, String(index)].join('\n'),
    eventIdNamespace,
  );
}
