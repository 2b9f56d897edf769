import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import { ApiHeader } from '@nestjs/swagger';
import type { AuthenticatedActor, AuthenticatedRequest } from '@dinsos/auth';
import type { Request } from 'express';
import { RequestValidationError } from '../errors/errors';

/** The query parameter and the header a reader states their purpose in (either will do). */
export const purposeQueryParameter = 'purpose';
export const purposeHeader = 'X-Purpose';

/** What a recorded read needs to know of its request: who, why, and the request's correlation. */
export interface ReadContextShape {
  actor: AuthenticatedActor;
  /** As stated, trimmed: 3 to 500 characters. */
  purpose: string;
  correlationId: string;
}

/**
 * The stated purpose of a read: `?purpose=` or the `X-Purpose` header (the query wins). Missing,
 * shorter than 3 or longer than 500 characters: a 400 naming the parameter, before anything is
 * read, so no answer ever goes out without a purpose to record.
 */
export function statedPurposeOf(request: Pick<Request, 'query' | 'headers'>): string {
  const fromQuery = request.query?.[purposeQueryParameter];
  const fromHeader = request.headers?.[purposeHeader.toLowerCase()];
  const raw = [fromQuery, fromHeader]
    .map((value) => (Array.isArray(value) ? value[0] : value))
    .find((value) => typeof value === 'string' && value.trim().length > 0);
  const purpose = typeof raw === 'string' ? raw.trim() : '';
  if (purpose.length < 3 || purpose.length > 500) {
    throw new RequestValidationError([
      {
        in: 'query',
        path: purposeQueryParameter,
        message: `state the purpose of this read (3 to 500 characters), as ?${purposeQueryParameter}= or the ${purposeHeader} header`,
      },
    ]);
  }
  return purpose;
}

/**
 * `@ReadContext() context: ReadContextShape` on a read-side route whose reads are recorded (the
 * audit service): the actor, the stated purpose (required, see statedPurposeOf) and the request's
 * correlation id, for the record of the read.
 */
export const ReadContext = createParamDecorator(
  (_data: unknown, context: ExecutionContext): ReadContextShape => {
    const request = context.switchToHttp().getRequest<Request & AuthenticatedRequest>();
    if (!request.actor) throw new Error('@ReadContext() on a @Public() route: reads need an actor');
    return {
      actor: request.actor,
      purpose: statedPurposeOf(request),
      correlationId: String(request.id),
    };
  },
);

/** Documents the X-Purpose header on a controller or route (the `purpose` query parameter is its request schema's). */
export function ApiStatedPurpose(): ClassDecorator & MethodDecorator {
  return ApiHeader({
    name: purposeHeader,
    required: false,
    description: `Why you read this (3–500 characters), when not given as ?${purposeQueryParameter}=; one of the two is required, and recorded with the read`,
  });
}
