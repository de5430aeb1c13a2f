import type { Confidentiality } from './art8-document';

/** Counts from 1 to this are withheld from public output (zero is shown: it identifies nobody). */
export const SMALL_COUNT_THRESHOLD = 4;

/** Whether public figures withhold this count (1 to the threshold; zero and unknown are shown). */
export const isSmallCount = (count: number | null, threshold = SMALL_COUNT_THRESHOLD): boolean =>
  count !== null && count >= 1 && count <= threshold;

/**
 * A metric's quality as the public may see it: `pending` counts records (unassessed reports, children of open
 * investigations, non-final judgments), withheld (null) when small, in the Art. 8 document and the quality matrix
 * alike; a.unassessedReports is one of them, and a matrix that showed it would give the withheld cell away.
 */
export const withPendingWithheld = <T extends { readonly pending: number | null }>(quality: T): T =>
  isSmallCount(quality.pending) ? { ...quality, pending: null } : quality;

/** A total and the cells that add up to it: withholding one member alone would let it be derived. */
export interface AdditiveGroup {
  readonly total: string;
  readonly cells: readonly string[];
  /**
   * The cells add up to at most the total: an unpublished remainder (0 or more) completes them, as children
   * neither online nor of unknown nexus complete b.allRoutes. The public knows an upper bound for the withheld
   * cells, which pins one when it leaves it a single value (total 6, online 5 shown: unknown, a C cell, is 1).
   */
  readonly remainder?: boolean;
}

/** Integer intervals [lo, hi] (hi may be Infinity): the values a withheld cell, or a sum of them, can take. */
type Interval = readonly [number, number];

/**
 * What the public knows of a withheld cell: a C cell is a small count (1 to threshold, since zero is shown);
 * a D cell is 0 or above the threshold (a small one would have been C).
 */
const domainOf = (flag: Exclude<Confidentiality, 'F'>, threshold: number): Interval[] =>
  flag === 'C' ? [[1, threshold]] : [[0, 0], [threshold + 1, Infinity]];

/** The sums the withheld cells can reach together: each D cell adds 0 or more than the threshold. */
const reachableSums = (flags: readonly Exclude<Confidentiality, 'F'>[], threshold: number): Interval[] => {
  const small = flags.filter((flag) => flag === 'C').length;
  const others = flags.length - small;
  return Array.from({ length: others + 1 }, (_, large): Interval => [small + large * (threshold + 1), large === 0 ? small * threshold : Infinity]);
};

/** How many values a withheld cell can take, given the known sum of its group's withheld cells (stops at 2). */
const feasibleValues = (own: Interval[], othersReach: Interval[], sum: number): number => {
  let count = 0;
  for (const [lo, hi] of own) {
    for (const [reachLo, reachHi] of othersReach) {
      // value v with sum − v in [reachLo, reachHi]: v in [sum − reachHi, sum − reachLo]
      const from = Math.max(lo, sum - reachHi);
      const to = Math.min(hi, sum - reachLo);
      if (to >= from) count += to - from + 1;
      if (count >= 2) return count;
    }
  }
  return count;
};

/**
 * Statistical disclosure control for public figures: primary suppression of small counts (1 to 4, 'C'), then
 * secondary suppression ('D') until no withheld cell of a group can be worked out from its total and the
 * shown cells: a group never has exactly one withheld member, and where the total is shown, the withheld
 * cells' sum (total minus the shown cells) must leave each of them more than one possible value, knowing
 * that a C cell is 1 to 4 and a D cell 0 or above 4 (e.g. two C cells summing to 2 would both be 1).
 * A figure shared by groups (a total) is withheld in all of them. Secondary cells are the smallest non-zero
 * cells of the group first, then zero cells, then the total. Derivations that combine several groups
 * through a withheld shared total are not examined.
 */
export const suppressSmallCounts = (
  values: ReadonlyMap<string, number | null>,
  groups: readonly AdditiveGroup[],
  threshold = SMALL_COUNT_THRESHOLD,
): Map<string, Exclude<Confidentiality, 'F'>> => {
  const withheld = new Map<string, Exclude<Confidentiality, 'F'>>();
  for (const [path, value] of values) if (value !== null && value >= 1 && value <= threshold) withheld.set(path, 'C');
  const byValue = (path: string) => values.get(path) ?? 0;
  /** True when a withheld cell of a group with a shown total has only one possible value. */
  const pins = ({ total, cells, remainder }: AdditiveGroup): boolean => {
    if (withheld.has(total) || values.get(total) === null) return false;
    const hidden = cells.filter((path) => withheld.has(path));
    const sum = byValue(total) - cells.filter((path) => !withheld.has(path)).reduce((acc, path) => acc + byValue(path), 0);
    return hidden.some((path) => {
      const othersFlags = hidden.filter((other) => other !== path).map((other) => withheld.get(other)!);
      // A remainder takes up any part of the sum: the others then reach every sum from their least upwards.
      const othersReach = reachableSums(othersFlags, threshold).map(
        ([lo, hi]): Interval => [lo, remainder ? Infinity : hi],
      );
      return feasibleValues(domainOf(withheld.get(path)!, threshold), othersReach, sum) < 2;
    });
  };
  for (let changed = true; changed; ) {
    changed = false;
    for (const group of groups) {
      const { total, cells } = group;
      const members = [total, ...cells];
      const count = members.filter((path) => withheld.has(path)).length;
      // Only a group that adds up exactly gives away its one withheld member; with a remainder, pins() decides.
      if (count === 0 || ((count > 1 || group.remainder) && !pins(group))) continue;
      const visibleCells = cells.filter((path) => !withheld.has(path) && values.get(path) !== null);
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
  ...(['art3', 'allRoutes', 'onlineOnly', 'onlineNexusUnknown'] as const).map((route) => ({
    total: `b.${route}.total`,
    cells: [`b.${route}.female`, `b.${route}.male`, `b.${route}.notStated`],
  })),
  // Online and unknown nexus are disjoint parts of all routes and of the convicted persons.
  ...(['female', 'male', 'notStated', 'total'] as const).map((sex) => ({
    total: `b.allRoutes.${sex}`,
    cells: [`b.onlineOnly.${sex}`, `b.onlineNexusUnknown.${sex}`],
    remainder: true,
  })),
  {
    total: 'c.convictedPersons',
    cells: ['c.convictedPersonsOnlineOffences', 'c.convictedPersonsOnlineNexusUnknown'],
    remainder: true,
  },
];
