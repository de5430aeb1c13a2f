import fc from 'fast-check';
import { createHash } from 'node:crypto';
import { GENESIS_HEAD, canonicalEvent, canonicalJson, nextHead, sha256 } from './canonical-event';

/** The definition every existing chain was computed with: each object rebuilt with its keys sorted. */
const byReplacer = (value: unknown): string =>
  JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : v,
  );

/** Keys that order differently by code unit, by number and by collation, and keys that need escaping. */
const awkwardKey = fc.constantFrom('0', '1', '9', '10', '01', '-1', '4294967294', '4294967295', 'a', 'B', 'é', 'Z', 'ä', '😀', 'a"b', 'back\\slash', 'line\nbreak', '\ud800', '');
const key = fc.oneof(awkwardKey, fc.string({ maxLength: 6 }));
const leaf = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 12 }), // any code units, lone surrogates included
  fc.string({ maxLength: 12 }),
  fc.integer(),
  fc.double(),
  fc.constantFrom(-0, 1e21, 1e-7, Number.MAX_SAFE_INTEGER, true, false, null, undefined),
  fc.date({ noInvalidDate: true }),
);
const { value } = fc.letrec((tie) => ({
  value: fc.oneof({ depthSize: 'small', withCrossShrink: true }, leaf, tie('array'), tie('object')),
  array: fc.array(tie('value'), { maxLength: 4 }),
  object: fc.dictionary(key, tie('value'), { maxKeys: 6 }),
}));

describe('canonicalJson (the notary chain text)', () => {
  it('gives exactly the text of the sorted-keys replacer, for any JSON-like value', () => {
    fc.assert(
      fc.property(value, (generated) => {
        expect(canonicalJson(generated)).toBe(byReplacer(generated) ?? 'null');
      }),
      { numRuns: 2000 },
    );
  });

  it('escapes strings as docs/audit-verification.md says, and writes every other character as it is', () => {
    const text = canonicalJson({ plain: 'é 😀 \u007f \u2028', escaped: '"\\\b\t\n\f\r\u0001\u001f' });
    expect(text).toBe('{"escaped":"\\"\\\\\\b\\t\\n\\f\\r\\u0001\\u001f","plain":"é 😀 \u007f \u2028"}');
  });

  it('gives exactly that text for an event as the log holds it', () => {
    const event = {
      globalPosition: 42n,
      streamName: 'report-681d8b2c-ebbd-4622-80a7-e77200717a85',
      streamRevision: 0,
      position: 'unused',
      type: 'ReportReceived',
      data: {
        provider: { name: 'Snap', serviceName: 'Snapchat', providerType: 'INTERPERSONAL_COMMUNICATION' },
        contentHashes: [{ value: 'a9419d569e54645426fbd42938cab922', algorithm: 'MD5', matchedDatabase: null }],
        accountRefs: ['sealed:v1:…'],
        concernedMemberStates: ['IT'],
        detectedUnderArt3: false,
      },
      metadata: { actor: { role: 'admin', userId: 'bench' }, eventId: '8b8a9974-c52f-51f9-b89d-8577fb22b280', schemaVersion: 1 },
    };
    const { globalPosition, streamName, streamRevision, type, data, metadata } = event;
    expect(canonicalEvent(event as never)).toBe(
      byReplacer({ globalPosition: globalPosition.toString(), stream: streamName, revision: streamRevision, type, data, metadata }),
    );
  });
});

describe('the chain hashes', () => {
  it('are SHA-256 of the text as UTF-8, in lower-case hex, as a third party recomputes them', () => {
    // FIPS 180-2's test vector, and text beyond ASCII against a hash computed the long way.
    expect(sha256('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    const text = 'Ünïcödé ✓ 😀 {"a":1}';
    expect(sha256(text)).toBe(createHash('sha256').update(Buffer.from(text, 'utf8')).digest('hex'));
    // The documented start of every chain, and the head after one event whose canonical text hashes as 'abc'.
    expect(GENESIS_HEAD).toBe('03411c9552068dab1c3e219fc78a9fddbc27d3bfc4603b6cdf02665ff8007dc1');
    const afterOne = '62f3bc0928c16b34b66e39f4cc71a136dd669a22c508aca76556f4b51b5dc2ab';
    expect(nextHead(GENESIS_HEAD, sha256('abc'))).toBe(afterOne);
  });
});
