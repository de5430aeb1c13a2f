import { MEMBER_STATE_TIME_ZONES, type MemberState } from '@registry/domain';

export const DAY_MS = 86_400_000;

const formatters = new Map<string, Intl.DateTimeFormat>();

/** The member state's offset from UTC at an instant, in milliseconds (summer time included). */
const offsetAt = (timeZone: string, instant: number): number => {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(timeZone, formatter);
  }
  const parts = Object.fromEntries(formatter.formatToParts(new Date(instant)).map((part) => [part.type, part.value]));
  const wall = Date.UTC(Number(parts.year), Number(parts.month) - 1, Number(parts.day), Number(parts.hour), Number(parts.minute), Number(parts.second));
  return wall - Math.floor(instant / 1000) * 1000;
};

/** The instant at which the member state's clocks show this local date and time. */
export const localInstant = (memberState: MemberState, year: number, month: number, day: number, hour = 0, minute = 0): number => {
  const timeZone = MEMBER_STATE_TIME_ZONES[memberState];
  const wall = Date.UTC(year, month - 1, day, hour, minute);
  const guess = wall - offsetAt(timeZone, wall);
  return wall - offsetAt(timeZone, guess);
};

/** An instant as the import format writes it: UTC, whole seconds (`2024-03-01T10:00:00Z`). */
export const isoInstant = (instant: number): string => new Date(Math.floor(instant / 1000) * 1000).toISOString().replace('.000Z', 'Z');
