import type { Art8ReportFigures } from '@registry/projections';

export const ART8_METRICS = ['ART8_1_A', 'ART8_1_B', 'ART8_1_C'] as const;
export type Art8Metric = (typeof ART8_METRICS)[number];

export type FigureStatus = 'COMPLETE' | 'PROVISIONAL' | 'NOT_AVAILABLE' | 'BREAK_IN_SERIES';

export interface MetricStatus {
  readonly status: FigureStatus;
  /** Why a figure is not available (domain.md's reasons), or null. */
  readonly reason: string | null;
  readonly note?: string;
}

export interface Art8ReportsPart extends Art8ReportFigures {
  /** null until investigations are recorded by this registry (the case lifecycle), never a made-up 0. */
  readonly reportsInInvestigations: number | null;
  readonly investigationsOpened: number | null;
}

/** The Art. 8 document of contract.md: one member state, one year, as of one log position. */
export interface Art8Document {
  readonly memberState: string;
  readonly year: number;
  readonly asOf: { readonly position: string | null; readonly at: string | null };
  readonly a: Art8ReportsPart | null;
  readonly b: null;
  readonly c: null;
  readonly status: Record<Art8Metric, MetricStatus>;
}

/** The flat form behind `--format csv`: one row per figure. */
export const art8CsvRows = (document: Art8Document): string[][] => {
  const rows: string[][] = [['metric', 'breakdown', 'value', 'status']];
  const parts: [Art8Metric, object | null][] = [
    ['ART8_1_A', document.a],
    ['ART8_1_B', document.b],
    ['ART8_1_C', document.c],
  ];
  for (const [metric, part] of parts) {
    const { status } = document.status[metric];
    if (part === null) {
      rows.push([metric, '', '', status]);
      continue;
    }
    for (const [figure, value] of Object.entries(part)) {
      if (value !== null && typeof value === 'object') {
        for (const [key, count] of Object.entries(value as Record<string, number>)) rows.push([metric, `${figure}.${key}`, String(count), status]);
      } else {
        rows.push([metric, figure, value === null ? '' : String(value), status]);
      }
    }
  }
  return rows;
};

export const toCsv = (rows: readonly (readonly string[])[]): string =>
  rows.map((row) => row.map((cell) => (/[",\n]/.test(cell) ? `"${cell.replace(/"/g, '""')}"` : cell)).join(',')).join('\n') + '\n';
