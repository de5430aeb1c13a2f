import type { ReportId } from './report.events';
import {
  accountKeys,
  claimedRoots,
  currentClaim,
  decideIntakeGroups,
  externalReferenceKey,
  findIntakeMatch,
  keysToRelease,
  matchingKeys,
  type IntakeGroup,
  type IntakeKey,
} from './report-intake';
import { aReportId, anotherReportId, aThirdReportId, someFacts } from './report.fixtures';

describe('intake keys', () => {
  it('derive the same key for the same member state and value, and another for another member state', () => {
    const facts = someFacts();
    expect(externalReferenceKey('NL', facts)).toEqual(externalReferenceKey('NL', facts));
    expect(externalReferenceKey('NL', facts)?.keyId).not.toBe(externalReferenceKey('BE', facts)?.keyId);
  });

  it('distinguish the channel for idempotency but not for repeat detection', () => {
    const viaNcmec = someFacts({ sourceChannel: 'NCMEC' });
    const viaEuropol = someFacts({ sourceChannel: 'EUROPOL' });
    expect(externalReferenceKey('NL', viaNcmec)?.keyId).not.toBe(externalReferenceKey('NL', viaEuropol)?.keyId);
    expect(matchingKeys('NL', viaNcmec)).toEqual(matchingKeys('NL', viaEuropol));
  });

  it('treat hash values case-insensitively and never expose them', () => {
    const lower = matchingKeys('NL', someFacts({ contentHashes: [{ algorithm: 'MD5', value: 'abcdef' }] }));
    const upper = matchingKeys('NL', someFacts({ contentHashes: [{ algorithm: 'MD5', value: 'ABCDEF' }] }));
    expect(lower).toEqual(upper);
    expect(JSON.stringify(lower)).not.toContain('abcdef');
  });

  it('have no external reference key without a reference', () =>
    expect(externalReferenceKey('NL', someFacts({ externalReference: null }))).toBeNull());
});

describe('the intake match', () => {
  const keys = matchingKeys('NL', someFacts());
  const claim = (reportId = anotherReportId, rootReportId = anotherReportId) =>
    ({ keyId: 'k', kind: 'CONTENT_HASH', reportId, rootReportId }) as const;

  it('is none when no key was claimed before', () => expect(findIntakeMatch(aReportId, keys, keys.map(() => undefined))).toBeNull());

  it('points at the root of the first claimed key, with the basis of that key', () =>
    expect(findIntakeMatch(aReportId, keys, [undefined, claim(anotherReportId, aThirdReportId), claim()])).toEqual({
      duplicateOfReportId: aThirdReportId,
      basis: 'SAME_CONTENT_HASH',
    }));

  it('ignores keys the report claimed itself', () =>
    expect(findIntakeMatch(aReportId, keys, keys.map(() => claim(aReportId, aReportId)))).toBeNull());
});

describe('an account key released by the erasure of the report that claimed it', () => {
  const [account] = accountKeys('NL', ['acct1:erased-account']) as [IntakeKey];
  const claimedBy = (reportId: ReportId) => ({
    type: 'ReportKeyClaimed',
    data: { keyId: account.keyId, kind: 'ACCOUNT', reportId, rootReportId: reportId },
  });
  const releasedBy = (reportId: ReportId) => ({
    type: 'ReportKeyReleased',
    data: { keyId: account.keyId, kind: 'ACCOUNT', reportId },
  });

  it('is matched by the same account as matchingKeys derives it', () => {
    const facts = someFacts({ externalReference: null, contentHashes: [], accountRefs: ['acct1:erased-account'] });
    expect(matchingKeys('NL', facts)).toEqual([account]);
  });

  it('reads as unclaimed, so a later report with that account is no repeat report', () => {
    const stream = [claimedBy(anotherReportId), releasedBy(anotherReportId)];
    expect(currentClaim(stream)).toBeUndefined();
    expect(findIntakeMatch(aReportId, [account], [currentClaim(stream)])).toBeNull();
    expect(claimedRoots(aReportId, [account], [currentClaim(stream)])).toEqual([]);
  });

  it('links later reports to the report that claimed it again, not to the erased one', () => {
    const stream = [claimedBy(anotherReportId), releasedBy(anotherReportId), claimedBy(aThirdReportId)];
    expect(findIntakeMatch(aReportId, [account], [currentClaim(stream)])).toEqual({
      duplicateOfReportId: aThirdReportId,
      basis: 'SAME_ACCOUNT',
    });
  });

  it('is released once, at the revision after its claim, and only when the erased report holds the claim', () => {
    const streams = new Map<IntakeKey, { type: string; data: unknown }[]>([[account, [claimedBy(anotherReportId)]]]);
    const release = keysToRelease(anotherReportId, [account, account], (key) => streams.get(key)!);
    expect(release).toEqual([{ event: releasedBy(anotherReportId), revision: 0 }]);
    // Claimed first by another report: the erased report was never the key's link.
    expect(keysToRelease(aThirdReportId, [account], (key) => streams.get(key)!)).toEqual([]);
    // Released already (an erasure repeated after a crash): nothing more.
    streams.set(account, [claimedBy(anotherReportId), releasedBy(anotherReportId)]);
    expect(keysToRelease(anotherReportId, [account], (key) => streams.get(key)!)).toEqual([]);
    // Claimed again by a later report, then that one erased: released at revision 2.
    streams.set(account, [claimedBy(anotherReportId), releasedBy(anotherReportId), claimedBy(aThirdReportId)]);
    expect(keysToRelease(aThirdReportId, [account], (key) => streams.get(key)!)).toEqual([
      { event: releasedBy(aThirdReportId), revision: 2 },
    ]);
  });
});

describe('a report whose keys were claimed in several groups', () => {
  // rid201 (10 January) claimed the content hash, rid202 (11 January) the account; rid203 carries both.
  const [rid201, rid202, rid203, rid150] = ['201', '202', '203', '150'].map(
    (n) => `00000000-0000-4000-8000-000000000${n}` as ReportId,
  ) as [ReportId, ReportId, ReportId, ReportId];
  const keys = matchingKeys('AT', someFacts({ externalReference: null, accountRefs: ['acctY001'] }));
  const claim = (reportId: ReportId, kind: 'CONTENT_HASH' | 'ACCOUNT') =>
    ({ keyId: 'k', kind, reportId, rootReportId: reportId }) as const;
  const claims = [claim(rid201, 'CONTENT_HASH'), claim(rid202, 'ACCOUNT')];
  const received = { [rid150]: '2023-12-01', [rid201]: '2024-01-10', [rid202]: '2024-01-11' };
  /** Each claimed root still a root, received as given; `withdrawn` ones not open. */
  const groupsAsRead =
    (receivedOn: Record<string, string> = received, withdrawn: readonly ReportId[] = []) =>
    (rootReportId: ReportId): IntakeGroup => ({
      rootReportId,
      receivedAt: `${receivedOn[rootReportId]}T09:00:00Z`,
      isOpen: !withdrawn.includes(rootReportId),
    });

  it('names both roots, so the handler reads where their groups stand', () => {
    expect(keys.map((key) => key.kind)).toEqual(['CONTENT_HASH', 'ACCOUNT']);
    expect(claimedRoots(rid203, keys, claims)).toEqual([rid201, rid202]);
    expect(claimedRoots(rid203, keys, [claims[0], claim(rid201, 'ACCOUNT')])).toEqual([rid201]);
  });

  it('joins the group of the root received first, and links the other root to it by the key that matched', () =>
    expect(decideIntakeGroups(rid203, keys, claims, groupsAsRead())).toEqual({
      match: { duplicateOfReportId: rid201, basis: 'SAME_CONTENT_HASH' },
      joins: [{ rootReportId: rid202, basis: 'SAME_ACCOUNT' }],
    }));

  it('prefers the earliest root to the first key\'s', () =>
    expect(decideIntakeGroups(rid203, keys, claims, groupsAsRead({ ...received, [rid201]: '2024-01-12' }))).toEqual({
      match: { duplicateOfReportId: rid202, basis: 'SAME_ACCOUNT' },
      joins: [{ rootReportId: rid201, basis: 'SAME_CONTENT_HASH' }],
    }));

  it('links nothing when both roots are one group by now, and points at its current root', () =>
    expect(decideIntakeGroups(rid203, keys, claims, () => groupsAsRead()(rid150))).toEqual({
      match: { duplicateOfReportId: rid150, basis: 'SAME_CONTENT_HASH' },
      joins: [],
    }));

  it('leaves a group whose root was withdrawn apart, as a marking by hand would', () => {
    expect(decideIntakeGroups(rid203, keys, claims, groupsAsRead(received, [rid201]))).toEqual({
      match: { duplicateOfReportId: rid202, basis: 'SAME_ACCOUNT' },
      joins: [],
    });
    expect(decideIntakeGroups(rid203, keys, claims, groupsAsRead(received, [rid201, rid202]))).toEqual({
      match: { duplicateOfReportId: rid201, basis: 'SAME_CONTENT_HASH' },
      joins: [],
    });
  });
});
