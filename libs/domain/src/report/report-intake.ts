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
 *
 * Erasing a report releases the ACCOUNT keys it claimed (`ReportKeyReleased`), and the next report with that
 * account claims the key again in the same stream: an erased report's account links nothing to it any more.
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

/**
 * The report that claimed this key was erased (ADR 0005, the addendum on account keys): the key no longer
 * links anything to it, and the next report that carries it claims it afresh, at the revision after this.
 */
export type ReportKeyReleased = Event<
  'ReportKeyReleased',
  { readonly keyId: string; readonly kind: IntakeKeyKind; readonly reportId: ReportId }
>;

export type ReportKeyEvent = ReportKeyClaimed | ReportKeyReleased;

export const REPORT_KEY_CATEGORY = 'reportKey';

/**
 * The claim a key stream holds now: its last event, unless that released it (undefined: unclaimed). Only
 * ACCOUNT keys are ever released, so for every other stream this is its one event.
 */
export const currentClaim = (
  keyStreamEvents: readonly { readonly type: string; readonly data: unknown }[] | undefined,
): ReportKeyClaimed['data'] | undefined => {
  const last = keyStreamEvents?.at(-1);
  return last?.type === 'ReportKeyClaimed' ? (last.data as ReportKeyClaimed['data']) : undefined;
};

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
  ...accountKeys(memberState, facts.accountRefs),
];

/** The ACCOUNT keys of a report's (pseudonymised) account references: the keys its erasure may release. */
export const accountKeys = (memberState: MemberState, accountRefs: readonly string[]): IntakeKey[] =>
  accountRefs.map((account) => key('ACCOUNT', memberState, account));

/**
 * What erasing a report releases: each of its account keys whose current claim is the report's own, with the
 * revision to append at. A key another report claimed first was never the erased report's link, and one
 * already released (an erasure repeated after a crash) is left as it is.
 */
export const keysToRelease = (
  reportId: ReportId,
  keys: readonly IntakeKey[],
  keyStreamOf: (key: IntakeKey) => readonly { readonly type: string; readonly data: unknown }[],
): { readonly event: ReportKeyReleased; readonly revision: number }[] => {
  const released = new Set<string>();
  return keys.flatMap((intakeKey) => {
    const events = keyStreamOf(intakeKey);
    if (currentClaim(events)?.reportId !== reportId || released.has(intakeKey.keyId)) return [];
    released.add(intakeKey.keyId);
    const event: ReportKeyReleased = {
      type: 'ReportKeyReleased',
      data: { keyId: intakeKey.keyId, kind: intakeKey.kind, reportId },
    };
    return [{ event, revision: events.length - 1 }];
  });
};

const BASIS_OF: Record<Exclude<IntakeKeyKind, 'EXTERNAL_REFERENCE'>, IntakeMatch['basis']> = {
  REFERENCE: 'SAME_EXTERNAL_REFERENCE',
  CONTENT_HASH: 'SAME_CONTENT_HASH',
  ACCOUNT: 'SAME_ACCOUNT',
};

type RepeatBasis = IntakeMatch['basis'];

/** Whether a key's claim makes the new report a repeat report: claimed, not by itself, not "the same report again". */
const isRepeatClaim = (
  reportId: ReportId,
  intakeKey: IntakeKey,
  claim: ReportKeyClaimed['data'] | undefined,
): claim is ReportKeyClaimed['data'] =>
  claim !== undefined && claim.reportId !== reportId && intakeKey.kind !== 'EXTERNAL_REFERENCE';

/** The basis of a repeat claim's key (never EXTERNAL_REFERENCE: isRepeatClaim leaves that out). */
const basisOf = (intakeKey: IntakeKey): RepeatBasis => BASIS_OF[intakeKey.kind as keyof typeof BASIS_OF];

/** The claims that make the new report a repeat report, in key order. */
const repeatClaims = (
  reportId: ReportId,
  keys: readonly IntakeKey[],
  claims: readonly (ReportKeyClaimed['data'] | undefined)[],
): { readonly claim: ReportKeyClaimed['data']; readonly basis: RepeatBasis }[] =>
  keys.flatMap((intakeKey, index) => {
    const claim = claims[index];
    return isRepeatClaim(reportId, intakeKey, claim) ? [{ claim, basis: basisOf(intakeKey) }] : [];
  });

/**
 * The intake match for a new report, given the claims found for its matching keys (undefined: unclaimed).
 * The first claimed key wins, so a shared content hash outranks a shared account. Enough on its own when the
 * claims name at most one root (`claimedRoots`); otherwise see `decideIntakeGroups`.
 */
export const findIntakeMatch = (
  reportId: ReportId,
  keys: readonly IntakeKey[],
  claims: readonly (ReportKeyClaimed['data'] | undefined)[],
): IntakeMatch | null => {
  // Loops, not repeatClaims: this and claimedRoots run for every report recorded.
  for (const [index, intakeKey] of keys.entries()) {
    const claim = claims[index];
    if (isRepeatClaim(reportId, intakeKey, claim)) {
      return { duplicateOfReportId: claim.rootReportId, basis: basisOf(intakeKey) };
    }
  }
  return null;
};

/**
 * The group roots the claims name, each once, in key order. A claim names the root of its report's group when
 * it was claimed, so two roots may since have become one group; only the handler's reads can tell.
 */
export const claimedRoots = (
  reportId: ReportId,
  keys: readonly IntakeKey[],
  claims: readonly (ReportKeyClaimed['data'] | undefined)[],
): ReportId[] => {
  const roots: ReportId[] = [];
  for (const [index, intakeKey] of keys.entries()) {
    const claim = claims[index];
    if (!isRepeatClaim(reportId, intakeKey, claim) || roots.includes(claim.rootReportId)) continue;
    roots.push(claim.rootReportId);
  }
  return roots;
};

/** The group a claimed root belongs to now, as the handler read it from the report streams. */
export interface IntakeGroup {
  /** The group's current root: the claimed root, or the end of its duplicate links. */
  readonly rootReportId: ReportId;
  /** When the root was received (as corrected): the earliest open root's group is the one the others join. */
  readonly receivedAt: string;
  /**
   * The root exists and is not withdrawn. A withdrawn report can neither be marked nor be marked to
   * (MarkReportDuplicate refuses both), so a group with a withdrawn root is never merged, here as by hand.
   */
  readonly isOpen: boolean;
}

/** Another group's root that joins the new report's group, marked a duplicate the way an analyst's merge would. */
export interface IntakeGroupJoin {
  readonly rootReportId: ReportId;
  readonly basis: RepeatBasis;
}

export interface IntakeDecision {
  readonly match: IntakeMatch | null;
  readonly joins: readonly IntakeGroupJoin[];
}

/**
 * A case groups every report linked by a key (mission.md, definition 2), so a report whose keys were claimed in
 * two or more groups links them: it joins the group whose root was received first (the earliest report a
 * marking points to), and the roots of the other open groups are marked duplicates of that root, with the basis
 * of the first key that led into their group. `groupOf` answers for every root in `claimedRoots`.
 */
export const decideIntakeGroups = (
  reportId: ReportId,
  keys: readonly IntakeKey[],
  claims: readonly (ReportKeyClaimed['data'] | undefined)[],
  groupOf: (claimedRoot: ReportId) => IntakeGroup,
): IntakeDecision => {
  const groups = new Map<ReportId, IntakeGroup & { readonly basis: RepeatBasis }>();
  for (const { claim, basis } of repeatClaims(reportId, keys, claims)) {
    const group = groupOf(claim.rootReportId);
    if (!groups.has(group.rootReportId)) groups.set(group.rootReportId, { ...group, basis });
  }
  const found = [...groups.values()];
  const open = found.filter((group) => group.isOpen);
  // The earliest open root; on equal times the first key's, so that every reading decides the same.
  const receivedFirst = (one: (typeof open)[number], other: (typeof open)[number]) =>
    Date.parse(one.receivedAt) <= Date.parse(other.receivedAt) ? one : other;
  const survivor = open.reduce<(typeof open)[number] | undefined>(
    (earliest, group) => (earliest ? receivedFirst(earliest, group) : group),
    undefined,
  );
  const joinedTo = survivor ?? found[0];
  if (!joinedTo) return { match: null, joins: [] };
  return {
    match: { duplicateOfReportId: joinedTo.rootReportId, basis: joinedTo.basis },
    joins: open.filter((group) => group !== survivor).map(({ rootReportId, basis }) => ({ rootReportId, basis })),
  };
};
