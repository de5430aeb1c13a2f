/**
 * The shared enumerations of domain.md for statistics governance: which Art. 8(1) figure, and why a figure
 * is missing. "No data" always carries one of these reasons and is never shown as a zero.
 */
export const ART8_METRICS = ['ART8_1_A', 'ART8_1_B', 'ART8_1_C'] as const;
export type Art8Metric = (typeof ART8_METRICS)[number];

export const NOT_AVAILABLE_REASONS = [
  'NOT_COLLECTED',
  'NOT_RECORDED_NATIONALLY',
  'TECHNICAL_PROBLEM',
  'NO_LEGAL_BASIS',
  'NOT_PUBLIC',
  'OTHER',
] as const;
export type NotAvailableReason = (typeof NOT_AVAILABLE_REASONS)[number];

/** The calendar years statistics may be declared for; anything else is a typing error. */
export const FIRST_STATISTICS_YEAR = 2000;
export const LAST_STATISTICS_YEAR = 2100;

export const isStatisticsYear = (year: number): boolean =>
  Number.isInteger(year) && year >= FIRST_STATISTICS_YEAR && year <= LAST_STATISTICS_YEAR;
