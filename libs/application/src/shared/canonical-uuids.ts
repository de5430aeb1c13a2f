import { uuidFieldsOf } from './validation-plan';

/** A class, as class-validator keys its metadata (by constructor). */
type ClassType = abstract new (...args: never[]) => unknown;

/** The shape IsUUID accepts; only such strings are rewritten, whatever a condition let through unchecked. */
const UUID_SHAPE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Writes every uuid of a validated input (each property with @IsUUID, items of arrays, nested inputs) in lower
 * case, in place. Why: IsUUID accepts upper case, and an id becomes a stream name, an event's data and a
 * read-model key, all compared as text; `FEDCBA98-…` and `fedcba98-…` would be two records. HTTP bodies,
 * query classes and import lines all pass through `validateInput`, which calls this, so the log only ever holds
 * the lower-case form.
 *
 * The uuid properties are found once per class, with the class's validation plan (validation-plan.ts): no
 * reflection per input, and a class without uuids costs one map lookup.
 */
export const withCanonicalUuids = <T extends object>(instance: T): T => {
  canonicalise(instance);
  return instance;
};

const canonicalise = (object: object): void => {
  const plan = uuidFieldsOf(object.constructor as ClassType);
  const record = object as Record<string, unknown>;
  for (const { name, each } of plan.uuids) {
    const value = record[name];
    if (typeof value === 'string') record[name] = lowerCaseUuid(value);
    // A new array rather than writing into the one the instance was built with.
    else if (each && Array.isArray(value)) record[name] = value.map(lowerCaseUuid);
  }
  for (const name of plan.nested) canonicaliseNested(record[name]);
};

const canonicaliseNested = (value: unknown): void => {
  if (Array.isArray(value)) for (const item of value) canonicaliseNested(item);
  else if (value !== null && typeof value === 'object') canonicalise(value);
};

const lowerCaseUuid = (value: unknown): unknown =>
  typeof value === 'string' && UUID_SHAPE.test(value) ? value.toLowerCase() : value;
