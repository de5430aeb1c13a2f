import { Query, QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { queryAccessLog, type AccessLogEntry } from '@registry/projections';
import { DataSource } from 'typeorm';
import type { Actor } from '../shared/actor';
import { InputInvalid } from '../shared/validate-input';
import { ACCESS_LOG_RECORD_MESSAGE, recordAsLogged } from './access-log-record';

export interface AccessLogPage {
  readonly entries: readonly AccessLogEntry[];
  /** Pass as `from` for the next page; null when this page was not full. */
  readonly next: string | null;
}

export interface AccessLogRequest {
  readonly actorId?: string;
  readonly record?: string;
  readonly from?: string;
  readonly limit: number;
}

/** `GET /audit/access`: who read what, in log order, within the reader's member states. */
export class GetAccessLogQuery extends Query<AccessLogPage> {
  constructor(
    readonly actor: Actor,
    readonly request: AccessLogRequest,
  ) {
    super();
  }
}

@QueryHandler(GetAccessLogQuery)
export class GetAccessLogHandler implements IQueryHandler<GetAccessLogQuery> {
  constructor(private readonly readModels: DataSource) {}

  async execute({ actor, request }: GetAccessLogQuery): Promise<AccessLogPage> {
    if (request.from !== undefined && !/^\d{1,18}\/\d{1,18}$/.test(request.from)) {
      throw new InputInvalid([{ field: 'from', messages: ['from must be the `next` cursor of a previous page'] }]);
    }
    const record = request.record === undefined ? undefined : recordAsLogged(request.record);
    if (request.record !== undefined && record === undefined) {
      throw new InputInvalid([{ field: 'record', messages: [ACCESS_LOG_RECORD_MESSAGE] }]);
    }
    const entries = await queryAccessLog(this.readModels.manager, {
      memberStates: actor.memberStates,
      ...(request.actorId !== undefined && { actorId: request.actorId }),
      ...(record !== undefined && { record }),
      ...(request.from !== undefined && { after: request.from }),
      limit: request.limit,
    });
    return { entries, next: entries.length === request.limit ? (entries.at(-1)?.position ?? null) : null };
  }
}
