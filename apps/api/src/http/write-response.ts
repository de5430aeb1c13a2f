import type { WriteResult } from '@registry/application';
import type { HttpReply } from './http-platform';
import { etagOf } from './request-context';

/**
 * 201 when the command recorded something, 200 for an idempotent repeat; ETag is the stream revision. A replay
 * under the same Idempotency-Key answers exactly what the first request was answered (contract.md).
 */
export const sendWriteResult = (response: HttpReply, { replayed: _replayed, ...result }: WriteResult): WriteResult => {
  response.status(result.created ? 201 : 200);
  if (result.revision >= 0) response.header('ETag', etagOf(result.revision));
  return result;
};
