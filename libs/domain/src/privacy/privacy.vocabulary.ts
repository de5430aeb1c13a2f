/** Whose personal data a sealed field is: a report (accounts, reasons), a child record, or a person. */
export const SUBJECT_KINDS = ['REPORT', 'CHILD', 'PERSON'] as const;
export type SubjectKind = (typeof SUBJECT_KINDS)[number];

/** Why personal data was erased: a closed list, so the erasure record itself holds no free text. */
export const ERASURE_REASONS = [
  'DATA_SUBJECT_REQUEST',
  'RETENTION_PERIOD_ENDED',
  'UNLAWFUL_PROCESSING',
  'COURT_ORDER',
  'ENTERED_IN_ERROR',
] as const;
export type ErasureReason = (typeof ERASURE_REASONS)[number];
