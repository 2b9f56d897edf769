import type { NextFunction, Request, Response } from 'express';
import type { ServiceMetrics } from './service-metrics';

/** Times every request; labels it with its route template (`/cases/:caseId/visits`), never the raw path. */
export function httpMetricsMiddleware(metrics: ServiceMetrics) {
  return function measureRequest(request: Request, response: Response, next: NextFunction): void {
    const stop = metrics.httpRequestDuration.startTimer();
    response.once('finish', () => {
      const route = (request.route as { path?: string } | undefined)?.path;
      stop({
        method: request.method,
        route: route ?? 'unmatched',
        status: String(response.statusCode),
      });
    });
    next();
  };
}
