import { eventTypeFilter, excludeSystemEvents, streamNameFilter, type Filter } from '@eventstore/db-client';
import type { LogFilter } from '../event-store';

const escapeRegex = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * The server filters on one thing only, stream name *or* event type, so subscriptions send the more
 * selective one (categories) and the client re-applies the whole LogFilter (matchesFilter). Regexes rather
 * than prefixes keep it exact: category `report` must not match stream `reports-1`, nor type `Opened` match
 * `OpenedV2`. Without a filter the server still drops system events for us.
 */
export const serverFilter = ({ eventTypes, streamCategories }: LogFilter = {}): Filter => {
  if (streamCategories?.length)
    return streamNameFilter({ regex: `^(?:${streamCategories.map(escapeRegex).join('|')})(?:-|$)` });
  if (eventTypes?.length) return eventTypeFilter({ regex: `^(?:${eventTypes.map(escapeRegex).join('|')})$` });
  return excludeSystemEvents();
};
