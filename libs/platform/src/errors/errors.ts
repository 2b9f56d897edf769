/**
 * A rule of the service was broken (HTTP 422). `rule` is a stable code clients and tests match
 * on; `message` says, in words an officer understands, what is wrong and what to do instead.
 */
export class DomainRuleViolation extends Error {
  constructor(
    readonly rule: string,
    message: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = 'DomainRuleViolation';
  }
}

/** Where a bad value was: the body, a query or path parameter, or a header. */
export type FieldLocation = 'body' | 'query' | 'params' | 'header';

export interface FieldProblem {
  in: FieldLocation;
  /** Dotted path inside that location (`children.0.name`), or the header's name. */
  path: string;
  message: string;
}

/** The request does not have the shape the route asks for (HTTP 400 with every field problem). */
export class RequestValidationError extends Error {
  constructor(readonly errors: FieldProblem[]) {
    super(
      errors
        .map((error) => `${error.in}${error.path ? `.${error.path}` : ''}: ${error.message}`)
        .join('; '),
    );
    this.name = 'RequestValidationError';
  }
}

/** The Idempotency-Key was already used by this actor for another request (HTTP 422). */
export class IdempotencyKeyReused extends Error {
  constructor(readonly key: string) {
    super(
      `The Idempotency-Key ${key} was already used for a different request; use a new key for a new request.`,
    );
    this.name = 'IdempotencyKeyReused';
  }
}

/**
 * A read model has not reached the position a client asked for (a read after its own write,
 * `X-Min-Position`) within the time the service waits (HTTP 503 with Retry-After): nothing is
 * wrong, the client asks again shortly.
 */
export class ReadModelBehind extends Error {
  constructor(
    readonly wanted: string,
    readonly reflects: string | null,
    readonly retryAfterSeconds = 1,
  ) {
    super(
      `The read model reflects the store up to ${reflects ?? 'no event yet'}, not yet ${wanted}; try again in ${retryAfterSeconds} s.`,
    );
    this.name = 'ReadModelBehind';
  }
}
