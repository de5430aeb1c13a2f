import { InputInvalid, validateInput } from '@registry/application';
import { AccessLogRequest } from './audit-requests';

const id = '0b9f6c1e-8d4a-4f7e-9a51-3c2d7e8f9a10';

/** What validateInput makes of `?record=`: the value it passes on, or the field errors of its 400. */
const answerTo = async (record: string): Promise<unknown> => {
  try {
    return (await validateInput(AccessLogRequest, { record })).record;
  } catch (error) {
    return error instanceof InputInvalid ? error.errors : error;
  }
};

const refused = [
  {
    field: 'record',
    messages: [
      'record must be a record id, <category>-<id>, statistics-<member state>, access-<member state>-<day> or ' +
        'notary-restores',
    ],
  },
];

describe('the record of an access-log search', () => {
  it.each([
    ['a record’s id', id.toUpperCase()],
    ['a record’s stream', `report-${id.toUpperCase()}`],
    ['an intake key’s stream', `reportKey-${id}`],
    ['an erasure’s stream', `erasure-${id}`],
    ['a stream of a category no stream has', `unknown-${id}`],
    ['a statistics stream', 'statistics-nl'],
    ['an access stream', 'access-nl-2025-01-15'],
    ['the stream of restores accepted', 'notary-restores'],
  ])('may be %s', async (_, record) => expect(await answerTo(record)).toBe(record));

  it.each([
    ['whitespace around an id', ` ${id} `],
    ['a member state and a day on a statistics stream', 'statistics-NL-2025-01-15'],
    // These three were accepted: 36 digits, letters a-f and dashes made an id.
    ['a two-letter prefix before a would-be id', `statistics-ab-${id.slice(3)}`],
    ['36 dashes for an id', '-'.repeat(36)],
    ['a stream with 36 dashes for an id', `report-${'-'.repeat(36)}`],
    ['a fixed stream name in upper case', 'NOTARY-RESTORES'],
  ])('may not be %s', async (_, record) => expect(await answerTo(record)).toEqual(refused));
});
