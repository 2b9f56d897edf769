import { HttpException } from '@nestjs/common';
import {
  CategoryAccessDenied,
  EventNotSerialisable,
  EventTooLarge,
  InvalidStreamId,
  WrongExpectedVersion,
} from '@dinsos/event-store';
import { UploadNotAStream, UploadTooLarge } from '../limits/upload';
import {
  DomainRuleViolation,
  IdempotencyKeyReused,
  ReadModelBehind,
  RequestValidationError,
  type FieldProblem,
} from './errors';

export const problemContentType = 'application/problem+json';
const typeBase = 'urn:dinsos:problem:';

/** RFC 9457 problem details, with this project's extensions. */
export interface ProblemDetails {
  type: string;
  title: string;
  status: number;
  detail?: string;
  instance?: string;
  correlationId?: string;
  /** 400: every field problem. */
  errors?: FieldProblem[];
  /** 422: the broken rule's code. */
  rule?: string;
  /** 409: the stream's revision now (null: the record does not exist yet). */
  currentRevision?: number | null;
  [extension: string]: unknown;
}

export interface ProblemResponse {
  problem: ProblemDetails;
  headers: Record<string, string>;
  /** How the filter logs it: expected client errors are in the request log line already. */
  log: 'none' | 'warn' | 'error';
}

const titles: Record<number, string> = {
  400: 'The request is not valid',
  401: 'Sign in to continue',
  403: 'You may not do this',
  404: 'Not found',
  405: 'Method not allowed',
  406: 'Not acceptable',
  409: 'The record was changed by someone else',
  413: 'The request is too large',
  415: 'Unsupported content type',
  422: 'The action breaks a rule of the service',
  429: 'Too many requests',
  500: 'Something went wrong on our side',
  503: 'The service is not available right now',
};

const slugs: Record<number, string> = {
  400: 'bad-request',
  401: 'unauthenticated',
  403: 'forbidden',
  404: 'not-found',
  405: 'method-not-allowed',
  406: 'not-acceptable',
  409: 'conflict',
  413: 'payload-too-large',
  415: 'unsupported-media-type',
  422: 'unprocessable',
  429: 'too-many-requests',
  500: 'internal',
  503: 'unavailable',
};

function problem(
  status: number,
  slug: string | undefined,
  fields: Partial<ProblemDetails> = {},
): ProblemDetails {
  return {
    type: `${typeBase}${slug ?? slugs[status] ?? 'http-' + status}`,
    title: titles[status] ?? 'The request failed',
    status,
    ...fields,
  };
}

/** Errors of Express's body parser carry `type` and `status`. */
interface BodyParserError {
  type: string;
  status?: number;
  statusCode?: number;
  limit?: number;
  length?: number;
}

function isBodyParserError(error: unknown): error is BodyParserError {
  return (
    typeof error === 'object' &&
    error !== null &&
    typeof (error as { type?: unknown }).type === 'string' &&
    /^(entity\.|encoding\.|charset\.|request\.)/.test((error as { type: string }).type)
  );
}

function fromBodyParser(error: BodyParserError): ProblemResponse {
  switch (error.type) {
    case 'entity.parse.failed':
      return {
        problem: problem(400, 'malformed-json', { detail: 'The request body is not valid JSON.' }),
        headers: {},
        log: 'none',
      };
    case 'entity.too.large':
      return {
        problem: problem(413, 'body-too-large', {
          detail: `The request body is larger than the ${error.limit} bytes this service accepts. Send files through the upload endpoint.`,
          limitBytes: error.limit,
        }),
        headers: {},
        log: 'none',
      };
    case 'encoding.unsupported':
    case 'charset.unsupported':
      return {
        problem: problem(415, undefined, {
          detail: 'Send the body as UTF-8 JSON (Content-Type: application/json).',
        }),
        headers: {},
        log: 'none',
      };
    default:
      return {
        problem: problem(400, undefined, { detail: 'The request body could not be read.' }),
        headers: {},
        log: 'warn',
      };
  }
}

/**
 * The one mapping from what went wrong to what the client is told. Pure, so every case is
 * unit-tested; the exception filter only writes the result.
 */
export function problemFor(error: unknown): ProblemResponse {
  if (error instanceof RequestValidationError) {
    return {
      problem: problem(400, 'validation', {
        detail: `${error.errors.length} field${error.errors.length === 1 ? ' is' : 's are'} not valid.`,
        errors: error.errors,
      }),
      headers: {},
      log: 'none',
    };
  }
  if (isBodyParserError(error)) return fromBodyParser(error);
  if (error instanceof ReadModelBehind) {
    return {
      problem: problem(503, 'read-model-behind', {
        detail: error.message,
        wantedPosition: error.wanted,
        reflects: error.reflects,
      }),
      headers: { 'Retry-After': String(error.retryAfterSeconds) },
      log: 'none',
    };
  }
  if (error instanceof DomainRuleViolation) {
    return {
      problem: problem(422, 'domain-rule', {
        detail: error.message,
        rule: error.rule,
        ...(error.details ? { details: error.details } : {}),
      }),
      headers: {},
      log: 'none',
    };
  }
  if (error instanceof IdempotencyKeyReused) {
    return {
      problem: problem(422, 'idempotency-key-reused', { detail: error.message }),
      headers: {},
      log: 'none',
    };
  }
  if (error instanceof WrongExpectedVersion) {
    const current = error.actualRevision === 'noStream' ? null : error.actualRevision;
    return {
      problem: problem(409, 'revision-conflict', {
        detail:
          current === null
            ? 'The record does not exist yet. Reload and try again.'
            : `The record was changed by someone else: it is now at revision ${current}. Reload it, check the change, and try again.`,
        currentRevision: current,
      }),
      headers: current === null ? {} : { ETag: `"${current}"` },
      log: 'none',
    };
  }
  if (error instanceof CategoryAccessDenied) {
    // A service acting outside its own stream categories is a wiring fault, not the user's: it
    // is refused (nothing written) and logged so that operators see it.
    return {
      problem: problem(403, 'category-access-denied', {
        detail: 'This service may not write or read that record.',
      }),
      headers: {},
      log: 'warn',
    };
  }
  if (error instanceof EventTooLarge) {
    return {
      problem: problem(413, 'event-too-large', {
        detail:
          'The request holds more than one record can store. Shorten the text or send files through the upload endpoint.',
      }),
      headers: {},
      log: 'warn',
    };
  }
  if (error instanceof EventNotSerialisable) {
    return {
      problem: problem(400, 'validation', {
        detail: 'The request holds characters that cannot be stored.',
        errors: [
          { in: 'body', path: error.path.replace(/^event\.payload\.?/, ''), message: error.reason },
        ],
      }),
      headers: {},
      log: 'none',
    };
  }
  if (error instanceof UploadTooLarge) {
    return {
      problem: problem(413, 'upload-too-large', {
        detail: error.message,
        limitBytes: error.limitBytes,
      }),
      // The rest of the upload is not read: close the connection rather than drain it.
      headers: { Connection: 'close' },
      log: 'none',
    };
  }
  if (error instanceof UploadNotAStream) {
    return {
      problem: problem(415, undefined, { detail: error.message }),
      headers: {},
      log: 'none',
    };
  }
  if (error instanceof InvalidStreamId) {
    return {
      problem: problem(400, 'invalid-identifier', {
        detail: 'An identifier in the address is not valid.',
      }),
      headers: {},
      log: 'none',
    };
  }
  if (error instanceof HttpException) {
    const status = error.getStatus();
    const headers: Record<string, string> = status === 401 ? { 'WWW-Authenticate': 'Bearer' } : {};
    const detail =
      status === 429
        ? 'Too many requests in a short time. Wait a moment and try again.'
        : error.message || undefined;
    return {
      problem: problem(status, undefined, { detail }),
      headers,
      log: status >= 500 ? 'error' : 'none',
    };
  }
  return {
    problem: problem(500, 'internal', {
      detail: 'The error was logged; quote the correlation id when you report it.',
    }),
    headers: {},
    log: 'error',
  };
}
