import { randomBytes, randomUUID } from 'node:crypto';
import { openWith, parseSealed, sealWith } from './sealed-field';

describe('a sealed personal field', () => {
  const key = randomBytes(32);
  const subjectId = randomUUID();

  it('opens with its subject key', () => {
    const sealed = sealWith(key, subjectId, 'met the suspect at the station');
    expect(sealed).toMatch(/^pd1:/);
    expect(sealed).not.toContain('station');
    expect(openWith(key, parseSealed(sealed)!)).toBe('met the suspect at the station');
  });

  it('is the same string for the same value (retries stay idempotent) and differs for another value', () => {
    expect(sealWith(key, subjectId, 'a')).toBe(sealWith(key, subjectId, 'a'));
    expect(sealWith(key, subjectId, 'a')).not.toBe(sealWith(key, subjectId, 'b'));
  });

  it('does not open with another key, for another subject, or when altered', () => {
    const sealed = sealWith(key, subjectId, 'x');
    expect(openWith(randomBytes(32), parseSealed(sealed)!)).toBeNull();
    expect(openWith(key, { ...parseSealed(sealed)!, subjectId: randomUUID() })).toBeNull();
    const body = parseSealed(sealed)!.body;
    body[0] = body[0]! ^ 1;
    expect(openWith(key, { ...parseSealed(sealed)!, body })).toBeNull();
  });

  it('is recognised only in its exact form', () => {
    expect(parseSealed('pd1:not-sealed')).toBeNull();
    expect(parseSealed('an ordinary reason')).toBeNull();
  });
});
