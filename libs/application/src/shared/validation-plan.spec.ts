import { plainToInstance, Type } from 'class-transformer';
import { agreementWithClassValidator, classValidatorAccepts as acceptsUnder } from '@registry/testing';
import { IsIn, IsInt, IsOptional, IsString, Length, ValidateIf, ValidateNested, Validate, ValidatorConstraint } from 'class-validator';
import { generateDemoDataSet } from '../demo/demo-data-set';
import { IMPORTABLE_COMMANDS } from '../imports/import-commands';
import { INPUT_VALIDATOR_OPTIONS } from './validate-input';
import { isSurelyValid } from './validation-plan';

/** What class-validator says of an instance under validateInput's own options. */
const classValidatorAccepts = (instance: object): Promise<boolean> => acceptsUnder(instance, INPUT_VALIDATOR_OPTIONS);

const instanceOf = (type: string, data: unknown): object =>
  plainToInstance(IMPORTABLE_COMMANDS[type]!.input, data, { enableImplicitConversion: false });

describe('isSurelyValid: the compiled plan agrees with class-validator', () => {
  const lines = generateDemoDataSet({ memberState: 'NL', year: 2024, scale: 'small', seed: 1232 }).lines;
  /** The two command types the demo does not write (it neither submits nor withdraws a declaration). */
  const written = [
    { type: 'SubmitArticle8Report', data: { memberState: 'NL', snapshotId: '0b9f6c1e-8d4a-4f7e-9a51-3c2d7e8f9a10', submittedAt: '2025-03-31T12:00:00Z', submittedTo: 'European Commission' } },
    { type: 'WithdrawDataNotAvailable', data: { memberState: 'NL', year: 2024, metric: 'ART8_1_A', reason: 'the figures were found' } },
  ];
  /** A few lines of each command type, so that every input class and its optional fields appear. */
  const samples = [...Object.keys(IMPORTABLE_COMMANDS).flatMap((type) => lines.filter((line) => line.type === type).slice(0, 4)), ...written];

  it('has samples of every importable command', () => {
    expect(new Set(samples.map((line) => line.type))).toEqual(new Set(Object.keys(IMPORTABLE_COMMANDS)));
  });

  it('accepts every line of the demo data set and the samples written here, as class-validator does', async () => {
    for (const line of [...lines, ...written]) {
      const instance = instanceOf(line.type, line.data);
      expect({ type: line.type, accepted: await classValidatorAccepts(instance) }).toEqual({ type: line.type, accepted: true });
      expect({ type: line.type, surelyValid: isSurelyValid(instance) }).toEqual({ type: line.type, surelyValid: true });
    }
  });

  it('answers exactly as class-validator does for every one-field variant of the samples', async () => {
    const { disagreements, accepted, refused } = await agreementWithClassValidator(
      isSurelyValid,
      INPUT_VALIDATOR_OPTIONS,
      samples.map((line) => ({ type: IMPORTABLE_COMMANDS[line.type]!.input, data: line.data })),
    );
    expect(disagreements).toEqual([]);
    // Both answers occur often: the variants test the plan's refusals and its acceptances.
    expect(accepted).toBeGreaterThan(400);
    expect(refused).toBeGreaterThan(5000);
  });
});

describe('isSurelyValid: what it leaves to class-validator', () => {
  class Plain {
    name?: string;
  }

  @ValidatorConstraint({ name: 'eventually', async: true })
  class Eventually {
    validate = (value: unknown) => Promise.resolve(value === 'ok');
  }

  class Base {
    @IsString()
    id!: string;
  }

  class Derived extends Base {
    @IsOptional()
    @IsIn(['A', 'B'])
    kind?: string;

    @ValidateIf((object: Derived) => object.kind === 'A')
    @IsInt()
    count?: number;
  }

  class Inner {
    @Length(2, 2)
    code!: string;
  }

  class Outer {
    @ValidateNested({ each: true })
    @Type(() => Inner)
    inner!: Inner[];

    @Validate(Eventually)
    @IsOptional()
    later?: string;
  }

  it('is not sure of an object whose class has no validation metadata (forbidUnknownValues)', async () => {
    const instance = plainToInstance(Plain, { name: 'x' });
    expect(isSurelyValid(instance)).toBe(false);
    expect(await classValidatorAccepts(instance)).toBe(false);
  });

  it('follows inherited decorators, IsOptional and ValidateIf', async () => {
    for (const [data, valid] of [
      [{ id: 'a' }, true],
      [{ id: 'a', kind: null }, true],
      [{ id: 'a', kind: 'B', count: 'many' }, true],
      [{ id: 'a', kind: 'A', count: 'many' }, false],
      [{ id: 'a', kind: 'A', count: 3 }, true],
      [{ kind: 'A', count: 3 }, false],
      [{ id: 'a', extra: 1 }, false],
    ] as const) {
      const instance = plainToInstance(Derived, data);
      expect({ data, surelyValid: isSurelyValid(instance), classValidator: await classValidatorAccepts(instance) }).toEqual({
        data,
        surelyValid: valid,
        classValidator: valid,
      });
    }
  });

  it('leaves asynchronous validators to class-validator: not sure, though it may well be valid', async () => {
    const instance = plainToInstance(Outer, { inner: [{ code: 'NL' }], later: 'ok' });
    expect(isSurelyValid(instance)).toBe(false);
    expect(await classValidatorAccepts(instance)).toBe(true);
    expect(isSurelyValid(plainToInstance(Outer, { inner: [{ code: 'NL' }] }))).toBe(true);
  });

  it('validates nested arrays element by element', () => {
    expect(isSurelyValid(plainToInstance(Outer, { inner: [{ code: 'NL' }, { code: 'DE' }] }))).toBe(true);
    expect(isSurelyValid(plainToInstance(Outer, { inner: [{ code: 'NL' }, { code: 'DEU' }] }))).toBe(false);
    expect(isSurelyValid(plainToInstance(Outer, { inner: [{ code: 'NL' }, 'DE'] }))).toBe(false);
    expect(isSurelyValid(plainToInstance(Outer, { inner: 'NL' }))).toBe(false);
  });
});
