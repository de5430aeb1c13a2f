import { randomUUID } from 'node:crypto';
import {
  Injectable,
  ServiceUnavailableException,
  type CallHandler,
  type ExecutionContext,
  type NestInterceptor,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AccessLog, AccessLogUnavailable, accessEvents, parsePurpose, type AccessSubject } from '@registry/application';
import type { HttpRequest } from './http-platform';
import { mergeMap, type Observable } from 'rxjs';
import { actorOf, correlationIdOf } from './request-context';

export const ACCESS_LOGGED_KEY = 'registry:access-logged';

const ASCII = /^[\x00-\x7f]*$/;
const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * A header's text as the client wrote it. Node hands header values over as latin1, one character a byte, while
 * clients send UTF-8: “Prüfung” arrived as “PrÃ¼fung”, and text with bytes 0x80–0x9f (– ’ ł) as control
 * characters, which a purpose refuses. Bytes that are not UTF-8 are read as latin1, as they came.
 */
const headerText = (value: unknown): unknown => {
  if (typeof value !== 'string' || ASCII.test(value)) return value;
  try {
    return utf8.decode(Buffer.from(value, 'latin1'));
  } catch {
    return value;
  }
};

/** What a successful read touched, from the request and the answer about to be sent (ids only, never content). */
export type AccessDescriber = (request: HttpRequest, body: unknown) => readonly AccessSubject[];

/**
 * Records each successful read of an @AccessLogged route before its answer leaves: refusals and 404s record
 * nothing (they disclose nothing). A failed write answers 503 instead of the data.
 */
@Injectable()
export class AccessLogInterceptor implements NestInterceptor {
  constructor(
    private readonly reflector: Reflector,
    private readonly accessLog: AccessLog,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const describe = this.reflector.get<AccessDescriber | undefined>(ACCESS_LOGGED_KEY, context.getHandler());
    const request = context.switchToHttp().getRequest<HttpRequest>();
    // A malformed purpose is refused before anything is read.
    const purpose = parsePurpose(headerText(request.headers['x-purpose']));
    return next.handle().pipe(
      mergeMap(async (body: unknown) => {
        if (!describe) return body;
        const actor = actorOf(request);
        const correlationId = correlationIdOf(request) ?? randomUUID();
        const events = accessEvents(describe(request, body), purpose, 'HTTP');
        try {
          await this.accessLog.record(events.map((event) => ({ context: { actor, correlationId }, event })));
        } catch (error) {
          if (error instanceof AccessLogUnavailable) throw new ServiceUnavailableException(error.message);
          throw error;
        }
        return body;
      }),
    );
  }
}
