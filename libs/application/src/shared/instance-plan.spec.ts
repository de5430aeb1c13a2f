import { isDeepStrictEqual } from 'node:util';
import { Exclude, Expose, plainToInstance, Transform, Type } from 'class-transformer';
import { IsIn, IsOptional, IsString, Length, ValidateNested } from 'class-validator';
import { agreementWithClassTransformer } from '@registry/testing';
import { IMPORTABLE_COMMANDS } from '../imports/import-commands';
import { demoInputLines, inputSamples, writtenInputLines } from './input.fixtures';
import { instanceByPlan } from './instance-plan';

const transformed = (type: new () => object, plain: object): object =>
  plainToInstance(type, plain, { enableImplicitConversion: false });

describe('instanceByPlan: the compiled plan builds what class-transformer builds', () => {
  it('builds every line of the demo data set and the samples itself, equal to class-transformer’s instance', () => {
    for (const line of [...demoInputLines, ...writtenInputLines]) {
      const type = IMPORTABLE_COMMANDS[line.type]!.input;
      const instance = instanceByPlan(type, line.data as object);
      expect({ type: line.type, built: instance !== undefined }).toEqual({ type: line.type, built: true });
      expect(isDeepStrictEqual(instance, transformed(type, line.data as object))).toBe(true);
    }
  });

  it('builds the same instance as class-transformer for every one-field variant it does not leave to it', () => {
    const { disagreements, built, left } = agreementWithClassTransformer(instanceByPlan, inputSamples);
    expect(disagreements).toEqual([]);
    // Both occur often: wrong shapes go to class-transformer, most others are built here.
    expect(built).toBeGreaterThan(5000);
    expect(left).toBeGreaterThan(200);
  });
});

describe('instanceByPlan: what it leaves to class-transformer', () => {
  class Inner {
    @Length(2, 2)
    code!: string;
  }

  class Outer {
    @ValidateNested({ each: true })
    @Type(() => Inner)
    inner!: Inner[];

    @IsOptional()
    @IsString()
    note?: string;
  }

  class Renamed {
    @Expose({ name: 'kind_code' })
    @IsIn(['A'])
    kind!: string;
  }

  class Trimmed {
    @Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value))
    @IsString()
    name!: string;
  }

  class Hidden {
    @IsString()
    name!: string;

    @Exclude()
    @IsOptional()
    secret?: string;
  }

  class WithAccessor {
    @IsString()
    get label(): string {
      return 'fixed';
    }
  }

  it('builds nested classes and copies arrays, as class-transformer does', () => {
    const plain = { inner: [{ code: 'NL' }, { code: 'DE' }], note: 'x' };
    const instance = instanceByPlan(Outer, plain) as Outer;
    expect(instance).toBeInstanceOf(Outer);
    expect(instance.inner[0]).toBeInstanceOf(Inner);
    expect(instance.inner).not.toBe(plain.inner);
    expect(isDeepStrictEqual(instance, transformed(Outer, plain))).toBe(true);
  });

  it('leaves unknown fields, and scalars or objects out of place, to class-transformer', () => {
    for (const plain of [
      { inner: [], unexpected: 1 },
      { inner: 'NL' },
      { inner: [{ code: 'NL' }, 'DE'] },
      { inner: [{ code: 'NL' }, null] },
      { inner: null },
      { inner: [], note: { text: 'x' } },
      { inner: [], note: [['x']] },
      { inner: [{ code: 'NL', toString: 'x' }] },
    ]) {
      expect({ plain, built: instanceByPlan(Outer, plain) }).toEqual({ plain, built: undefined });
    }
  });

  it('leaves classes with @Expose, @Transform, @Exclude, accessors or no validated property to it', () => {
    class Undecorated {
      name?: string;
    }
    class Unconstructible {
      @IsString()
      name!: string;

      constructor() {
        throw new Error('not here');
      }
    }
    expect(instanceByPlan(Renamed, { kind: 'A' })).toBeUndefined();
    expect(instanceByPlan(Trimmed, { name: ' a ' })).toBeUndefined();
    expect(instanceByPlan(Hidden, { name: 'a' })).toBeUndefined();
    expect(instanceByPlan(WithAccessor, { label: 'a' })).toBeUndefined();
    expect(instanceByPlan(Undecorated, { name: 'a' })).toBeUndefined();
    expect(instanceByPlan(Unconstructible, { name: 'a' })).toBeUndefined();
  });
});
