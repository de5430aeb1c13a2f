import fc from 'fast-check';
/* eslint-disable no-restricted-imports -- test/support is the suite's shared test code, not another lib */
import { possibleValues } from '../../../../test/support/statistics-disclosure';
/* eslint-enable no-restricted-imports */
import { suppressSmallCounts, type AdditiveGroup } from './disclosure-control';

/**
 * Withholding two or more cells of a group is not enough when what the public knows about them pins one
 * down: the CONF_STATUS flag tells that a C cell is 1 to 4 (zeros are shown) and a D cell 0 or above 4.
 * The expected results are worked out by hand; the property checks them by brute force.
 */
const group: AdditiveGroup = { total: 't', cells: ['a', 'b', 'c', 'd'] };
const values = (entries: Record<string, number>) => new Map<string, number | null>(Object.entries(entries));

describe('public disclosure control against derivation from the flags', () => {
  it('two small cells whose sum is 2 are both 1: a third cell is withheld', () => {
    // t 9 = a 7 + b 1 + c 1 + d 0: with a shown, b + c = 2 and both are C (at least 1), so both are 1.
    expect(suppressSmallCounts(values({ t: 9, a: 7, b: 1, c: 1, d: 0 }), [group])).toEqual(new Map([['b', 'C'], ['c', 'C'], ['a', 'D']]));
  });

  it('a small cell and the smallest large one that sum to 6 are 1 and 5: a third cell is withheld', () => {
    // f 1 is C; m 5 is the secondary cell; f + m = 16 − 10 = 6 allows only f = 1, m = 5 (m is 0 or above 4).
    const sexes: AdditiveGroup = { total: 't', cells: ['f', 'm', 'n'] };
    expect(suppressSmallCounts(values({ t: 16, f: 1, m: 5, n: 10 }), [sexes])).toEqual(new Map([['f', 'C'], ['m', 'D'], ['n', 'D']]));
  });

  it('two small cells with room between them need nothing more', () => {
    // b + c = 5 with both 1 to 4: (1, 4), (2, 3), (3, 2), (4, 1).
    expect(suppressSmallCounts(values({ t: 25, a: 20, b: 2, c: 3, d: 0 }), [group])).toEqual(new Map([['b', 'C'], ['c', 'C']]));
  });

  it('leaves every withheld cell of a group with a shown total more than one possible value (property)', () =>
    fc.assert(
      fc.property(fc.array(fc.nat({ max: 9 }), { minLength: 1, maxLength: 6 }), fc.array(fc.nat({ max: 9 }), { minLength: 1, maxLength: 4 }), (cellsA, cellsB) => {
        const total = cellsA.reduce((sum, value) => sum + value, 0);
        const rest = total - cellsB.reduce((sum, value) => sum + value, 0);
        const shown = new Map<string, number | null>([
          ['t', total],
          ...cellsA.map((value, i): [string, number] => [`a${i}`, value]),
          ...cellsB.map((value, i): [string, number] => [`b${i}`, value]),
          ['bRest', rest],
        ]);
        const groups: AdditiveGroup[] = [{ total: 't', cells: cellsA.map((_, i) => `a${i}`) }];
        if (rest >= 0) groups.push({ total: 't', cells: [...cellsB.map((_, i) => `b${i}`), 'bRest'] });
        const withheld = suppressSmallCounts(shown, groups);
        for (const { total: t, cells } of groups) {
          const hidden = cells.filter((path) => withheld.has(path));
          expect([t, ...cells].filter((path) => withheld.has(path)).length).not.toBe(1);
          if (withheld.has(t) || hidden.length === 0) continue;
          const sum = hidden.reduce((acc, path) => acc + shown.get(path)!, 0);
          for (const [index, possible] of possibleValues(sum, hidden.map((path) => withheld.get(path)!)).entries()) {
            expect({ cell: hidden[index], possible: possible.length > 1 }).toEqual({ cell: hidden[index], possible: true });
          }
        }
      }),
      { numRuns: 1000 },
    ));
});
