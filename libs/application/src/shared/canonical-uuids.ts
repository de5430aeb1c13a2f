import { getMetadataStorage, IS_UUID, ValidationTypes } from 'class-validator';

/** A class, as class-validator keys its metadata (by constructor). */
type ClassType = abstract new (...args: never[]) => unknown;

interface UuidPlan {
  /** Properties with @IsUUID: `each` when the decorator checks every item of an array. */
  readonly uuids: readonly { readonly name: string; readonly each: boolean }[];
  /** Properties with @ValidateNested, whose objects have uuids of their own. */
  readonly nested: readonly string[];
}

/** The shape IsUUID accepts; only such strings are rewritten, whatever a condition let through unchecked. */
const UUID_SHAPE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Writes every uuid of a validated input (each property with @IsUUID, items of arrays, nested inputs) in lower
 * case, in place. Why: IsUUID accepts upper case, and an id becomes a stream name, an event's data and a
 * read-model key, all compared as text; `FEDCBA98-…` and `fedcba98-…` would be two records. HTTP bodies,
 * query classes and import lines all pass through `validateInput`, which calls this, so the log only ever holds
 * the lower-case form.
 *
 * The uuid properties are found once per class from class-validator's metadata (as the validation plan is):
 * no reflection per input, and a class without uuids costs one map lookup.
 */
export const withCanonicalUuids = <T extends object>(instance: T): T => {
  canonicalise(instance);
  return instance;
};

const plans = new Map<ClassType, UuidPlan>();

const canonicalise = (object: object): void => {
  const plan = planOf(object.constructor as ClassType);
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

const planOf = (type: ClassType): UuidPlan => {
  let plan = plans.get(type);
  if (!plan) {
    plan = compile(type);
    plans.set(type, plan);
  }
  return plan;
};

const compile = (type: ClassType): UuidPlan => {
  // The metadata validateInput's validation sees (own and inherited; no groups), as validation-plan.ts asks.
  const metadatas = getMetadataStorage().getTargetValidationMetadatas(type, '', false, false);
  const uuids = new Map<string, boolean>();
  const nested = new Set<string>();
  for (const metadata of metadatas) {
    const { propertyName } = metadata;
    if (metadata.name === IS_UUID) uuids.set(propertyName, (uuids.get(propertyName) ?? false) || metadata.each);
    if (metadata.type === ValidationTypes.NESTED_VALIDATION) nested.add(propertyName);
  }
  return { uuids: [...uuids].map(([name, each]) => ({ name, each })), nested: [...nested] };
};
