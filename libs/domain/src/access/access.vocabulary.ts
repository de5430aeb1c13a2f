/** What was read: a record, an event history, a page of the whole log, the access log itself, a figure's trace. */
export const ACCESSED_DATA = [
  'REPORT',
  'INVESTIGATION',
  'CHILD',
  'JUDGMENT',
  'STREAM_HISTORY',
  'LOG_PAGE',
  'ACCESS_LOG',
  'FIGURE_TRACE',
] as const;
export type AccessedData = (typeof ACCESSED_DATA)[number];

/** Which statistics left the registry. */
export const STATISTICS_EXPORTS = ['ART8', 'COHORT', 'QUALITY', 'RECONCILIATION', 'RESTATEMENTS'] as const;
export type StatisticsExport = (typeof STATISTICS_EXPORTS)[number];

/** How the reader came: the HTTP API or the operator's command line. */
export const ACCESS_CHANNELS = ['HTTP', 'CLI'] as const;
export type AccessChannel = (typeof ACCESS_CHANNELS)[number];
