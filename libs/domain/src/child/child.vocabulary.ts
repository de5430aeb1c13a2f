/**
 * The shared enumerations of domain.md for identified children (Art. 8(1)(b)). Sex is never blank and never
 * guessed: NOT_STATED is a value, so female + male + notStated always equals the total.
 */
export const SEXES = ['FEMALE', 'MALE', 'NOT_STATED'] as const;
export type Sex = (typeof SEXES)[number];

/** PROVIDER_REPORT_ART3 is the route Art. 8(1)(b) counts; the others feed the all-routes figure. */
export const IDENTIFICATION_ROUTES = [
  'PROVIDER_REPORT_ART3',
  'PUBLIC_INTEREST_ORGANISATION_REPORT',
  'VICTIM_SELF_REPORT',
  'THIRD_PARTY_REPORT',
  'CHAT_LOGS',
  'EARLIER_INVESTIGATION',
  'INTERNATIONAL',
  'OTHER',
] as const;
export type IdentificationRoute = (typeof IDENTIFICATION_ROUTES)[number];

export const IDENTIFYING_BODIES = ['LAW_ENFORCEMENT', 'SOCIAL_WELFARE', 'OTHER'] as const;
export type IdentifyingBody = (typeof IDENTIFYING_BODIES)[number];

/** Age at identification. UNKNOWN when not recorded: never guessed. */
export const AGE_BANDS = ['0-5', '6-11', '12-15', '16-17', 'UNKNOWN'] as const;
export type AgeBand = (typeof AGE_BANDS)[number];

/** The facts of a child record that a correction may change (not the member state or the investigation). */
export const CORRECTABLE_CHILD_FIELDS = [
  'identifiedAt',
  'sex',
  'identificationRoute',
  'linkedReportIds',
  'identifyingBody',
  'residence',
  'ageBand',
] as const;

/** A country code (ISO 3166-1 alpha-2, or EL as the Commission writes Greece); residence may lie outside the EU. */
export const isCountryCode = (value: string): boolean => /^[A-Z]{2}$/.test(value);
