import type { Confidentiality } from './art8-document';

/** Counts from 1 to this are withheld from public output (zero is shown: it identifies nobody). */
export const SMALL_COUNT_THRESHOLD = 4;

/** A total and the cells that add up to it: withholding one member alone would let it be derived. */
export interface AdditiveGroup {
  readonly total: string;
  readonly cells: readonly string[];
}

/**
 * Statistical disclosure control for public figures: primary suppression of small counts (1 to 4, 'C'), then
 * secondary suppression ('D') until no group has exactly one withheld member, since a single withheld
 * member equals its total minus the others. A figure shared by groups (a total) is withheld in all of them.
 * Secondary cells are the smallest non-zero cells of the group first, then zero cells, then the total.
 */
export const suppressSmallCounts = (
  values: ReadonlyMap<string, number | null>,
  groups: readonly AdditiveGroup[],
  threshold = SMALL_COUNT_THRESHOLD,
): Map<string, Exclude<Confidentiality, 'F'>> => {
  const withheld = new Map<string, Exclude<Confidentiality, 'F'>>();
  for (const [path, value] of values) if (value !== null && value >= 1 && value <= threshold) withheld.set(path, 'C');
  for (let changed = true; changed; ) {
    changed = false;
    for (const { total, cells } of groups) {
      const members = [total, ...cells];
      if (members.filter((path) => withheld.has(path)).length !== 1) continue;
      const visibleCells = cells.filter((path) => !withheld.has(path) && values.get(path) !== null);
      const byValue = (path: string) => values.get(path) ?? 0;
      const nonZero = visibleCells.filter((path) => byValue(path) > 0).sort((x, y) => byValue(x) - byValue(y));
      const zero = visibleCells.filter((path) => byValue(path) === 0);
      const next = nonZero[0] ?? zero[0] ?? (withheld.has(total) ? undefined : total);
      if (next === undefined) continue;
      withheld.set(next, 'D');
      changed = true;
    }
  }
  return withheld;
};

/** The additive groups of the Art. 8 document (paths as in `cellsOf`). */
export const ART8_ADDITIVE_GROUPS = (breakdowns: Record<'byReporterKind' | 'bySourceChannel' | 'byProviderType' | 'byContentCategory', readonly string[]>): AdditiveGroup[] => [
  ...Object.entries(breakdowns).map(([breakdown, keys]) => ({ total: 'a.totalReports', cells: keys.map((key) => `a.${breakdown}.${key}`) })),
  { total: 'a.totalReports', cells: ['a.distinctCases', 'a.repeatReports'] },
  ...(['art3', 'allRoutes', 'onlineOnly'] as const).map((route) => ({
    total: `b.${route}.total`,
    cells: [`b.${route}.female`, `b.${route}.male`, `b.${route}.notStated`],
  })),
];
