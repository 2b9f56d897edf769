import {
  BadRequestException,
  ForbiddenException,
  NotFoundException,
  UnauthorizedException,
} from '@nestjs/common';
import { ThrottlerException } from '@nestjs/throttler';
import {
  CategoryAccessDenied,
  EventNotSerialisable,
  EventTooLarge,
  WrongExpectedVersion,
} from '@dinsos/event-store';
import {
  DomainRuleViolation,
  IdempotencyKeyReused,
  ReadModelBehind,
  RequestValidationError,
} from './errors';
import { problemFor } from './problem-details';

describe('problem details (RFC 9457) for every kind of failure', () => {
  it('400 with every field problem for a request that does not validate', () => {
    const { problem } = problemFor(
      new RequestValidationError([
        { in: 'body', path: 'plannedOn', message: 'Invalid ISO date' },
        { in: 'header', path: 'Idempotency-Key', message: 'is required' },
      ]),
    );
    expect(problem).toMatchObject({
      type: 'urn:dinsos:problem:validation',
      status: 400,
      title: 'The request is not valid',
      detail: '2 fields are not valid.',
      errors: [
        { in: 'body', path: 'plannedOn', message: 'Invalid ISO date' },
        { in: 'header', path: 'Idempotency-Key', message: 'is required' },
      ],
    });
  });

  it("403, not 500, when the store refuses a service's append to another's category", () => {
    const response = problemFor(new CategoryAccessDenied('append', 'placement', 'dinsos_intake'));
    expect(response.problem).toMatchObject({
      status: 403,
      type: 'urn:dinsos:problem:category-access-denied',
    });
    expect(response.problem.detail).not.toMatch(/dinsos_intake|placement/);
    expect(response.log).toBe('warn');
  });

  it('400 for malformed JSON and 413 for a body over the limit, from the body parser', () => {
    expect(problemFor({ type: 'entity.parse.failed', status: 400 }).problem).toMatchObject({
      status: 400,
      type: 'urn:dinsos:problem:malformed-json',
    });
    expect(
      problemFor({ type: 'entity.too.large', status: 413, limit: 184_320 }).problem,
    ).toMatchObject({
      status: 413,
      limitBytes: 184_320,
    });
  });

  it('409 with the current revision (and its ETag) for an expected-revision conflict', () => {
    const response = problemFor(new WrongExpectedVersion('visit-1', 2, 4));
    expect(response.problem).toMatchObject({
      status: 409,
      type: 'urn:dinsos:problem:revision-conflict',
      currentRevision: 4,
    });
    expect(response.headers).toEqual({ ETag: '"4"' });
    expect(
      problemFor(new WrongExpectedVersion('visit-1', 0, 'noStream')).problem.currentRevision,
    ).toBeNull();
  });

  it('422 naming the broken rule in plain words', () => {
    const { problem } = problemFor(
      new DomainRuleViolation(
        'visit-already-cancelled',
        'This visit was cancelled, so no outcome can be recorded for it.',
      ),
    );
    expect(problem).toMatchObject({
      status: 422,
      rule: 'visit-already-cancelled',
      detail: 'This visit was cancelled, so no outcome can be recorded for it.',
    });
    expect(problemFor(new IdempotencyKeyReused('k-1')).problem).toMatchObject({
      status: 422,
      type: 'urn:dinsos:problem:idempotency-key-reused',
    });
  });

  it('401 with WWW-Authenticate, 403, 404 and 429 from Nest and the throttler', () => {
    const unauthenticated = problemFor(
      new UnauthorizedException('Sign in again: the token has expired.'),
    );
    expect(unauthenticated.problem).toMatchObject({
      status: 401,
      detail: 'Sign in again: the token has expired.',
    });
    expect(unauthenticated.headers).toEqual({ 'WWW-Authenticate': 'Bearer' });
    expect(problemFor(new ForbiddenException()).problem.status).toBe(403);
    expect(problemFor(new NotFoundException('No case c-1 was found.')).problem).toMatchObject({
      status: 404,
      detail: 'No case c-1 was found.',
    });
    expect(problemFor(new ThrottlerException()).problem).toMatchObject({
      status: 429,
      type: 'urn:dinsos:problem:too-many-requests',
    });
    expect(problemFor(new BadRequestException('x')).problem.status).toBe(400);
  });

  it('413 when the stored event would be too large, 400 for characters that cannot be stored', () => {
    expect(problemFor(new EventTooLarge('e-1', 300_000, 262_144)).problem.status).toBe(413);
    expect(
      problemFor(new EventNotSerialisable('e-1', 'event.payload.notes', 'contains \\u0000'))
        .problem,
    ).toMatchObject({
      status: 400,
      errors: [{ in: 'body', path: 'notes', message: 'contains \\u0000' }],
    });
  });

  it('503 with Retry-After, not logged as an error, when a read model is short of a position', () => {
    const response = problemFor(new ReadModelBehind('00000000000000ff-0000000000000000', null, 2));
    expect(response.problem).toMatchObject({
      status: 503,
      type: 'urn:dinsos:problem:read-model-behind',
      wantedPosition: '00000000000000ff-0000000000000000',
      reflects: null,
    });
    expect(response.headers).toEqual({ 'Retry-After': '2' });
    expect(response.log).toBe('none');
  });

  it('500 without details for anything unexpected, and asks for it to be logged', () => {
    const response = problemFor(
      new Error('connection to 10.0.0.5 refused: password for dinsos_app'),
    );
    expect(response.problem.status).toBe(500);
    expect(JSON.stringify(response.problem)).not.toContain('10.0.0.5');
    expect(response.log).toBe('error');
  });
});
