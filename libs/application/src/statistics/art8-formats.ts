import { ART8_FIGURES_AT_ZERO } from '@registry/projections';
import { ART8_METRICS, cellsOf, PART_OF, type Art8Document, type Art8Metric } from './art8-document';

export const ART8_FORMATS = ['json', 'csv', 'sdmx-csv'] as const;
export type Art8Format = (typeof ART8_FORMATS)[number];

/**
 * The cells of one metric as [path without the part prefix, value, confidentiality]. A metric declared not
 * available has every one of its figures, each without a value: a table keyed by figure (an SDMX series, a
 * spreadsheet's pivot) finds the year there, marked missing, rather than a gap or a key of its own.
 */
const cellsOfMetric = (document: Art8Document, metric: Art8Metric): [string, number | null, string][] => {
  const part = PART_OF[metric];
  const cells =
    document[part] === null
      ? cellsOf(ART8_FIGURES_AT_ZERO[part], part).map(([path]): [string, null] => [path, null])
      : cellsOf(document[part], part);
  return cells.map(([path, value]) => [path.slice(part.length + 1), value, document.confidentiality[path] ?? 'F']);
};

/**
 * `--format csv`: one row per figure, `metric,breakdown,value,status,confidentiality,reason,definitionVersion`:
 * contract.md's four columns, then the cell's disclosure control, the status's reason (why a metric is not
 * available, what broke the series) and the definition the figure follows (mission.md definition 11), which the
 * JSON document carries and a spreadsheet reader would otherwise lose. A metric not available: every figure's row,
 * its value empty (never 0), its status and reason.
 */
export const art8CsvRows = (document: Art8Document): string[][] => {
  const rows = [['metric', 'breakdown', 'value', 'status', 'confidentiality', 'reason', 'definitionVersion']];
  for (const metric of ART8_METRICS) {
    const { status, reason, definitionVersion } = document.status[metric];
    const version = String(definitionVersion);
    for (const [breakdown, value, confidentiality] of cellsOfMetric(document, metric)) {
      const shown = value === null ? '' : String(value);
      rows.push([metric, breakdown, shown, status, confidentiality, reason ?? '', version]);
    }
  }
  return rows;
};

export const SDMX_COLUMNS = [
  'STRUCTURE',
  'STRUCTURE_ID',
  'ACTION',
  'FREQ',
  'REF_AREA',
  'TIME_PERIOD',
  'INDICATOR',
  'BREAKDOWN',
  'SEX',
  'OBS_VALUE',
  'OBS_STATUS',
  'CONF_STATUS',
] as const;
export const SDMX_STRUCTURE_ID = 'EU_CSA:ART8_REG_2021_1232(1.0)';

const OBS_STATUS = { COMPLETE: 'A', PROVISIONAL: 'P', NOT_AVAILABLE: 'M', BREAK_IN_SERIES: 'B' } as const;
const SEX_CODE: Record<string, string> = { female: 'F', male: 'M', notStated: '_U', total: '_T' };
const upperSnake = (name: string) => name.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toUpperCase();

/** Which SDMX dimensions a cell path maps to: b's sex splits go to SEX, a's breakdown maps to BREAKDOWN. */
const sdmxKey = (metric: Art8Metric, path: string): { indicator: string; breakdown: string; sex: string } => {
  const [figure = '', key] = path.split('.');
  if (metric === 'ART8_1_B') return { indicator: `CHILDREN_${upperSnake(figure)}`, breakdown: '_Z', sex: SEX_CODE[key ?? ''] ?? '_Z' };
  if (key !== undefined) return { indicator: figure === 'otherCountUnits' ? 'OTHER_COUNT_UNITS' : 'REPORTS', breakdown: `${upperSnake(figure.replace(/^by/, ''))}:${key}`, sex: '_Z' };
  return { indicator: upperSnake(figure), breakdown: '_T', sex: '_Z' };
};

/**
 * `--format sdmx-csv`: SDMX-CSV 2.0 observations with the columns and code lists of contract.md. A metric not
 * available: an observation of each of its series, OBS_VALUE empty and OBS_STATUS M.
 */
export const art8SdmxRows = (document: Art8Document): string[][] => {
  const rows: string[][] = [[...SDMX_COLUMNS]];
  const base = ['dataflow', SDMX_STRUCTURE_ID, 'I', 'A', document.memberState, String(document.year)];
  for (const metric of ART8_METRICS) {
    const obsStatus = OBS_STATUS[document.status[metric].status];
    for (const [path, value, confidentiality] of cellsOfMetric(document, metric)) {
      const { indicator, breakdown, sex } = sdmxKey(metric, path);
      rows.push([...base, indicator, breakdown, sex, value === null ? '' : String(value), obsStatus, confidentiality]);
    }
  }
  return rows;
};

export const toCsv = (rows: readonly (readonly string[])[]): string =>
  rows.map((row) => row.map((cell) => (/[",\n\r]/.test(cell) ? `"${cell.replace(/"/g, '""')}"` : cell)).join(',')).join('\n') + '\n';

/** The document in the requested format, as text (json pretty-printed). */
export const renderArt8 = (document: Art8Document, format: Art8Format): string =>
  format === 'json' ? `${JSON.stringify(document, null, 2)}\n` : toCsv(format === 'csv' ? art8CsvRows(document) : art8SdmxRows(document));
