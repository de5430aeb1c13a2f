import { isDeepStrictEqual } from 'node:util';
import { plainToInstance } from 'class-transformer';
import { validate, type ValidatorOptions } from 'class-validator';

/** An input class and a valid plain input of it. */
export interface ValidationSample {
  readonly type: new () => object;
  readonly data: unknown;
}

/** A variant on which the verdict and class-validator differ. */
export interface ValidationDisagreement {
  readonly type: string;
  readonly data: unknown;
  readonly classValidatorAccepts: boolean;
}

export interface ValidationAgreement {
  /** None when they agree. */
  readonly disagreements: readonly ValidationDisagreement[];
  /** How many variants class-validator accepted and refused: both should be many, or the comparison says little. */
  readonly accepted: number;
  readonly refused: number;
}

/** What class-validator says of an instance under the given options (validateInput's: INPUT_VALIDATOR_OPTIONS). */
export const classValidatorAccepts = async (instance: object, options: ValidatorOptions): Promise<boolean> =>
  (await validate(instance, options)).length === 0;

/**
 * Compares a faster verdict on inputs (true: valid) with class-validator, under the options it stands in for, on
 * every one-field variant of the samples: each field, at any depth, removed or replaced by a value of another type
 * or shape, and a field added.
 */
export const agreementWithClassValidator = async (
  verdict: (instance: object) => boolean,
  options: ValidatorOptions,
  samples: readonly ValidationSample[],
): Promise<ValidationAgreement> => {
  const disagreements: ValidationDisagreement[] = [];
  let accepted = 0;
  let refused = 0;
  for (const { type, data } of samples) {
    for (const variant of variantsOf(data)) {
      const instance = plainToInstance(type, variant, { enableImplicitConversion: false });
      const expected = await classValidatorAccepts(instance, options);
      if (verdict(instance) !== expected) {
        disagreements.push({ type: type.name, data: variant, classValidatorAccepts: expected });
      }
      if (expected) accepted++;
      else refused++;
    }
  }
  return { disagreements, accepted, refused };
};

/** How a faster `plainToInstance` compares with class-transformer's on the one-field variants of the samples. */
export interface InstanceAgreement {
  /** Variants whose instance differs from class-transformer's (class, fields or nesting). None when they agree. */
  readonly disagreements: readonly { readonly type: string; readonly data: unknown }[];
  /** Variants it built, and variants it left to class-transformer (answered undefined). */
  readonly built: number;
  readonly left: number;
}

/**
 * Compares a faster `plainToInstance` (undefined: "not mine, ask class-transformer") with class-transformer's,
 * without implicit conversion, on the same variants as `agreementWithClassValidator`: what it builds must be
 * deeply and strictly equal, prototypes included.
 */
export const agreementWithClassTransformer = (
  build: (type: new () => object, plain: object) => object | undefined,
  samples: readonly ValidationSample[],
): InstanceAgreement => {
  const disagreements: { type: string; data: unknown }[] = [];
  let built = 0;
  let left = 0;
  for (const { type, data } of samples) {
    for (const variant of [data, ...variantsOf(data)]) {
      if (variant === null || typeof variant !== 'object' || Array.isArray(variant)) continue;
      const instance = build(type, variant);
      if (instance === undefined) {
        left++;
        continue;
      }
      built++;
      if (!isDeepStrictEqual(instance, plainToInstance(type, variant, { enableImplicitConversion: false }))) {
        disagreements.push({ type: type.name, data: variant });
      }
    }
  }
  return { disagreements, built, left };
};

/** The values a field is set to in turn: wrong types, empty and odd shapes, and values that are often right. */
// prettier-ignore
const ODD_VALUES: readonly unknown[] = [
  undefined, null, 0, 42, -1, 1.5, '', 'x', 'NL', '2024', true, false,
  [], ['x'], [null], [{}], {}, { x: 1 },
];

const variantsOf = (data: unknown): unknown[] => {
  if (Array.isArray(data)) {
    const withItemVaried = data.flatMap((item, index) =>
      variantsOf(item).map((variant) => data.map((other, at) => (at === index ? variant : other))),
    );
    return [...withItemVaried, [...data, ...data]];
  }
  if (data === null || typeof data !== 'object') return [];
  const fields = Object.entries(data as Record<string, unknown>);
  return [
    { ...data, unexpected: 1 },
    ...fields.flatMap(([key, value]) => [
      ...ODD_VALUES.map((odd) => ({ ...data, [key]: odd })),
      Object.fromEntries(fields.filter(([other]) => other !== key)),
      ...variantsOf(value).map((variant) => ({ ...data, [key]: variant })),
    ]),
  ];
};
