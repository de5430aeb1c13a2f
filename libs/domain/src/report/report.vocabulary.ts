/**
 * The shared enumerations of domain.md for reports. Every member state uses the same codes, which is what
 * makes their Art. 8(1)(a) figures comparable (COM(2025) 740 found they were not).
 */
export const REPORTER_KINDS = ['PROVIDER', 'PUBLIC_INTEREST_ORGANISATION'] as const;
export type ReporterKind = (typeof REPORTER_KINDS)[number];

export const SOURCE_CHANNELS = [
  'NCMEC',
  'INHOPE_HOTLINE',
  'NATIONAL_HOTLINE',
  'EUROPOL',
  'INTERPOL',
  'FOREIGN_LAW_ENFORCEMENT',
  'PROVIDER_DIRECT',
  'CHILD_HELPLINE',
  'OTHER',
] as const;
export type SourceChannel = (typeof SOURCE_CHANNELS)[number];

/** INTERPERSONAL_COMMUNICATION is the number-independent kind the Regulation's derogation covers. */
export const PROVIDER_TYPES = [
  'INTERPERSONAL_COMMUNICATION',
  'SOCIAL_MEDIA',
  'ONLINE_GAMING',
  'HOSTING_OR_CLOUD',
  'OTHER',
  'UNKNOWN',
] as const;
export type ProviderType = (typeof PROVIDER_TYPES)[number];

export const CONTENT_CATEGORIES = ['KNOWN_CSAM', 'NEW_CSAM', 'SOLICITATION', 'SEXTORTION', 'UNKNOWN'] as const;
export type ContentCategory = (typeof CONTENT_CATEGORIES)[number];

/** Only REPORT counts towards Art. 8(1)(a); hotline units (URLs, domains, incidents) are kept apart. */
export const COUNT_UNITS = ['REPORT', 'NOTIFICATION', 'URL', 'DOMAIN', 'INCIDENT'] as const;
export type CountUnit = (typeof COUNT_UNITS)[number];

export const NON_ACTIONABLE_REASONS = [
  'NOT_CRIMINAL_UNDER_NATIONAL_LAW',
  'NO_LINK_TO_MEMBER_STATE',
  'INSUFFICIENT_INFORMATION',
  'NOT_CSAM',
  'OTHER',
] as const;
export type NonActionableReason = (typeof NON_ACTIONABLE_REASONS)[number];

export const DUPLICATE_BASES = ['SAME_EXTERNAL_REFERENCE', 'SAME_CONTENT_HASH', 'SAME_ACCOUNT', 'MANUAL'] as const;
export type DuplicateBasis = (typeof DUPLICATE_BASES)[number];

/** Algorithms whose values are not reversible to content; the registry never holds content itself. */
export const HASH_ALGORITHMS = ['PHOTODNA', 'PDQ', 'MD5', 'SHA1', 'SHA256', 'TMK_PDQF', 'OTHER'] as const;
export type HashAlgorithm = (typeof HASH_ALGORITHMS)[number];
