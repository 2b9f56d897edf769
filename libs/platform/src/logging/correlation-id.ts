import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';

export const correlationIdHeader = 'X-Correlation-Id';
const acceptable = /^[A-Za-z0-9._:-]{1,128}$/;

/** The caller's X-Correlation-Id when it is a sane token, else a new UUID; echoed in the response. */
export function correlationIdFor(request: IncomingMessage, response: ServerResponse): string {
  const given = request.headers[correlationIdHeader.toLowerCase()];
  const candidate = Array.isArray(given) ? given[0] : given;
  const id = candidate && acceptable.test(candidate) ? candidate : randomUUID();
  response.setHeader(correlationIdHeader, id);
  return id;
}
