import type {
  AgeBand,
  ContentCategory,
  IdentifyingBody,
  InvestigationOutcome,
  JudgmentOutcome,
  JudgmentSource,
  NonActionableReason,
  OffenceCategory,
  OnlineNexus,
  ProviderType,
  Sex,
  SourceChannel,
} from '@registry/domain';

/**
 * The shares behind the demo data set. They are plausible, not measured: COM(2025) 740 (docs/mission.md §6 and
 * the Commission's tables 6-9) gives totals per member state and year, and the stages shrink sharply from
 * reports to convictions; where the Commission has no breakdown (sources, provider types, repeats) the share
 * is an assumption, said so here.
 */
export const DEMO_SCALE_REPORTS = {
  /** For tests: every kind of record is present, loads in seconds. */
  small: 300,
  /** A medium member state: DK received 10 918 reports in 2024 (Table 6), NCMEC sent it 10 330 (Table 7). */
  'country-year': 10_000,
} as const;

/** Reports of the previous year's last quarter, so repeats can cross the year boundary (DK: 90 cases reported in several years). */
export const PREVIOUS_YEAR_SHARE = 0.03;

/**
 * Where reports come from. NCMEC forwards the bulk of provider reports (T7: 950 817 to the EU in 2024); hotlines
 * add some (BG: 92 010 Safenet reports over three years beside 42 596 from NCMEC, far above most MS).
 */
export const SOURCE_CHANNEL_SHARES: Record<SourceChannel, number> = {
  NCMEC: 0.86,
  NATIONAL_HOTLINE: 0.04,
  INHOPE_HOTLINE: 0.035,
  PROVIDER_DIRECT: 0.025,
  EUROPOL: 0.015,
  FOREIGN_LAW_ENFORCEMENT: 0.01,
  CHILD_HELPLINE: 0.006,
  INTERPOL: 0.004,
  OTHER: 0.005,
};

/** A CyberTipline report filed by the public, not by a provider (NCMEC takes both). */
export const NCMEC_PUBLIC_REPORT_SHARE = 0.03;

/**
 * Fictitious providers (no real company's figures are implied). Type shares are an assumption: NCMEC's chart
 * of reports by type of online service was not transcribable (Commission README); Meta's messaging and social
 * services dominate (Tables 1-2: 3.6 and 1.5 million content items, the others thousands).
 */
export const PROVIDERS: readonly { readonly name: string | null; readonly serviceName: string | null; readonly providerType: ProviderType; readonly share: number }[] = [
  { name: 'Demo Messaging Ltd', serviceName: 'Demo Messenger', providerType: 'INTERPERSONAL_COMMUNICATION', share: 0.3 },
  { name: 'Demo Snap Inc', serviceName: 'Demo Snaps', providerType: 'INTERPERSONAL_COMMUNICATION', share: 0.1 },
  { name: 'Demo Mail BV', serviceName: 'Demo Webmail', providerType: 'INTERPERSONAL_COMMUNICATION', share: 0.06 },
  { name: 'Demo Social Media Corp', serviceName: 'Demo Photos', providerType: 'SOCIAL_MEDIA', share: 0.22 },
  { name: 'Demo Social Media Corp', serviceName: 'Demo Clips', providerType: 'SOCIAL_MEDIA', share: 0.1 },
  { name: 'Demo Cloud SA', serviceName: 'Demo Drive', providerType: 'HOSTING_OR_CLOUD', share: 0.08 },
  { name: 'Demo Games GmbH', serviceName: 'Demo Game Lobby', providerType: 'ONLINE_GAMING', share: 0.04 },
  { name: 'Demo Search Oy', serviceName: 'Demo Image Search', providerType: 'OTHER', share: 0.03 },
  { name: null, serviceName: null, providerType: 'UNKNOWN', share: 0.07 },
];

/** What hotline reports point at: mostly content on hosting services. */
export const HOTLINE_PROVIDER_TYPES: Record<'HOSTING_OR_CLOUD' | 'SOCIAL_MEDIA' | 'UNKNOWN', number> = {
  HOSTING_OR_CLOUD: 0.6,
  UNKNOWN: 0.3,
  SOCIAL_MEDIA: 0.1,
};

/** Yubo 2024 (Table 2): 742 new CSAM, 3 742 solicitation; Meta's volume is mostly known CSAM. */
export const CONTENT_CATEGORY_SHARES: Record<ContentCategory, number> = {
  KNOWN_CSAM: 0.56,
  NEW_CSAM: 0.19,
  SOLICITATION: 0.12,
  SEXTORTION: 0.08,
  UNKNOWN: 0.05,
};
export const HOTLINE_CONTENT_CATEGORY_SHARES: Record<'KNOWN_CSAM' | 'NEW_CSAM' | 'UNKNOWN', number> = { KNOWN_CSAM: 0.55, NEW_CSAM: 0.3, UNKNOWN: 0.15 };

/**
 * Hotlines count URLs, domains and incidents, not reports (FI: 71 domains, 439 URLs, 90 incidents); these keep
 * their unit and never add to report counts.
 */
export const HOTLINE_COUNT_UNIT_SHARES = { REPORT: 0.45, URL: 0.45, DOMAIN: 0.05, INCIDENT: 0.05 } as const;

/**
 * Repeat reports (same content hash or account; across years; the same CyberTipline report forwarded again by
 * Europol; an analyst's decision). Only FI (20-300) and DK (90 cases over years) estimated theirs; ~7 % in all
 * is an assumption inside the 5-10 % the brief asks for.
 */
export const REPEAT_SHARES = {
  sameContentHash: 0.033,
  sameAccount: 0.02,
  /** A repeat of a report received in the previous year (by hash or account). */
  acrossYears: 0.012,
  /** The same CyberTipline report forwarded by Europol or a foreign police force: same reference and hashes. */
  sameExternalReference: 0.003,
  /** Matched by an analyst, not by a key (MarkReportDuplicate, basis MANUAL). */
  manual: 0.004,
} as const;

/** Reports entered in error and withdrawn. */
export const WITHDRAWN_SHARE = 0.003;
/** Reports corrected after intake (provider type, category, Art. 3 flag, a date, a unit). */
export const CORRECTED_SHARE = 0.01;

/**
 * Received ≥ actionable (P2): BE 2024 counted only reports to be investigated (4 284 vs 11 910 in 2023);
 * SE: incoming ≠ to investigate. Two thirds actionable is an assumption.
 */
export const ACTIONABLE_SHARE = { provider: 0.66, hotline: 0.8 } as const;
export const NON_ACTIONABLE_REASON_SHARES: Record<NonActionableReason, number> = {
  NOT_CRIMINAL_UNDER_NATIONAL_LAW: 0.3,
  INSUFFICIENT_INFORMATION: 0.27,
  NO_LINK_TO_MEMBER_STATE: 0.23,
  NOT_CSAM: 0.15,
  OTHER: 0.05,
};
/** Re-assessed once (more information from the provider, or adult content after all): the latest counts. */
export const REASSESSED_SHARE = 0.01;
/** Reports of the year's last days still waiting for assessment when the demo's log ends. */
export const UNASSESSED_LAST_DAYS = 10;

/**
 * Investigations: DK opened 2 097 cases for 10 918 reports in 2024 (19 %), one investigation often covering
 * several reports (SE). 8 % of reports seeding an investigation, plus a few opened without any report.
 */
export const INVESTIGATION_PER_REPORT = 0.08;
export const INVESTIGATIONS_WITHOUT_REPORTS = 0.04;
export const SUSPECT_SHARE = 0.82;
export const SECOND_SUSPECT_SHARE = 0.08;
export const CHARGE_SHARE = { withoutChildren: 0.28, withChildren: 0.75 } as const;
export const CLOSED_WITHOUT_CHARGE_SHARE = 0.45;
export const CLOSE_OUTCOME_SHARES: Record<Exclude<InvestigationOutcome, 'CHARGES_FILED'>, number> = {
  NO_FURTHER_ACTION: 0.5,
  INSUFFICIENT_EVIDENCE: 0.35,
  TRANSFERRED: 0.1,
  OTHER: 0.05,
};
export const ONLINE_NEXUS_SHARES: Record<OnlineNexus, number> = { ONLINE: 0.88, UNKNOWN: 0.07, BOTH: 0.05, OFFLINE: 0 };
export const CONTACT_ABUSE_SHARE = 0.06;

/**
 * Children: SE 2024 had 118 for 23 834 reports, DK 105 for 10 918, NL 359 for 70 351 (Tables 6, 8): about one
 * child per hundred reports. Sex: SI 2024 161 F / 30 M, DK 62 / 43, PL 2022 520 F / 82 M / 23 not stated.
 */
export const CHILDREN_PER_INVESTIGATION = 0.13;
export const SEX_SHARES: Record<Sex, number> = { FEMALE: 0.64, MALE: 0.29, NOT_STATED: 0.07 };
export const AGE_BAND_SHARES: Record<AgeBand, number> = { '0-5': 0.06, '6-11': 0.18, '12-15': 0.52, '16-17': 0.19, UNKNOWN: 0.05 };
export const IDENTIFYING_BODY_SHARES: Record<IdentifyingBody, number> = { LAW_ENFORCEMENT: 0.88, SOCIAL_WELFARE: 0.1, OTHER: 0.02 };

/**
 * Judgments: DK 44 convictions in 2024 for 10 918 reports, SI 26 for 251, NL about 240 for 70 351 (Table 9),
 * so a few dozen for a medium member state; some acquittals, appeals, and convictions not yet final (P8).
 */
export const JUDGMENT_PER_CHARGE = 0.45;
export const JUDGMENT_OUTCOME_SHARES: Record<JudgmentOutcome, number> = { CONVICTED: 0.82, ACQUITTED: 0.12, OTHER: 0.06 };
export const JUDGMENT_SOURCE_SHARES: Record<JudgmentSource, number> = { COURT_REGISTRY: 0.8, PROSECUTION: 0.15, STATISTICS_OFFICE: 0.05, POLICE: 0 };
export const APPEAL_SHARE = 0.22;
export const APPEAL_DECIDED_SHARE = 0.55;
export const FINALITY_RECORDED_SHARE = 0.9;

/** Offence categories a report's content suggests. */
export const OFFENCES_FOR_CONTENT: Record<ContentCategory, Partial<Record<OffenceCategory, number>>> = {
  KNOWN_CSAM: { CSAM_POSSESSION_OR_ACQUISITION: 0.6, CSAM_DISTRIBUTION: 0.4 },
  NEW_CSAM: { CSAM_DISTRIBUTION: 0.6, CSAM_PRODUCTION: 0.4 },
  SOLICITATION: { SOLICITATION: 1 },
  SEXTORTION: { SEXTORTION: 0.8, CSAM_PRODUCTION: 0.2 },
  UNKNOWN: { CSAM_POSSESSION_OR_ACQUISITION: 0.7, OTHER: 0.3 },
};
