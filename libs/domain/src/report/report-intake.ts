import { deterministicUuid, type Event, type MemberState } from '../shared';
import type { IntakeMatch } from './report.commands';
import type { ReportFacts, ReportId } from './report.events';

/**
 * Intake keys make report intake idempotent and find repeat reports without a read model: each key is a
 * tiny stream (`reportKey-<uuid>`) whose first event claims it for one report. The uuid is derived from the
 * member state and the key's value, so the stream name reveals neither the hash nor the reference.
 *
 * - EXTERNAL_REFERENCE (channel + reference): the same report sent again through the same channel is the
 *   same report; recording it again answers the existing reportId.
 * - REFERENCE (reference alone), CONTENT_HASH, ACCOUNT: a later report with the same value is a repeat report
 *   of the earlier one's case and is marked a duplicate at intake.
 */
export type IntakeKeyKind = 'EXTERNAL_REFERENCE' | 'REFERENCE' | 'CONTENT_HASH' | 'ACCOUNT';

export interface IntakeKey {
  readonly kind: IntakeKeyKind;
  readonly keyId: string;
}

/** The first report that carried this key, and the root of its duplicate group at that time. */
export type ReportKeyClaimed = Event<
  'ReportKeyClaimed',
  { readonly keyId: string; readonly kind: IntakeKeyKind; readonly reportId: ReportId; readonly rootReportId: ReportId }
>;

export const REPORT_KEY_CATEGORY = 'reportKey';

const key = (kind: IntakeKeyKind, memberState: MemberState, ...parts: string[]): IntakeKey => ({
  kind,
  keyId: deterministicUuid([kind, memberState, ...parts].join('\u0000')),
});

/** The key that identifies "the same report again", if the report has an external reference. */
export const externalReferenceKey = (memberState: MemberState, facts: Pick<ReportFacts, 'sourceChannel' | 'externalReference'>): IntakeKey | null =>
  facts.externalReference ? key('EXTERNAL_REFERENCE', memberState, facts.sourceChannel, facts.externalReference) : null;

/** Keys whose earlier owner makes this report a repeat report, in order of how strong the evidence is. */
export const matchingKeys = (
  memberState: MemberState,
  facts: Pick<ReportFacts, 'externalReference' | 'contentHashes' | 'accountRefs'>,
): IntakeKey[] => [
  ...(facts.externalReference ? [key('REFERENCE', memberState, facts.externalReference)] : []),
  ...facts.contentHashes.map((hash) => key('CONTENT_HASH', memberState, hash.algorithm, hash.value.toLowerCase())),
  ...facts.accountRefs.map((account) => key('ACCOUNT', memberState, account)),
];

const BASIS_OF: Record<Exclude<IntakeKeyKind, 'EXTERNAL_REFERENCE'>, IntakeMatch['basis']> = {
  REFERENCE: 'SAME_EXTERNAL_REFERENCE',
  CONTENT_HASH: 'SAME_CONTENT_HASH',
  ACCOUNT: 'SAME_ACCOUNT',
};

/**
 * The intake match for a new report, given the claims found for its matching keys (undefined: unclaimed).
 * The first claimed key wins, so a shared content hash outranks a shared account.
 */
export const findIntakeMatch = (
  reportId: ReportId,
  keys: readonly IntakeKey[],
  claims: readonly (ReportKeyClaimed['data'] | undefined)[],
): IntakeMatch | null => {
  for (const [index, intakeKey] of keys.entries()) {
    const claim = claims[index];
    if (!claim || claim.reportId === reportId || intakeKey.kind === 'EXTERNAL_REFERENCE') continue;
    return { duplicateOfReportId: claim.rootReportId, basis: BASIS_OF[intakeKey.kind] };
  }
  return null;
};
