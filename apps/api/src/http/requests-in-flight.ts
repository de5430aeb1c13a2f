import type { CallHandler, ExecutionContext, NestInterceptor } from '@nestjs/common';
import { finalize, type Observable } from 'rxjs';

/**
 * Counts the route handlers still running, so that a shutdown can let them finish before it closes the
 * database pools: closing the HTTP server only stops new connections, and a handler whose client has gone is
 * still writing.
 */
export class RequestsInFlight implements NestInterceptor {
  private running = 0;
  private waiting: (() => void)[] = [];

  intercept(_context: ExecutionContext, next: CallHandler): Observable<unknown> {
    this.running++;
    return next.handle().pipe(
      finalize(() => {
        this.running--;
        if (this.running > 0) return;
        for (const wake of this.waiting.splice(0)) wake();
      }),
    );
  }

  get count(): number {
    return this.running;
  }

  /** Resolves true once no handler runs, or false after `timeoutMs` with some still running. */
  async drained(timeoutMs: number): Promise<boolean> {
    if (this.running === 0) return true;
    let timer: NodeJS.Timeout | undefined;
    const idle = new Promise<boolean>((resolve) => this.waiting.push(() => resolve(true)));
    const late = new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), timeoutMs)));
    try {
      return await Promise.race([idle, late]);
    } finally {
      clearTimeout(timer);
    }
  }
}
