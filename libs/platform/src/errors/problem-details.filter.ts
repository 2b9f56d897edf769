import { Catch, Logger, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import type { Request, Response } from 'express';
import { problemContentType, problemFor } from './problem-details';

/** Every error of every route, answered as `application/problem+json` (RFC 9457). */
@Catch()
export class ProblemDetailsFilter implements ExceptionFilter {
  private readonly log = new Logger('Problem');

  catch(error: unknown, host: ArgumentsHost): void {
    if (host.getType() !== 'http') throw error;
    const request = host.switchToHttp().getRequest<Request>();
    const response = host.switchToHttp().getResponse<Response>();
    const { problem, headers, log } = problemFor(error);
    const correlationId = typeof request.id === 'string' ? request.id : undefined;
    const body = {
      ...problem,
      instance: request.originalUrl?.split('?')[0],
      ...(correlationId ? { correlationId } : {}),
    };
    if (log === 'error')
      this.log.error({ msg: 'request failed', err: error, status: problem.status });
    else if (log === 'warn')
      this.log.warn({ msg: 'request refused', err: error, status: problem.status });
    if (response.headersSent) {
      response.end();
      return;
    }
    for (const [name, value] of Object.entries(headers)) response.setHeader(name, value);
    response.status(problem.status).type(problemContentType).send(JSON.stringify(body));
  }
}
