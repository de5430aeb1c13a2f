import { deterministicUuid, isUuid, timeOrderedUuid } from './ids';

describe('deterministicUuid', () => {
  it('is the RFC 9562 version 5 uuid of a name in a namespace', () => {
    // The example every uuid library agrees on: "python.org" in the DNS namespace.
    expect(deterministicUuid('python.org', '6ba7b810-9dad-11d1-80b4-00c04fd430c8')).toBe('886313e1-3b8a-5372-9b90-0c9aee199e5d');
  });

  it('keeps giving the ids already stored: event ids and claimed keys are derived with it', () => {
    expect(deterministicUuid('abc:0')).toBe('0aa74d6c-b0dc-577f-8d77-c2f98bf2840c');
    expect(deterministicUuid('é ü 漢字:3')).toBe('b4c842c1-6687-5a09-aab6-727a35009fb5');
    expect(deterministicUuid('')).toBe('46eface2-d29d-5307-9012-c5d0e9bf77d5');
  });

  it('gives different names different ids, each a valid version 5 uuid', () => {
    const ids = ['a:0', 'a:1', 'b:0'].map((name) => deterministicUuid(name));
    expect(new Set(ids).size).toBe(3);
    for (const id of ids) {
      expect(isUuid(id)).toBe(true);
      expect(id[14]).toBe('5');
    }
  });
});

describe('timeOrderedUuid', () => {
  it('is an RFC 9562 version 7 uuid whose first 48 bits are the Unix milliseconds', () => {
    const at = Date.UTC(2026, 11, 3, 14, 0, 0, 123);
    const id = timeOrderedUuid(at);
    expect(isUuid(id)).toBe(true);
    expect(id[14]).toBe('7');
    expect('89ab').toContain(id[19]);
    expect(parseInt(id.replace(/-/g, '').slice(0, 12), 16)).toBe(at);
  });

  // PostgreSQL compares uuids bytewise: the same order as their text.
  it('sorts ids made in later milliseconds after earlier ones', () => {
    const ids = [0, 1, 2, 1_000, 86_400_000].map((offset) => timeOrderedUuid(Date.UTC(2026, 0, 1) + offset));
    expect([...ids].sort()).toEqual(ids);
  });

  it('differs within one millisecond: 74 random bits, fresh for each id', () => {
    const at = Date.now();
    const ids = Array.from({ length: 2_000 }, () => timeOrderedUuid(at));
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids.slice(0, 20)) expect(isUuid(id)).toBe(true);
  });
});
