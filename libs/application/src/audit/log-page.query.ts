import { Inject } from '@nestjs/common';
import { Query, QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { START_OF_LOG, type EventStore, type LogPosition } from '@registry/event-store';
import { historyEntryOf, type HistoryEntry } from '../history/get-stream-history';
import type { Actor } from '../shared/actor';
import { maySeeEventsOf } from '../shared/member-state-scope';
import { EVENT_STORE } from '../shared/tokens';
import { InputInvalid } from '../shared/validate-input';

export const MAX_PAGE = 1000;

/** One page of the whole log in log order, and where the next page starts. */
export interface LogPage {
  readonly events: readonly HistoryEntry[];
  /** Pass as `from` for the next page (the position of the last event read, shown or not). */
  readonly next: LogPosition;
  /** True when the page reached the end of the log as it stood. */
  readonly isEnd: boolean;
}

/**
 * `GET /audit/log?from=…&limit=…`: `from` is a cursor (`next` of the previous page) or a global position (the
 * page starts after that event); absent or 0, the start of the log. Events of member states outside the
 * reader's scope are read past but not shown. Events are as stored (sealed personal fields stay sealed), so a
 * third party can recompute the notary's chain from the pages (docs/audit-verification.md); a stream's history
 * opens the sealed fields for its auditor.
 */
export class GetLogPageQuery extends Query<LogPage> {
  constructor(
    readonly actor: Actor,
    readonly from: string | undefined,
    readonly limit: number,
  ) {
    super();
  }
}

@QueryHandler(GetLogPageQuery)
export class GetLogPageHandler implements IQueryHandler<GetLogPageQuery> {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  async execute({ actor, from, limit }: GetLogPageQuery): Promise<LogPage> {
    const after = await this.cursor(from);
    const { events, next, isEnd } = await this.store.readAll({
      after,
      maxCount: Math.min(Math.max(1, limit), MAX_PAGE),
    });
    const visible = events.filter(({ metadata: { memberState } }) => maySeeEventsOf(actor, memberState));
    return { events: visible.map(historyEntryOf), next, isEnd };
  }

  private async cursor(from: string | undefined): Promise<LogPosition> {
    if (from === undefined || from === '' || from === '0') return START_OF_LOG;
    if (/^\d{1,18}\/\d{1,18}$/.test(from)) return from;
    if (/^\d{1,18}$/.test(from)) {
      const position = await this.store.logPositionOf(BigInt(from));
      if (position !== undefined) return position;
      throw new InputInvalid([{ field: 'from', messages: [`no event has global position ${from}`] }]);
    }
    throw new InputInvalid([
      { field: 'from', messages: ['from must be a global position or the `next` cursor of a previous page'] },
    ]);
  }
}
