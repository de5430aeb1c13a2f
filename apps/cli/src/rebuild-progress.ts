import { logPositionSortKey, START_OF_LOG, type EventStore } from '@registry/event-store';
import type { FeedProgress } from '@registry/projections';

const WIDTH = 24;

/**
 * How far the log goes now, in the minor part of its positions (PostgreSQL: the global position), for a
 * progress bar's 100%. A read of a category no stream has returns no events but moves to the end of the log,
 * and PostgreSQL answers it from the category index at once (a type filter would read the whole log).
 */
export const logHead = async (store: EventStore): Promise<bigint | null> => {
  const { next } = await store.readAll({ filter: { streamCategories: ['registry.no-such-category'] }, maxCount: 1 });
  if (next === START_OF_LOG) return null;
  try {
    return logPositionSortKey(next)[1];
  } catch {
    return null;
  }
};

/** `report-detail [#########...............]  38%  12,345 events`; without a known head, the count alone. */
export const progressBar = (verb: string, progress: FeedProgress, head: bigint | null): string => {
  const events = `${progress.events.toLocaleString('en')} events`;
  if (head === null || head <= 0n || progress.position === START_OF_LOG)
    return `${verb} ${progress.projection}  ${events}`;
  const reached = Number(logPositionSortKey(progress.position)[1]) / Number(head);
  const fraction = Math.max(0, Math.min(1, reached));
  const filled = Math.round(fraction * WIDTH);
  return `${verb} ${progress.projection} [${'#'.repeat(filled)}${'.'.repeat(WIDTH - filled)}] ${String(Math.floor(fraction * 100)).padStart(3)}%  ${events}`;
};
