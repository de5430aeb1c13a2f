import { IsString, ValidateBy } from 'class-validator';
/* eslint-disable no-restricted-imports -- test/support is the suite's shared test code, not another lib */
import { reportBody as validReport } from '../../../../test/support/lifecycle-fixtures';
/* eslint-enable no-restricted-imports */
import { RecordReportInput } from '../reports/report.inputs';
import { InputInvalid, validateInput, type FieldError } from './validate-input';

const errorsOf = async (plain: unknown): Promise<readonly FieldError[]> => {
  try {
    await validateInput(RecordReportInput, plain);
  } catch (error) {
    if (error instanceof InputInvalid) return error.errors;
    throw error;
  }
  throw new Error('the input was accepted');
};

const fieldsOf = async (plain: unknown) => (await errorsOf(plain)).map(({ field }) => field);

describe('validateInput', () => {
  it('accepts a valid input', async () => {
    await expect(validateInput(RecordReportInput, validReport())).resolves.toBeInstanceOf(RecordReportInput);
  });

  it('names every unsafe string and every invalid field of one input together', async () => {
    const input = {
      ...validReport(),
      reportId: 'bad',
      sourceOrganisation: 'a\u0000b',
      externalReference: 'x\ud800y',
    };
    expect((await fieldsOf(input)).sort()).toEqual(['externalReference', 'reportId', 'sourceOrganisation']);
  });

  it('names a prototype key and the invalid and missing fields beside it', async () => {
    const input = JSON.parse('{"__proto__":{},"reportId":"bad","receivedAt":"x"}');
    expect(await fieldsOf(input)).toEqual(
      expect.arrayContaining(['__proto__', 'reportId', 'receivedAt', 'memberState', 'contentCategory']),
    );
  });

  it('names an unsafe value by that alone, not by what class-validator says of the copy without it', async () => {
    const errors = await errorsOf({ ...validReport(), reportId: '\u0000' });
    expect(errors).toEqual([{ field: 'reportId', messages: ['must not contain NUL or unpaired surrogate characters'] }]);
  });

  it('names an unsafe item of a list of strings by that alone, not the list by its check of each item', async () => {
    const errors = await errorsOf({ ...validReport(), accountRefs: ['abcd1234', 'abcd\u0000'] });
    expect(errors).toEqual([
      { field: 'accountRefs.1', messages: ['must not contain NUL or unpaired surrogate characters'] },
    ]);
  });

  it('names unsafe parts nested in objects and arrays, and invalid fields beside them', async () => {
    const input = {
      ...validReport(),
      provider: { name: 'x\u0000', providerType: 'NEIGHBOUR' },
      contentHashes: [
        { algorithm: 'MD5', value: '\ud800' },
        { algorithm: 'CRC32', value: '<script>' },
      ],
    };
    expect((await fieldsOf(input)).sort()).toEqual([
      'contentHashes.0.value',
      'contentHashes.1.algorithm',
      'contentHashes.1.value',
      'provider.name',
      'provider.providerType',
    ]);
  });

  it('names an unsafe field name by the object that has it, with the invalid fields of that object', async () => {
    const input = { ...validReport(), provider: { ['a\u0000']: 1, providerType: 'NEIGHBOUR' } };
    expect(await errorsOf(input)).toEqual([
      { field: 'provider', messages: ['has a field name with NUL or unpaired surrogate characters'] },
      { field: 'provider.providerType', messages: [expect.any(String)] },
    ]);
  });

  it('names nesting too deep, and the invalid fields beside it', async () => {
    let deep: object = {};
    for (let level = 0; level < 20; level++) deep = { deeper: deep };
    const fields = await fieldsOf({ ...validReport(), memberState: 'UK', notes: deep });
    expect(fields).toEqual(expect.arrayContaining(['memberState', 'notes']));
    expect(fields.filter((field) => field.startsWith('notes.'))).toHaveLength(1);
  });

  it('never hands an unsafe value to a validator, while it validates the fields beside it', async () => {
    const seen: unknown[] = [];
    class Probe {
      @ValidateBy({ name: 'probe', validator: { validate: (value: unknown) => (seen.push(value), true) } })
      name!: unknown;

      @IsString()
      other!: unknown;
    }
    const error = await validateInput(Probe, { name: 'a\u0000', other: 1 }).catch((thrown: unknown) => thrown);
    expect((error as InputInvalid).errors.map(({ field }) => field)).toEqual(['name', 'other']);
    expect(seen).not.toContain('a\u0000');
  });
});
