import { InputInvalid } from '@registry/application';
import { StreamNameParam } from './input.pipe';

const id = '0b9f6c1e-8d4a-4f7e-9a51-3c2d7e8f9a10';
const pathParam = { type: 'param', data: 'stream' } as const;
const streamOf = (value: string): string => new StreamNameParam().transform(value, pathParam);
const refusalOf = (value: string): unknown => {
  try {
    return streamOf(value);
  } catch (error) {
    return error instanceof InputInvalid ? error.errors : error;
  }
};

describe('a path stream name', () => {
  it('is read as the log spells the stream: the id in lower case, the member state in upper case', () => {
    expect(streamOf(`report-${id.toUpperCase()}`)).toBe(`report-${id}`);
    expect(streamOf(`reportKey-${id.toUpperCase()}`)).toBe(`reportKey-${id}`);
    expect(streamOf(`erasure-${id}`)).toBe(`erasure-${id}`);
    expect(streamOf('statistics-nl')).toBe('statistics-NL');
    expect(streamOf('access-nl-2025-01-15')).toBe('access-NL-2025-01-15');
  });

  it('may be a stream of a fixed name, spelled exactly', () => {
    expect(streamOf('notary-restores')).toBe('notary-restores');
  });

  it('of a category no stream has passes, so that it is answered as a stream without events', () => {
    expect(streamOf(`unknown-${id}`)).toBe(`unknown-${id}`);
  });

  it.each([
    ['a bare id', id],
    ['whitespace around it', ' statistics-NL '],
    ['a member state and a day on a statistics stream', 'statistics-NL-2025-01-15'],
    // These three were taken for `<category>-<id>` streams: 36 digits, letters a-f and dashes made an id.
    ['36 dashes for an id', `report-${'-'.repeat(36)}`],
    ['digits for an id, without the dashes of a uuid', `report-${id.replace(/-/g, '')}abcd`],
    ['a two-letter prefix before a would-be id', `statistics-ab-${id.slice(3)}`],
    ['a fixed name in upper case', 'NOTARY-RESTORES'],
  ])('with %s is refused, naming the parameter', (_, value) =>
    expect(refusalOf(value)).toEqual([
      {
        field: 'stream',
        messages: [
          'stream must be <category>-<uuid>, statistics-<member state>, access-<member state>-<day> or notary-restores',
        ],
      },
    ]),
  );
});
