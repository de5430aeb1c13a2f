/**
 * The shared enumerations of domain.md for judgments (Art. 8(1)(c)). Only CONVICTED counts, and only while
 * it stands: an acquittal on appeal removes it.
 */
export const JUDGMENT_OUTCOMES = ['CONVICTED', 'ACQUITTED', 'OTHER'] as const;
export type JudgmentOutcome = (typeof JUDGMENT_OUTCOMES)[number];

/** Who told the registry about the judgment; a court registry is the most authoritative. */
export const JUDGMENT_SOURCES = ['COURT_REGISTRY', 'PROSECUTION', 'POLICE', 'STATISTICS_OFFICE'] as const;
export type JudgmentSource = (typeof JUDGMENT_SOURCES)[number];

/** BOTH: cross-appeals by defence and prosecution, heard together. */
export const APPEAL_PARTIES = ['DEFENCE', 'PROSECUTION', 'BOTH'] as const;
export type AppealParty = (typeof APPEAL_PARTIES)[number];
