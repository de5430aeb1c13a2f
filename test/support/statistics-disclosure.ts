/**
 * Checks a publicly disclosed Art. 8 document against the exact one it was made from. Written from
 * contract.md, independently of disclosure-control.ts: public output never prints a count from 1 to 4, and
 * no withheld cell can be worked out from a total and the other cells of any additive group.
 */
export interface DisclosedDocument {
  readonly year: number;
  readonly a: Record<string, unknown> | null;
  readonly b: Record<string, unknown> | null;
  readonly c: Record<string, unknown> | null;
  readonly status: Record<string, unknown>;
  readonly confidentiality: Record<string, string>;
}

const isSmall = (value: unknown) => typeof value === 'number' && value >= 1 && value <= 4;

/** Every number of the document outside year and asOf, by dotted path; a definitionVersion counts no one. */
const numbersOf = (value: unknown, path: string): [string, number][] => {
  if (typeof value === 'number') return path.endsWith('.definitionVersion') ? [] : [[path, value]];
  if (value === null || typeof value !== 'object') return [];
  return Object.entries(value).flatMap(([key, inner]) => numbersOf(inner, path === '' ? key : `${path}.${key}`));
};

const valueAt = (document: unknown, path: string): unknown =>
  path.split('.').reduce<unknown>((value, key) => (value !== null && typeof value === 'object' ? (value as Record<string, unknown>)[key] : undefined), document);

/** The additive groups of the document: each total with the cells that sum to it. */
export const additiveGroupsOf = (document: DisclosedDocument): { total: string; cells: string[] }[] => {
  const groups: { total: string; cells: string[] }[] = [];
  if (document.a !== null) {
    for (const breakdown of ['byReporterKind', 'bySourceChannel', 'byProviderType', 'byContentCategory']) {
      const cells = Object.keys(document.a[breakdown] as object).map((key) => `a.${breakdown}.${key}`);
      groups.push({ total: 'a.totalReports', cells });
    }
    groups.push({ total: 'a.totalReports', cells: ['a.distinctCases', 'a.repeatReports'] });
  }
  if (document.b !== null) {
    // Every by-sex figure of (b), whichever the document has (art3, allRoutes, onlineOnly, onlineNexusUnknown…).
    const b = document.b;
    const isBySex = (route: string) =>
      ['female', 'male', 'notStated', 'total'].every((key) => key in (b[route] as object));
    for (const route of Object.keys(b).filter(isBySex)) {
      groups.push({ total: `b.${route}.total`, cells: ['female', 'male', 'notStated'].map((sex) => `b.${route}.${sex}`) });
    }
  }
  return groups;
};

/**
 * Groups whose cells add up to at most their total, an unpublished rest making up the difference: children
 * online and of unknown online nexus among all routes (sex by sex), persons convicted of either among the convicted.
 */
export const boundedGroupsOf = (document: DisclosedDocument): { total: string; cells: string[] }[] => {
  const groups: { total: string; cells: string[] }[] = [];
  const has = (part: Record<string, unknown> | null, key: string) => part !== null && key in part;
  if (has(document.b, 'onlineOnly') && has(document.b, 'onlineNexusUnknown')) {
    for (const sex of ['female', 'male', 'notStated', 'total']) {
      groups.push({ total: `b.allRoutes.${sex}`, cells: [`b.onlineOnly.${sex}`, `b.onlineNexusUnknown.${sex}`] });
    }
  }
  if (has(document.c, 'convictedPersonsOnlineNexusUnknown')) {
    const cells = ['c.convictedPersonsOnlineOffences', 'c.convictedPersonsOnlineNexusUnknown'];
    groups.push({ total: 'c.convictedPersons', cells });
  }
  return groups;
};

/**
 * The values each withheld cell of a group with a shown total could take, found by brute force: the public
 * knows the withheld cells' sum (total minus the shown cells), that a C cell is 1 to 4 (zero is shown) and a
 * D cell is 0 or above 4 (a small one would be C). A cell with a single possible value is disclosed.
 */
export const possibleValues = (sum: number, flags: readonly string[]): number[][] => {
  const allowed = (flag: string, value: number) => (flag === 'C' ? value >= 1 && value <= 4 : value === 0 || value > 4);
  /** Which sums 0..sum the given cells can reach together. */
  const reachable = (cells: readonly string[]) => {
    let sums = new Set([0]);
    for (const flag of cells) {
      const next = new Set<number>();
      for (const partial of sums) for (let value = 0; partial + value <= sum; value++) if (allowed(flag, value)) next.add(partial + value);
      sums = next;
    }
    return sums;
  };
  return flags.map((flag, index) => {
    const others = reachable(flags.filter((_, other) => other !== index));
    return Array.from({ length: sum + 1 }, (_, value) => value).filter((value) => allowed(flag, value) && others.has(sum - value));
  });
};

/** What is wrong with `published` as the public view of `exact`; empty when nothing is. */
export const disclosureProblems = (exact: DisclosedDocument, published: DisclosedDocument): string[] => {
  const problems: string[] = [];
  const { year: _year, asOf: _asOf, ...rest } = published as DisclosedDocument & { asOf?: unknown };
  for (const [path, value] of numbersOf(rest, '')) if (isSmall(value)) problems.push(`prints ${value} at ${path}`);
  for (const part of ['a', 'b', 'c'] as const) {
    for (const [path, value] of numbersOf(exact[part], part)) {
      const shown = valueAt(published, path);
      const flag = published.confidentiality[path];
      if (shown !== null && shown !== value) problems.push(`${path} shows ${JSON.stringify(shown)}, exact ${value}`);
      if (shown === null && flag !== 'C' && flag !== 'D') problems.push(`${path} is withheld without a C or D flag`);
      if (shown !== null && flag !== undefined) problems.push(`${path} is shown but flagged ${flag}`);
      if (isSmall(value) && flag !== 'C') problems.push(`${path} = ${value} is not flagged C`);
    }
  }
  for (const { total, cells } of additiveGroupsOf(exact)) {
    const withheld = [total, ...cells].filter((path) => valueAt(published, path) === null);
    if (withheld.length === 1) problems.push(`${withheld[0]} = ${total} − the other cells of [${cells.join(', ')}]`);
    if (withheld.length < 2 || withheld.includes(total)) continue;
    const sum = (valueAt(published, total) as number) - cells.reduce((acc, path) => acc + ((valueAt(published, path) as number | null) ?? 0), 0);
    possibleValues(sum, withheld.map((path) => published.confidentiality[path] ?? '')).forEach((values, index) => {
      if (values.length === 1) problems.push(`${withheld[index]} = ${values[0]}: the only value its flag allows beside the others of ${total}`);
    });
  }
  for (const { total, cells } of boundedGroupsOf(exact)) {
    const withheld = cells.filter((path) => valueAt(published, path) === null);
    if (withheld.length === 0 || valueAt(published, total) === null) continue;
    const shown = cells.reduce((acc, path) => acc + ((valueAt(published, path) as number | null) ?? 0), 0);
    const bound = (valueAt(published, total) as number) - shown;
    const flags = withheld.map((path) => published.confidentiality[path] ?? '');
    // The withheld cells may sum to anything from 0 to the bound. Sums past 5 + 5 per cell add no new way for a
    // cell to take a second value (a C cell is at most 4, a D cell's least value above 0 is 5), so they are skipped.
    const values = flags.map(() => new Set<number>());
    for (let sum = 0; sum <= Math.min(bound, 5 + 5 * flags.length); sum++) {
      possibleValues(sum, flags).forEach((possible, index) => possible.forEach((value) => values[index]!.add(value)));
    }
    values.forEach((possible, index) => {
      const [only] = [...possible];
      if (possible.size === 1) problems.push(`${withheld[index]} = ${only}: all ${total} − the shown leaves it`);
    });
  }
  return problems;
};
