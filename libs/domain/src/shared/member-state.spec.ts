import { MEMBER_STATE_TIME_ZONES, MEMBER_STATES, yearInMemberState } from './member-state';

/** The year as the member state's legal time zone has it, asked of Intl every time. */
const formattedYear = (instant: Date, memberState: keyof typeof MEMBER_STATE_TIME_ZONES): number =>
  Number(
    new Intl.DateTimeFormat('en-GB', { timeZone: MEMBER_STATE_TIME_ZONES[memberState], year: 'numeric' }).format(
      instant,
    ),
  );

describe('the year of an instant in a member state', () => {
  it('is the year of its legal time zone, every half hour around New Year', () => {
    for (const year of [2019, 2024, 2025]) {
      const from = Date.UTC(year - 1, 11, 29);
      for (let time = from; time < Date.UTC(year, 0, 4); time += 30 * 60 * 1000) {
        const instant = new Date(time);
        for (const memberState of MEMBER_STATES) {
          expect([memberState, instant, yearInMemberState(instant, memberState)]).toEqual([
            memberState,
            instant,
            formattedYear(instant, memberState),
          ]);
        }
      }
    }
  });

  it('is the same for an ISO string as for its Date, the rest of the year too', () => {
    for (let day = 0; day < 366; day += 7) {
      const instant = new Date(Date.UTC(2024, 0, 1 + day, day % 24));
      expect(yearInMemberState(instant.toISOString(), 'FI')).toBe(formattedYear(instant, 'FI'));
    }
    expect(yearInMemberState('2024-12-31T23:30:00Z', 'NL')).toBe(2025);
    expect(yearInMemberState('2025-01-01T00:30:00Z', 'PT')).toBe(2025);
    expect(yearInMemberState('2024-12-31T23:30:00Z', 'PT')).toBe(2024);
  });

  it('refuses an instant that is not one', () => {
    expect(() => yearInMemberState('not a date', 'NL')).toThrow(RangeError);
  });
});
