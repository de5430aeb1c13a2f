import { randomUUID } from 'node:crypto';
import { START_OF_LOG, type EventStore, type LogPosition, type NewEvent, type RecordedEvent } from '@registry/event-store';

/** A category unique to one test, so tests sharing a store never see each other's streams. */
export const uniqueCategory = (prefix = 'contract'): string => `${prefix}${randomUUID().replace(/-/g, '').slice(0, 10)}`;

export const uniqueStream = (category = uniqueCategory()): string => `${category}-${randomUUID()}`;

export const newEvent = (type = 'SomethingHappened', data: unknown = { value: randomUUID() }): NewEvent => ({
  type,
  data,
  metadata: {
    eventId: randomUUID(),
    recordedAt: '2026-01-01T00:00:00.000Z',
    actor: { userId: 'user-1', role: 'investigator' },
    memberState: 'NL',
    correlationId: randomUUID(),
    causationId: randomUUID(),
    schemaVersion: 1,
  },
});

/** The position after everything readable now: tests read "their" events from here. */
export const endOfLog = async (store: EventStore): Promise<LogPosition> => {
  let position = START_OF_LOG;
  for (;;) {
    const page = await store.readAll({ after: position, maxCount: 1000 });
    position = page.next;
    if (page.isEnd) return position;
  }
};

/** Every readable event after `after`, page by page. */
export const readAllFrom = async (store: EventStore, after: LogPosition, maxCount = 1000): Promise<RecordedEvent[]> => {
  const events: RecordedEvent[] = [];
  let position = after;
  for (;;) {
    const page = await store.readAll({ after: position, maxCount });
    events.push(...page.events);
    position = page.next;
    if (page.isEnd) return events;
  }
};

/** Runs `check` (its expectations) until it passes, or rethrows its last failure after `timeoutMs`. */
export const eventually = async (check: () => void | Promise<void>, timeoutMs = 5000): Promise<void> => {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      await check();
      return;
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await sleep(10);
    }
  }
};

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

export const idsOf = (events: readonly RecordedEvent[]): string[] => events.map((event) => event.metadata.eventId);
export const newIds = (events: readonly NewEvent[]): string[] => events.map((event) => event.metadata.eventId);
