import { plainToInstance } from 'class-transformer';
import { validate, type ValidationError, type ValidatorOptions } from 'class-validator';
import { withCanonicalUuids } from './canonical-uuids';
import { instanceByPlan } from './instance-plan';
import { isSurelyValid } from './validation-plan';

export interface FieldError {
  readonly field: string;
  readonly messages: readonly string[];
}

/** Shape errors of one input, every bad field named (dotted paths for nested fields). */
export class InputInvalid extends Error {
  readonly code = 'INPUT.INVALID';
  constructor(readonly errors: readonly FieldError[]) {
    super(`Invalid input: ${errors.map((error) => `${error.field} ${error.messages.join('; ')}`).join(', ')}`);
    this.name = 'InputInvalid';
  }
}

/** Unknown fields are errors, and so is an object of no validated class. The compiled plan assumes these. */
export const INPUT_VALIDATOR_OPTIONS: Readonly<ValidatorOptions> = {
  whitelist: true,
  forbidNonWhitelisted: true,
  forbidUnknownValues: true,
};

/**
 * Validates a plain object against a class-validator class: unknown fields are errors, values are not
 * coerced, except that uuids are written in lower case (one record has one id). HTTP and NDJSON import use this
 * same function, so both reject exactly the same inputs and record the same ids.
 */
export const validateInput = async <T extends object>(type: new () => T, plain: unknown): Promise<T> => {
  if (plain === null || typeof plain !== 'object' || Array.isArray(plain)) {
    throw new InputInvalid([{ field: '(body)', messages: ['must be a JSON object'] }]);
  }
  const unsafe = unsafePart(plain);
  if (unsafe) throw new InputInvalid([unsafe]);
  // The compiled plan builds most instances; what it does not follow, class-transformer does.
  const instance = instanceByPlan(type, plain) ?? plainToInstance(type, plain, { enableImplicitConversion: false });
  // Most inputs are valid: the compiled plan says so at a fraction of the cost; class-validator words the errors.
  if (isSurelyValid(instance)) return withCanonicalUuids(instance);
  const errors = await validate(instance, INPUT_VALIDATOR_OPTIONS);
  if (errors.length > 0) throw new InputInvalid(flatten(errors));
  return withCanonicalUuids(instance);
};

/** No input is nested deeper than this; deeper ones would only exhaust the stack of the validators. */
const MAX_DEPTH = 16;
const PROTOTYPE_KEYS = new Set(['__proto__', 'constructor', 'prototype']);
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/**
 * Nesting deeper than any input needs, prototype keys, and strings PostgreSQL cannot store (NUL, unpaired
 * surrogates) in values or keys: refused as invalid input before anything else looks at them. Iterative, so
 * hostile depth cannot overflow the stack here either.
 */
const unsafePart = (plain: object): FieldError | undefined => {
  const pending: [unknown, string, number][] = [[plain, '', 0]];
  while (pending.length > 0) {
    const [value, path, depth] = pending.pop()!;
    if (typeof value === 'string') {
      if (value.includes('\u0000') || LONE_SURROGATE.test(value)) {
        return { field: path || '(body)', messages: ['must not contain NUL or unpaired surrogate characters'] };
      }
    } else if (value !== null && typeof value === 'object') {
      if (depth >= MAX_DEPTH) return { field: path || '(body)', messages: [`is nested more than ${MAX_DEPTH} levels deep`] };
      for (const [key, child] of Object.entries(value)) {
        // class-transformer skips these silently; no input has such a field, so say so instead.
        if (PROTOTYPE_KEYS.has(key)) return { field: path ? `${path}.${key}` : key, messages: [`${key} is not an accepted field`] };
        pending.push([key, path || '(body)', depth + 1], [child, path ? `${path}.${key}` : key, depth + 1]);
      }
    }
  }
  return undefined;
};

const flatten = (errors: readonly ValidationError[], prefix = ''): FieldError[] =>
  errors.flatMap((error) => {
    const field = prefix ? `${prefix}.${error.property}` : error.property;
    const own = error.constraints ? [{ field, messages: Object.values(error.constraints) }] : [];
    return [...own, ...flatten(error.children ?? [], field)];
  });
