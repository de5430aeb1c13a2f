/**
 * The shared enumerations of domain.md for investigations (the police case). The same codes in every member
 * state make "investigations opened" and "online offences" comparable across the Union.
 */
export const INVESTIGATION_TRIGGERS = [
  'PROVIDER_REPORT',
  'PUBLIC_INTEREST_ORGANISATION_REPORT',
  'VICTIM_REPORT',
  'THIRD_PARTY_REPORT',
  'OTHER_INVESTIGATION',
  'INTERNATIONAL',
] as const;
export type InvestigationTrigger = (typeof INVESTIGATION_TRIGGERS)[number];

export const OFFENCE_CATEGORIES = [
  'CSAM_DISTRIBUTION',
  'CSAM_POSSESSION_OR_ACQUISITION',
  'CSAM_PRODUCTION',
  'SOLICITATION',
  'SEXTORTION',
  'CONTACT_ABUSE',
  'OTHER',
] as const;
export type OffenceCategory = (typeof OFFENCE_CATEGORIES)[number];

/** Art. 8 counts ONLINE and BOTH as online; UNKNOWN is shown separately, never guessed online. */
export const ONLINE_NEXUSES = ['ONLINE', 'OFFLINE', 'BOTH', 'UNKNOWN'] as const;
export type OnlineNexus = (typeof ONLINE_NEXUSES)[number];

export const isOnlineNexus = (nexus: OnlineNexus): boolean => nexus === 'ONLINE' || nexus === 'BOTH';

/** How the police case ended. A charge is never a conviction: convictions live on judgment streams. */
export const INVESTIGATION_OUTCOMES = [
  'CHARGES_FILED',
  'NO_FURTHER_ACTION',
  'INSUFFICIENT_EVIDENCE',
  'TRANSFERRED',
  'OTHER',
] as const;
export type InvestigationOutcome = (typeof INVESTIGATION_OUTCOMES)[number];
