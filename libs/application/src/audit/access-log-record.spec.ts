import { recordAsLogged } from './access-log-record';

const id = '0b9f6c1e-8d4a-4f7e-9a51-3c2d7e8f9a10';

describe('an access-log search by record', () => {
  it.each([
    ['a record’s id', id.toUpperCase(), id],
    ['a record’s stream', `report-${id.toUpperCase()}`, `report-${id}`],
    ['an intake key’s stream', `reportKey-${id.toUpperCase()}`, `reportKey-${id}`],
    ['an erasure’s stream', `erasure-${id}`, `erasure-${id}`],
    ['a stream of a category no stream has', `unknown-${id}`, `unknown-${id}`],
    ['a statistics stream', 'statistics-nl', 'statistics-NL'],
    ['an access stream', 'access-nl-2025-01-15', 'access-NL-2025-01-15'],
    ['the stream of restores accepted', 'notary-restores', 'notary-restores'],
  ])('for %s looks for it as reads are logged', (_, record, logged) => expect(recordAsLogged(record)).toBe(logged));

  it.each([
    ['whitespace around an id', ` ${id} `],
    ['whitespace around a stream', ` statistics-NL `],
    // These were searched for as if they were ids or streams; the first with its letters in upper case.
    ['a two-letter prefix before a would-be id', `statistics-ab-${id.slice(3)}`],
    ['36 dashes for an id', '-'.repeat(36)],
    ['a stream with 36 dashes for an id', `report-${'-'.repeat(36)}`],
    ['a would-be id without the dashes of a uuid', `${id.replace(/-/g, '')}abcd`],
  ])('with %s names no record', (_, record) => expect(recordAsLogged(record)).toBeUndefined());
});
