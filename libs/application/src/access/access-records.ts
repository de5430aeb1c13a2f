import {
  isMemberState,
  MEMBER_STATES,
  type AccessChannel,
  type AccessEvent,
  type AccessedData,
  type MemberState,
  type StatisticsExport,
} from '@registry/domain';
import { InputInvalid } from '../shared/validate-input';

/** What one read touched, per member state; the channel and the stated purpose are added by `accessEvents`. */
export type AccessSubject =
  | {
      readonly kind: 'record';
      readonly data: AccessedData;
      readonly subject: string | null;
      readonly memberState: MemberState;
    }
  | {
      readonly kind: 'export';
      readonly export: StatisticsExport;
      readonly memberState: MemberState;
      readonly parameters: Readonly<Record<string, string>>;
    };

/**
 * The member states a read of events of a member state is logged under: that one, or every member state for
 * registry-wide events (member state `*`, which only readers of every member state see: maySeeEventsOf). Access
 * records are kept per member state, and a registry-wide event concerns each of them (ADR 0006, ADR 0029).
 */
export const memberStatesReadIn = (memberState: unknown): readonly MemberState[] =>
  isMemberState(memberState) ? [memberState] : MEMBER_STATES;

export const accessEvents = (
  subjects: readonly AccessSubject[],
  purpose: string | null,
  channel: AccessChannel,
): AccessEvent[] =>
  subjects.map((subject): AccessEvent =>
    subject.kind === 'record'
      ? {
          type: 'RecordRead',
          data: { data: subject.data, subject: subject.subject, memberState: subject.memberState, purpose, channel },
        }
      : {
          type: 'StatisticsExported',
          data: {
            export: subject.export,
            memberState: subject.memberState,
            parameters: subject.parameters,
            purpose,
            channel,
          },
        },
  );

/** A stated purpose is free text for auditors: one line, at most 200 characters, no control characters. */
export const parsePurpose = (value: unknown, field = 'X-Purpose'): string | null => {
  if (value === undefined) return null;
  if (typeof value !== 'string' || !/^[^\p{Cc}\p{Cs}]{1,200}$/u.test(value) || value.trim() === '') {
    throw new InputInvalid([
      { field, messages: [`${field} must be one line of 1-200 characters stating why the data is read`] },
    ]);
  }
  return value.trim();
};

/** Only the parameters that are set, as strings (they hold no record data: years, formats, dates, ids of snapshots). */
export const exportParameters = (parameters: Record<string, unknown>): Record<string, string> =>
  Object.fromEntries(
    Object.entries(parameters)
      .filter(([, value]) => value !== undefined && value !== null)
      .map(([key, value]) => [key, String(value)]),
  );
