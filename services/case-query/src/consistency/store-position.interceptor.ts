import {
  Inject,
  Injectable,
  UseInterceptors,
  applyDecorators,
  type CallHandler,
  type ExecutionContext,
  type NestInterceptor,
} from '@nestjs/common';
import { PLATFORM_CONFIG, ReadModelBehind, RequestValidationError } from '@dinsos/platform';
import { ApiHeader } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { map, type Observable } from 'rxjs';
import type { CaseQueryConfig } from '../case-query-config';
import { ReadModel } from '../read-model/read-model';

/** The position a client's command answered, to read its own write. */
export const minPositionHeader = 'X-Min-Position';
/** The store position an answer reflects. */
export const storePositionHeader = 'X-Store-Position';

/** The store's text form of a position (two fixed-width hex numbers, ordered as text). */
const positionText = /^[0-9a-f]{16}-[0-9a-f]{16}$/;

/** Whatever a route of this service answers: it says which store position it reflects. */
export interface Reflecting {
  reflects: string | null;
}

/**
 * Visible consistency for every read of the service: a request with `X-Min-Position` waits
 * (bounded by CASE_QUERY_MAX_WAIT_MS) until the read model has reached that position, else it is
 * a 503 with Retry-After; every answer carries the position it reflects in `X-Store-Position`
 * (and in its body's `reflects`). Runs after the guards, so only an authorised caller waits.
 */
@Injectable()
export class StorePositionInterceptor implements NestInterceptor {
  constructor(
    private readonly readModel: ReadModel,
    @Inject(PLATFORM_CONFIG) private readonly config: CaseQueryConfig,
  ) {}

  async intercept(context: ExecutionContext, next: CallHandler): Promise<Observable<unknown>> {
    const http = context.switchToHttp();
    const request = http.getRequest<Request>();
    const response = http.getResponse<Response>();
    const wanted = request.headers[minPositionHeader.toLowerCase()];
    if (wanted !== undefined) {
      if (typeof wanted !== 'string' || !positionText.test(wanted)) {
        throw new RequestValidationError([
          {
            in: 'header',
            path: minPositionHeader,
            message: "must be a store position as a command answered it ('position')",
          },
        ]);
      }
      const waitMs = this.config.CASE_QUERY_MAX_WAIT_MS;
      if (!(await this.readModel.waitFor(wanted, waitMs))) {
        const reflects = (await this.readModel.checkpoint()) ?? null;
        throw new ReadModelBehind(wanted, reflects, Math.max(1, Math.ceil(waitMs / 1000)));
      }
    }
    return next.handle().pipe(
      map((body: unknown) => {
        const reflects = (body as Partial<Reflecting> | null)?.reflects;
        if (typeof reflects === 'string') response.setHeader(storePositionHeader, reflects);
        return body;
      }),
    );
  }
}

/** On a controller: its answers name their store position and may wait for X-Min-Position. */
export function AtStorePosition(): ClassDecorator {
  return applyDecorators(
    UseInterceptors(StorePositionInterceptor),
    ApiHeader({
      name: minPositionHeader,
      required: false,
      description:
        "A store position (a command answer's `position`): wait until the answer reflects it (bounded; 503 with Retry-After otherwise)",
    }),
  );
}
