import { START_OF_LOG } from '../event-store';
import { comparePositions, decodeLogPosition, encodeLogPosition, isAfter } from './log-position';

describe('EventStoreDB log positions', () => {
  it('round-trips "<commit>/<prepare>", beyond the safe integer range', () => {
    const position = { commit: 2n ** 60n + 7n, prepare: 2n ** 60n };
    expect(encodeLogPosition(position)).toBe('1152921504606846983/1152921504606846976');
    expect(decodeLogPosition(encodeLogPosition(position))).toEqual(position);
  });

  it('reads the start of the log as no position', () => {
    expect(decodeLogPosition(START_OF_LOG)).toBeUndefined();
    expect(isAfter({ commit: 0n, prepare: 0n }, undefined)).toBe(true);
  });

  it('refuses positions of other adapters', () => {
    expect(() => decodeLogPosition('12')).toThrow('Not an EventStoreDB log position');
  });

  it('orders by commit, then prepare position', () => {
    expect(comparePositions({ commit: 5n, prepare: 1n }, { commit: 6n, prepare: 0n })).toBe(-1);
    expect(comparePositions({ commit: 5n, prepare: 2n }, { commit: 5n, prepare: 1n })).toBe(1);
    expect(isAfter({ commit: 5n, prepare: 1n }, { commit: 5n, prepare: 1n })).toBe(false);
  });
});
