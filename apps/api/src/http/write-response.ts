import type { WriteResult } from '@registry/application';
import type { Response } from 'express';
import { etagOf } from './request-context';

/** 201 when the command recorded something, 200 for an idempotent repeat; ETag is the stream revision. */
export const sendWriteResult = (response: Response, result: WriteResult): WriteResult => {
  response.status(result.created ? 201 : 200);
  if (result.revision >= 0) response.setHeader('ETag', etagOf(result.revision));
  return result;
};
