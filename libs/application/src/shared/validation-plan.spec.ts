import { plainToInstance, Type } from 'class-transformer';
import { agreementWithClassValidator, classValidatorAccepts as acceptsUnder } from '@registry/testing';
import { IsIn, IsInt, IsOptional, IsString, Length, ValidateIf, ValidateNested, Validate, ValidatorConstraint } from 'class-validator';
import { IMPORTABLE_COMMANDS } from '../imports/import-commands';
import { demoInputLines, inputSampleLines, inputSamples, writtenInputLines } from './input.fixtures';
import { INPUT_VALIDATOR_OPTIONS } from './validate-input';
import { isSurelyValid } from './validation-plan';

/** What class-validator says of an instance under validateInput's own options. */
const classValidatorAccepts = (instance: object): Promise<boolean> => acceptsUnder(instance, INPUT_VALIDATOR_OPTIONS);

const instanceOf = (type: string, data: unknown): object =>
  plainToInstance(IMPORTABLE_COMMANDS[type]!.input, data, { enableImplicitConversion: false });

describe('isSurelyValid: the compiled plan agrees with class-validator', () => {
  it('has samples of every importable command', () => {
    expect(new Set(inputSampleLines.map((line) => line.type))).toEqual(new Set(Object.keys(IMPORTABLE_COMMANDS)));
  });

  it('accepts every line of the demo data set and the written samples, as class-validator does', async () => {
    for (const line of [...demoInputLines, ...writtenInputLines]) {
      const instance = instanceOf(line.type, line.data);
      expect({ type: line.type, accepted: await classValidatorAccepts(instance) }).toEqual({ type: line.type, accepted: true });
      expect({ type: line.type, surelyValid: isSurelyValid(instance) }).toEqual({ type: line.type, surelyValid: true });
    }
  });

  it('answers exactly as class-validator does for every one-field variant of the samples', async () => {
    const { disagreements, accepted, refused } = await agreementWithClassValidator(
      isSurelyValid,
      INPUT_VALIDATOR_OPTIONS,
      inputSamples,
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
