import { createHash } from 'node:crypto';
import type { RecordedEvent } from '@registry/event-store';

/** The chain starts from a fixed, documented value so a third party can recompute it from the first event. */
export const GENESIS_HEAD = createHash('sha256').update('case-registry log chain v1').digest('hex');

/**
 * Canonical JSON (RFC 8785 style: sorted keys, no whitespace) of everything that makes an event: where it
 * sits in the log, what it says and its metadata. Any edit to any of it changes the hash.
 */
export const canonicalEvent = (event: RecordedEvent): string =>
  canonicalJson({
    globalPosition: event.globalPosition.toString(),
    stream: event.streamName,
    revision: event.streamRevision,
    type: event.type,
    data: event.data,
    metadata: event.metadata,
  });

export const canonicalJson = (value: unknown): string =>
  JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : v,
  );

export const sha256 = (text: string): string => createHash('sha256').update(text, 'utf8').digest('hex');

/** head(n) = sha256(head(n-1) + "\n" + sha256(canonical event n)) */
export const nextHead = (previousHead: string, eventHash: string): string => sha256(`${previousHead}\n${eventHash}`);
