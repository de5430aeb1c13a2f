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
  // One cheap walk for every input; only an input it refuses is walked again, to name all its unsafe parts.
  if (hasUnsafePart(plain)) throw new InputInvalid(await errorsOfUnsafeInput(type, plain));
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

const UNSAFE_STRING_MESSAGE = 'must not contain NUL or unpaired surrogate characters';
const isUnsafeString = (value: string): boolean => value.includes('\u0000') || LONE_SURROGATE.test(value);
const TOO_DEEP_MESSAGE = `is nested more than ${MAX_DEPTH} levels deep`;
const childPath = (path: string, key: string): string => (path ? `${path}.${key}` : key);

/**
 * Nesting deeper than any input needs, prototype keys, and strings PostgreSQL cannot store (NUL, unpaired
 * surrogates) in values or keys: refused as invalid input before anything else looks at them. Iterative, so
 * hostile depth cannot overflow the stack here either. Stops at the first; every input passes through here.
 */
const hasUnsafePart = (plain: object): boolean => {
  const pending: [unknown, number][] = [[plain, 0]];
  while (pending.length > 0) {
    const [value, depth] = pending.pop()!;
    if (typeof value === 'string') {
      if (isUnsafeString(value)) return true;
    } else if (value !== null && typeof value === 'object') {
      if (depth >= MAX_DEPTH) return true;
      for (const [key, child] of Object.entries(value)) {
        if (PROTOTYPE_KEYS.has(key) || isUnsafeString(key)) return true;
        pending.push([child, depth + 1]);
      }
    }
  }
  return false;
};

/** What a copy of an input left out: each unsafe part named, and the paths of the values removed. */
interface UnsafeParts {
  readonly errors: FieldError[];
  readonly removedPaths: string[];
}

/**
 * The errors of an input with unsafe parts: each unsafe part named, and the fields class-validator finds invalid
 * in a copy without them. The unsafe parts never reach class-transformer or class-validator, and a removed value
 * is named for being unsafe only (what class-validator says of its absence is not about the value sent).
 */
const errorsOfUnsafeInput = async (type: new () => object, plain: object): Promise<FieldError[]> => {
  const unsafe: UnsafeParts = { errors: [], removedPaths: [] };
  const safeCopy = copyWithoutUnsafeParts(plain, '', 0, unsafe);
  // An error about a removed value, or about a list one of whose items was removed: class-validator words a check
  // of each item (`@Matches(…, { each: true })`) as an error of the whole list, which would describe the placeholder.
  const isItemOf = (removed: string, field: string) => /^\d+$/.test(removed.slice(field.length + 1));
  const wasRemoved = (field: string) =>
    unsafe.removedPaths.some(
      (removed) =>
        field === removed ||
        field.startsWith(`${removed}.`) ||
        (removed.startsWith(`${field}.`) && isItemOf(removed, field)),
    );
  const instance = plainToInstance(type, safeCopy, { enableImplicitConversion: false });
  const errors = flatten(await validate(instance, INPUT_VALIDATOR_OPTIONS));
  return mergedByField([...unsafe.errors, ...errors.filter(({ field }) => !wasRemoved(field))]);
};

/** The input without its unsafe parts, each of which `unsafe` records. Recursive: its depth is bounded. */
const copyWithoutUnsafeParts = (value: unknown, path: string, depth: number, unsafe: UnsafeParts): unknown => {
  const field = path || '(body)';
  if (typeof value === 'string') {
    if (!isUnsafeString(value)) return value;
    unsafe.errors.push({ field, messages: [UNSAFE_STRING_MESSAGE] });
    unsafe.removedPaths.push(field);
    return undefined;
  }
  if (value === null || typeof value !== 'object') return value;
  if (depth >= MAX_DEPTH) {
    unsafe.errors.push({ field, messages: [TOO_DEEP_MESSAGE] });
    unsafe.removedPaths.push(field);
    return undefined;
  }
  // An unsafe element becomes undefined rather than a hole, so that the later elements keep their indexes.
  if (Array.isArray(value)) {
    return value.map((child, index) => copyWithoutUnsafeParts(child, childPath(path, `${index}`), depth + 1, unsafe));
  }
  const copy: Record<string, unknown> = {};
  for (const [key, child] of Object.entries(value)) {
    // class-transformer skips these silently; no input has such a field, so say so instead.
    if (PROTOTYPE_KEYS.has(key)) {
      unsafe.errors.push({ field: childPath(path, key), messages: [`${key} is not an accepted field`] });
    } else if (isUnsafeString(key)) {
      unsafe.errors.push({ field, messages: ['has a field name with NUL or unpaired surrogate characters'] });
    } else {
      const safeChild = copyWithoutUnsafeParts(child, childPath(path, key), depth + 1, unsafe);
      if (safeChild !== undefined) copy[key] = safeChild;
    }
  }
  return copy;
};

/** One error per field, in the order the fields were first named, with all of its messages. */
const mergedByField = (errors: readonly FieldError[]): FieldError[] => {
  const messagesByField = new Map<string, string[]>();
  for (const { field, messages } of errors) {
    const known = messagesByField.get(field);
    if (known) known.push(...messages.filter((message) => !known.includes(message)));
    else messagesByField.set(field, [...messages]);
  }
  return [...messagesByField].map(([field, messages]) => ({ field, messages }));
};

const flatten = (errors: readonly ValidationError[], prefix = ''): FieldError[] =>
  errors.flatMap((error) => {
    const field = prefix ? `${prefix}.${error.property}` : error.property;
    const own = error.constraints ? [{ field, messages: Object.values(error.constraints) }] : [];
    return [...own, ...flatten(error.children ?? [], field)];
  });
