import express from 'express';
import type { NextFunction, Request, Response } from 'express';

/**
 * The JSON body parser as Nest middleware: after the logging middleware (so a refused body is
 * logged with its correlation id) and awaited (so the request's log context survives parsing).
 * Errors (malformed JSON, body over the limit) reach the problem details filter.
 */
export function jsonBodyMiddleware(limitBytes: number) {
  const parse = express.json({
    limit: limitBytes,
    type: ['application/json', 'application/*+json'],
    strict: true,
  });
  return async function parseJsonBody(
    request: Request,
    response: Response,
    next: NextFunction,
  ): Promise<void> {
    await new Promise<void>((resolve, reject) =>
      parse(request, response, (error?: unknown) => (error ? reject(error) : resolve())),
    );
    next();
  };
}
