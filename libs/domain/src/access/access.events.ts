import type { Event, MemberState } from '../shared';
import type { AccessChannel, AccessedData, StatisticsExport } from './access.vocabulary';

/**
 * Someone read record-level data of a member state. Who, under which role and when are the event's metadata;
 * the data names only what was read (kind and id, never its content) and the purpose the reader gave.
 */
export type RecordRead = Event<
  'RecordRead',
  {
    readonly data: AccessedData;
    /** The record's id, stream name, log page or figure; null when the read has no single subject. */
    readonly subject: string | null;
    readonly memberState: MemberState;
    /** The X-Purpose header (or --purpose), as the reader stated it. */
    readonly purpose: string | null;
    readonly channel: AccessChannel;
  }
>;

/** Statistics of a member state left the registry: which export, with which parameters, and why. */
export type StatisticsExported = Event<
  'StatisticsExported',
  {
    readonly export: StatisticsExport;
    readonly memberState: MemberState;
    /** Year, format, disclosure, as-of…: the request's parameters, which hold no record data. */
    readonly parameters: Readonly<Record<string, string>>;
    readonly purpose: string | null;
    readonly channel: AccessChannel;
  }
>;

export type AccessEvent = RecordRead | StatisticsExported;

export const ACCESS_EVENT_TYPES = [
  'RecordRead',
  'StatisticsExported',
] as const satisfies readonly AccessEvent['type'][];
