import { canonicalId, canonicalStreamName } from './stream-names';

const id = '0b9f6c1e-8d4a-4f7e-9a51-3c2d7e8f9a10';
const ID = id.toUpperCase();

describe('a stream name', () => {
  it.each([
    ['a record', `report-${id}`],
    ['an investigation', `investigation-${id}`],
    ['a child', `child-${id}`],
    ['a judgment', `judgment-${id}`],
    ['an intake key', `reportKey-${id}`],
    ['an erasure', `erasure-${id}`],
    ['a member state’s statistics', 'statistics-NL'],
    ['a member state’s access records of a day', 'access-NL-2025-01-15'],
    ['the acceptances of restored databases', 'notary-restores'],
  ])('of %s, as the log spells it, names that stream', (_, name) => expect(canonicalStreamName(name)).toBe(name));

  it.each([
    ['the uuid in upper case', `report-${ID}`, `report-${id}`],
    ['the uuid in mixed case', `reportKey-${ID.slice(0, 18)}${id.slice(18)}`, `reportKey-${id}`],
    ['an erasure’s uuid in upper case', `erasure-${ID}`, `erasure-${id}`],
    ['the member state in lower case', 'statistics-nl', 'statistics-NL'],
    ['the member state in mixed case', 'statistics-nL', 'statistics-NL'],
    ['the access stream’s member state in lower case', 'access-de-2025-01-15', 'access-DE-2025-01-15'],
  ])('with %s names the stream the log holds', (_, name, stream) => expect(canonicalStreamName(name)).toBe(stream));

  it('keeps its category as spelled: categories are compared as text', () => {
    expect(canonicalStreamName(`Report-${ID}`)).toBe(`Report-${id}`);
    expect(canonicalStreamName(`reportkey-${id}`)).toBe(`reportkey-${id}`);
  });

  it('of a category no stream has still has the shape (its stream has no events)', () => {
    expect(canonicalStreamName(`unknown-${ID}`)).toBe(`unknown-${id}`);
    expect(canonicalStreamName(`statistics-${ID}`)).toBe(`statistics-${id}`);
  });

  it('accepts a uuid of any version, as ids are accepted', () => {
    expect(canonicalStreamName('report-00000000-0000-0000-0000-000000000000')).toBe(
      'report-00000000-0000-0000-0000-000000000000',
    );
  });

  it.each([
    ['a bare id', id],
    ['no id', 'report-'],
    ['an id that is no uuid', 'report-not-a-uuid'],
    ['36 dashes for an id', `report-${'-'.repeat(36)}`],
    ['a uuid without its dashes and four more digits', `report-${id.replace(/-/g, '')}abcd`],
    ['a uuid with a character more', `report-${id}0`],
    ['a two-letter prefix before a would-be id', `statistics-ab-${id.slice(3)}`],
    ['a member state and an id', `statistics-NL-${id}`],
    ['a category of two words', `report-key-${id}`],
    ['a category with a digit', `report2-${id}`],
    ['leading whitespace', ` report-${id}`],
    ['trailing whitespace', `report-${id} `],
    ['a trailing newline', `report-${id}\n`],
    ['whitespace around a statistics stream', ' statistics-NL '],
    ['a statistics stream with a day', 'statistics-NL-2025-01-15'],
    ['an access stream without its day', 'access-NL'],
    ['an access stream with a day written short', 'access-NL-2025-1-15'],
    ['a three-letter member state', 'statistics-NLD'],
    ['the statistics category in upper case', 'STATISTICS-NL'],
    ['the access category capitalised', 'Access-NL-2025-01-15'],
    ['a fixed name in upper case', 'NOTARY-RESTORES'],
    ['a fixed name capitalised', 'Notary-restores'],
    ['a fixed name with whitespace around it', ' notary-restores '],
    ['a fixed name shortened', 'notary-restore'],
    ['a fixed name with an id', `notary-restores-${id}`],
    ['nothing', ''],
  ])('with %s names no stream', (_, name) => expect(canonicalStreamName(name)).toBeUndefined());
});

describe('an id', () => {
  it('is written in lower case, as the log holds it', () => {
    expect(canonicalId(id)).toBe(id);
    expect(canonicalId(ID)).toBe(id);
  });

  it.each([
    ['a stream name', `report-${id}`],
    ['an id with whitespace around it', ` ${id} `],
    ['36 dashes', '-'.repeat(36)],
    ['a uuid without its dashes', id.replace(/-/g, '')],
  ])('%s is none', (_, value) => expect(canonicalId(value)).toBeUndefined());
});
