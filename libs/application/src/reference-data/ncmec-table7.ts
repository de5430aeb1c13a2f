import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { isMemberState, type MemberState } from '@registry/domain';

/** Where the figures come from, recorded on every PublishedNcmecFigureRecorded. */
export const TABLE7_SOURCE = 'COM(2025) 740, Table 7 (NCMEC reports per member state, deduplicated)';
const YEARS = [2022, 2023, 2024] as const;

export interface PublishedNcmecFigure {
  readonly memberState: MemberState;
  readonly year: number;
  readonly count: number;
}

/**
 * The Commission's Table 7, shipped with the registry (table7_ncmec_reports.csv, transcribed from COM(2025)
 * 740): NCMEC's deduplicated reports per member state and year, for the reconciliation read model. The EU
 * total row is not a member state and is left out.
 */
export const loadTable7 = (file = join(__dirname, 'table7_ncmec_reports.csv')): PublishedNcmecFigure[] => {
  const [header, ...rows] = readFileSync(file, 'utf8').trim().split(/\r?\n/);
  const columns = (header ?? '').split(',');
  const at = (name: string) => columns.indexOf(name);
  return rows.flatMap((row) => {
    const cells = row.split(',');
    const memberState = cells[at('country_code')];
    if (!isMemberState(memberState)) return [];
    return YEARS.flatMap((year) => {
      const value = cells[at(`reports_${year}`)];
      return value === undefined || value === '' ? [] : [{ memberState, year, count: Number(value) }];
    });
  });
};

/** The figures as NDJSON import lines, so loading them goes through the normal command path. */
export const table7ImportLines = (memberStates?: readonly MemberState[]): string[] =>
  loadTable7()
    .filter((figure) => !memberStates || memberStates.includes(figure.memberState))
    .map((figure) => JSON.stringify({ type: 'RecordPublishedNcmecFigure', data: { ...figure, source: TABLE7_SOURCE } }));
