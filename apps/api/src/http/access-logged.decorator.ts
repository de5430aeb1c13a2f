import { applyDecorators, SetMetadata, UseInterceptors } from '@nestjs/common';
import { ApiHeader } from '@nestjs/swagger';
import { ACCESS_LOGGED_KEY, AccessLogInterceptor, type AccessDescriber } from './access-log.interceptor';

/**
 * The route reads record-level data or exports statistics: its answer is sent only once the access record
 * (who, role, what, X-Purpose, when) is durable in the log; if it cannot be written, the read fails (ADR 0006).
 */
export const AccessLogged = (describe: AccessDescriber) =>
  applyDecorators(
    SetMetadata(ACCESS_LOGGED_KEY, describe),
    UseInterceptors(AccessLogInterceptor),
    ApiHeader({
      name: 'X-Purpose',
      required: false,
      description: 'Why the data is read; kept in the access log (one line, at most 200 characters, UTF-8)',
    }),
  );
