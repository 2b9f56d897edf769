import {
  HttpCode,
  Injectable,
  UseInterceptors,
  applyDecorators,
  createParamDecorator,
  type CallHandler,
  type ExecutionContext,
  type NestInterceptor,
} from '@nestjs/common';
import { ApiHeader, ApiResponse } from '@nestjs/swagger';
import type { AuthenticatedRequest } from '@dinsos/auth';
import type { Request, Response } from 'express';
import { map, type Observable } from 'rxjs';
import { RequestValidationError } from '../errors/errors';
import { parseIdempotencyKey, requestHash } from '../idempotency/idempotency-scope';
import type { CommandContext as CommandContextShape, CommandReply } from './command-executor';

/** Who sends a command and how (see command-executor): also the decorator that reads it. */
export type CommandContext = CommandContextShape;

/** `"<revision>"`: the ETag of a stream's revision. */
export function revisionETag(revision: number): string {
  return `"${revision}"`;
}

/**
 * The revision an If-Match header names, or undefined without one. Accepts `"3"` (what ETag
 * sent) and a bare `3`; `*` means "whatever it is now". Weak tags cannot guard a write.
 */
export function parseIfMatch(header: string | string[] | undefined): number | undefined {
  const value = (Array.isArray(header) ? header[0] : header)?.trim();
  if (value === undefined || value === '' || value === '*') return undefined;
  const match = /^"?(\d{1,15})"?$/.exec(value);
  if (!match) {
    throw new RequestValidationError([
      { in: 'header', path: 'If-Match', message: 'must be the ETag of the record, e.g. "3"' },
    ]);
  }
  return Number(match[1]);
}

/**
 * `@CommandContext() context: CommandContext`: the actor, correlation id, Idempotency-Key (required) and
 * If-Match of a command request, and the hash that tells a retry from another request.
 */
export const CommandContext = createParamDecorator(
  (_data: unknown, context: ExecutionContext): CommandContextShape => {
    const request = context.switchToHttp().getRequest<Request & AuthenticatedRequest>();
    if (!request.actor)
      throw new Error('@CommandContext() on a @Public() route: commands need an actor');
    return {
      actor: request.actor,
      correlationId: String(request.id),
      idempotencyKey: parseIdempotencyKey(request.headers['idempotency-key']),
      requestHash: requestHash(request.method, request.originalUrl.split('?')[0], request.body),
      expectedRevision: parseIfMatch(request.headers['if-match']),
    };
  },
);

/** Answers a CommandReply: the result as body, ETag, Location, and Idempotent-Replayed on a replay. */
@Injectable()
export class CommandResponseInterceptor implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const response = context.switchToHttp().getResponse<Response>();
    return next.handle().pipe(
      map((outcome: CommandReply) => {
        if (outcome.result.revision >= 0)
          response.setHeader('ETag', revisionETag(outcome.result.revision));
        if (outcome.location) response.setHeader('Location', outcome.location);
        if (outcome.replayed) response.setHeader('Idempotent-Replayed', 'true');
        return outcome.result;
      }),
    );
  }
}

const commandResultSchema = {
  type: 'object',
  required: ['streamId', 'revision', 'position', 'eventIds'],
  properties: {
    streamId: { type: 'string', example: 'visit-36-2026-0001' },
    revision: {
      type: 'integer',
      description: 'The stream revision after the command; also the ETag',
    },
    position: {
      type: 'string',
      nullable: true,
      description:
        'Store position of the last event: pass it to a read model to wait until it reflects the command',
    },
    eventIds: { type: 'array', items: { type: 'string', format: 'uuid' } },
  },
};

/**
 * Marks a controller method as a command: it returns `commands.execute(...)`'s outcome and answers
 * 201 (`created`) or 200 with ETag/Location; documents Idempotency-Key and If-Match.
 */
export function Command(options: { created?: boolean } = {}) {
  const status = options.created ? 201 : 200;
  return applyDecorators(
    HttpCode(status),
    UseInterceptors(CommandResponseInterceptor),
    ApiHeader({
      name: 'Idempotency-Key',
      required: true,
      description:
        'A new UUID per action. Sending the same request again with it returns the first answer.',
    }),
    ApiHeader({
      name: 'If-Match',
      required: false,
      description: 'The ETag (revision) the change is based on; 409 when the record changed since.',
    }),
    ApiResponse({
      status,
      description: 'The command was accepted and its events stored',
      schema: commandResultSchema,
      headers: {
        ETag: { description: 'The new revision', schema: { type: 'string' } },
        ...(options.created
          ? { Location: { description: 'The created resource', schema: { type: 'string' } } }
          : {}),
      },
    }),
    ApiResponse({
      status: 409,
      description: 'If-Match names an older revision (application/problem+json)',
    }),
    ApiResponse({
      status: 422,
      description:
        'A rule of the service forbids it, or the Idempotency-Key was used for another request',
    }),
  );
}
