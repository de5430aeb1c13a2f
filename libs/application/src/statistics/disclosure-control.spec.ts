import fc from 'fast-check';
import { suppressSmallCounts, type AdditiveGroup } from './disclosure-control';

const group: AdditiveGroup = { total: 't', cells: ['f', 'm', 'n'] };
const values = (t: number, f: number, m: number, n: number) => new Map<string, number | null>([['t', t], ['f', f], ['m', m], ['n', n]]);

describe('public disclosure control', () => {
  it('shows large counts and zeros as they are', () => expect(suppressSmallCounts(values(30, 10, 20, 0), [group])).toEqual(new Map()));

  it('withholds a small count and one more cell, so it cannot be derived from the total', () =>
    expect(suppressSmallCounts(values(30, 3, 20, 7), [group])).toEqual(new Map([['f', 'C'], ['n', 'D']])));

  it('withholds a zero cell rather than the total when no other non-zero cell is left', () =>
    expect(suppressSmallCounts(values(10, 3, 7, 0), [group])).toEqual(new Map([['f', 'C'], ['m', 'D']])));

  it('withholds the total when a group has no other cell', () =>
    expect(suppressSmallCounts(new Map([['t', 9], ['f', 2]]), [{ total: 't', cells: ['f'] }])).toEqual(new Map([['f', 'C'], ['t', 'D']])));

  it('withholds a small total together with its small cells', () =>
    expect(suppressSmallCounts(values(3, 1, 2, 0), [group])).toEqual(new Map([['t', 'C'], ['f', 'C'], ['m', 'C']])));

  it('carries a withheld total into every group that shares it', () => {
    const other: AdditiveGroup = { total: 't', cells: ['x', 'y'] };
    const shown = new Map<string, number | null>([['t', 8], ['f', 8], ['m', 0], ['n', 0], ['x', 3], ['y', 5]]);
    const withheld = suppressSmallCounts(shown, [group, other]);
    expect(withheld.get('x')).toBe('C');
    for (const g of [group, other]) expect([g.total, ...g.cells].filter((path) => withheld.has(path)).length).not.toBe(1);
  });

  it('withholds a second cell of a group with an unpublished rest when the bound leaves a cell one value', () => {
    // Online 5 of 6 children, the unknown one a small count: the rest is at least 0, so unknown ≤ 6 − 5 = 1.
    const bounded: AdditiveGroup = { total: 'all', cells: ['online', 'unknown'], remainder: true };
    const shown = new Map<string, number | null>([['all', 6], ['online', 5], ['unknown', 1]]);
    expect(suppressSmallCounts(shown, [bounded])).toEqual(new Map([['unknown', 'C'], ['online', 'D']]));
  });

  it('withholds nothing more when the rest of a bounded group leaves a small count several values', () => {
    const bounded: AdditiveGroup = { total: 'all', cells: ['online', 'unknown'], remainder: true };
    const shown = new Map<string, number | null>([['all', 30], ['online', 20], ['unknown', 3]]);
    expect(suppressSmallCounts(shown, [bounded])).toEqual(new Map([['unknown', 'C']]));
  });

  it('never shows a count from 1 to 4 and never leaves exactly one withheld member in a group (property)', () =>
    fc.assert(
      fc.property(fc.array(fc.nat({ max: 12 }), { minLength: 1, maxLength: 6 }), fc.array(fc.nat({ max: 12 }), { minLength: 1, maxLength: 4 }), (cellsA, cellsB) => {
        const total = cellsA.reduce((sum, value) => sum + value, 0);
        // A second breakdown of the same total: its cells, plus whatever remains to reach the total.
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
        for (const [path, value] of shown) if (value !== null && value >= 1 && value <= 4) expect(withheld.has(path)).toBe(true);
        for (const g of groups) expect([g.total, ...g.cells].filter((path) => withheld.has(path)).length).not.toBe(1);
      }),
      { numRuns: 500 },
    ));
});
