import { externalReferenceKey, findIntakeMatch, matchingKeys } from './report-intake';
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
