import { Injectable, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import { finalize, type Observable } from 'rxjs';
import { routeOf, type HttpReply, type HttpRequest } from '../http/http-platform';
import { MetricsRegistry } from './metrics-registry';

/** Counts and times every routed request under its route pattern (`/api/v1/reports/:id`), not its path. */
@Injectable()
export class MetricsInterceptor implements NestInterceptor {
  constructor(private readonly metrics: MetricsRegistry) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const started = process.hrtime.bigint();
    const http = context.switchToHttp();
    const request = http.getRequest<HttpRequest>();
    const response = http.getResponse<HttpReply>();
    return next.handle().pipe(
      finalize(() => {
        const route = routeOf(request) ?? 'unrouted';
        const seconds = Number(process.hrtime.bigint() - started) / 1e9;
        // finalize runs before an error filter sets the status; a thrown request still counts, as 500 at worst.
        this.metrics.observeRequest(request.method, route, response.statusCode, seconds);
      }),
    );
  }
}
