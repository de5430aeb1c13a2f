import type { WriteResult } from '@registry/application';
import type { HttpReply } from './http-platform';
import { etagOf } from './request-context';

/** 201 when the command recorded something, 200 for an idempotent repeat; ETag is the stream revision. */
export const sendWriteResult = (response: HttpReply, result: WriteResult): WriteResult => {
  response.status(result.created ? 201 : 200);
  if (result.revision >= 0) response.header('ETag', etagOf(result.revision));
  return result;
};
