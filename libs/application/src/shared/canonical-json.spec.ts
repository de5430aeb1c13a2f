import { canonicalJson } from './canonical-json';

/** The definition: JSON.stringify with each object's entries sorted by localeCompare. */
const byDefinition = (value: unknown): string =>
  JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => a.localeCompare(b)))
      : v,
  );

describe('canonicalJson', () => {
  it.each([
    ['scalars', [null, true, false, 0, -1.5, 1e21, '', 'tab\there "quoted" \\ \u2028 é 𝄞']],
    ['mixed-case keys, which code-unit order would sort differently', { reporterKind: 1, reportId: 2, Zeta: 3, alpha: 4, _x: 5, 'a-b': 6, a_b: 7, A: 8, a: 9 }],
    ['nested objects and arrays', { type: 'RecordReport', data: { z: [{ b: 1, a: [2, { d: null, c: 'x' }] }], a: {} }, actor: 'me' }],
    ['undefined members, skipped as JSON.stringify skips them', { type: 'X', data: undefined }],
    ['undefined array items, written as null', [undefined, 1]],
    ['keys that look like numbers', { '10': 'a', '2': 'b', x: 'c' }],
  ])('writes %s exactly as the definition does', (_name, value) => {
    expect(canonicalJson(value)).toBe(byDefinition(value));
  });

  it('gives the same text whatever the key order of the input', () => {
    const one = JSON.parse('{"type":"RecordReport","data":{"reportId":"r","memberState":"NL","provider":{"name":"n","serviceName":"s"}}}') as unknown;
    const other = JSON.parse('{"data":{"provider":{"serviceName":"s","name":"n"},"memberState":"NL","reportId":"r"},"type":"RecordReport"}') as unknown;
    expect(canonicalJson(one)).toBe(canonicalJson(other));
    expect(canonicalJson(other)).toBe(byDefinition(one));
  });

  it('agrees with the definition on many generated documents (the shape memory included)', () => {
    let seed = 7;
    const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    const names = ['id', 'Id', 'reportId', 'reporterKind', 'a', 'B', 'c_d', 'e-f', '0', 'ß', 'é', 'Z'];
    const generate = (depth: number): unknown => {
      const pick = random();
      if (depth > 3 || pick < 0.3) return [null, true, 3.25, 'text', ''][Math.floor(random() * 5)];
      if (pick < 0.5) return Array.from({ length: Math.floor(random() * 4) }, () => generate(depth + 1));
      const keys = names.filter(() => random() < 0.4);
      return Object.fromEntries(keys.map((key) => [key, generate(depth + 1)]));
    };
    for (let run = 0; run < 2000; run++) {
      const value = generate(0);
      expect(canonicalJson(value)).toBe(byDefinition(value));
    }
  });
});
