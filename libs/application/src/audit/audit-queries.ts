import { GetArt8TraceHandler } from '../statistics/art8-trace';
import { GetAccessLogHandler } from './access-log.query';
import { GetLogPageHandler } from './log-page.query';
import { VerifyLogHandler } from './verify-log.query';

/** The auditor's queries: the whole log, log verification, the access log, figure traces. */
export const AUDIT_QUERY_HANDLERS = [GetLogPageHandler, VerifyLogHandler, GetAccessLogHandler, GetArt8TraceHandler];
