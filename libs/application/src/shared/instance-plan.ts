import { TransformationType } from 'class-transformer';
// The metadata the decorators write; class-transformer has no public way to read it (types: ./class-transformer.d.ts).
import { defaultMetadataStorage } from 'class-transformer/cjs/storage';
import { getMetadataStorage } from 'class-validator';

type TypeMetadata = NonNullable<ReturnType<typeof defaultMetadataStorage.findTypeMetadata>>;

/** An input class, as class-transformer and class-validator key their metadata (by constructor). */
type InputClass = new () => object;

interface InstancePlan {
  /** Every property with a validation decorator (the whitelist), and the class of its objects where @Type names one. */
  readonly properties: ReadonlyMap<string, NestedProperty | undefined>;
}

/** A property whose objects become instances of another class (@Type). */
interface NestedProperty {
  /** The `@Type` function, asked as class-transformer asks it. */
  readonly typeFunction: TypeMetadata['typeFunction'];
  /** The property's declared type (emitted decorator metadata): the kind of array class-transformer builds. */
  readonly declaredType: unknown;
}

/**
 * `plainToInstance(type, plain, { enableImplicitConversion: false })` for parsed JSON, compiled once per class
 * from the same decorators: `@Type` for nested classes, the validated properties as the whitelist. Undefined
 * where it does not follow class-transformer exactly, and `validateInput` then calls class-transformer itself:
 * a key that is not a validated property (the slow path names it), an object where a scalar or an array of
 * scalars is expected, or a class with decorators it does not follow (@Expose, @Exclude, @Transform, a
 * discriminator, accessors).
 *
 * Why: class-transformer looks up its metadata for every key of every object, and an import transforms
 * millions of lines, the API one body a request; the lookups were about 60 % of validating a report.
 */
export const instanceByPlan = <T extends object>(type: new () => T, plain: object): T | undefined =>
  instanceOf(type, plain) as T | undefined;

const plans = new Map<InputClass, InstancePlan | null>();

const instanceOf = (type: InputClass, plain: object): object | undefined => {
  const plan = planOf(type);
  if (!plan || Object.getPrototypeOf(plain) !== Object.prototype) return undefined;
  const instance = new type() as Record<string, unknown>;
  for (const key of Object.keys(plain)) {
    if (!plan.properties.has(key)) return undefined;
    const value = (plain as Record<string, unknown>)[key];
    const nested = plan.properties.get(key);
    const copied = nested ? nestedValue(nested, instance, plain, key, value) : scalarsOf(value);
    if (copied === NOT_FOLLOWED) return undefined;
    instance[key] = copied;
  }
  return instance;
};

/** What the plan does not follow: the caller falls back to class-transformer. */
const NOT_FOLLOWED = Symbol('not followed');

/** A value of a property without @Type: scalars kept, arrays of scalars copied (as class-transformer copies arrays). */
const scalarsOf = (value: unknown): unknown => {
  if (value === null || typeof value !== 'object') return value;
  if (!Array.isArray(value) || value.some((item) => item !== null && typeof item === 'object')) return NOT_FOLLOWED;
  return value.slice();
};

/** An object, or an array of objects, of a property with @Type: each an instance of that class. */
const nestedValue = (
  property: NestedProperty,
  newObject: object,
  object: object,
  key: string,
  value: unknown,
): unknown => {
  if (value === null || typeof value !== 'object') return NOT_FOLLOWED;
  const type: unknown = property.typeFunction({ newObject, object, property: key });
  if (typeof type !== 'function' || !planOf(type as InputClass)) return NOT_FOLLOWED;
  if (!Array.isArray(value)) return instanceOf(type as InputClass, value) ?? NOT_FOLLOWED;
  // class-transformer builds the array as the declared type, when that is an array class.
  if (property.declaredType !== undefined && property.declaredType !== Array && property.declaredType !== Object)
    return NOT_FOLLOWED;
  const items: object[] = [];
  for (const item of value) {
    const instance =
      item !== null && typeof item === 'object' ? instanceOf(type as InputClass, item as object) : undefined;
    if (!instance) return NOT_FOLLOWED;
    items.push(instance);
  }
  return items;
};

const planOf = (type: InputClass): InstancePlan | null => {
  let plan = plans.get(type);
  if (plan === undefined) {
    plan = compile(type);
    plans.set(type, plan);
  }
  return plan;
};

/** Classes class-transformer converts to rather than instantiates as objects (`@Type(() => Date)` and the like). */
const CONVERTED_TYPES: readonly unknown[] = [String, Number, Boolean, Date, Buffer, Map, Set, Array, Object, Promise];

/**
 * Null when the class uses a decorator or a shape the plan does not follow, or is no input class at all (a
 * `@Type` function may answer anything; one that cannot be constructed is class-transformer's to report).
 */
const compile = (type: InputClass): InstancePlan | null => {
  if (CONVERTED_TYPES.includes(type)) return null;
  try {
    return compileClass(type);
  } catch {
    return null;
  }
};

const compileClass = (type: InputClass): InstancePlan | null => {
  const names = new Set(
    getMetadataStorage()
      .getTargetValidationMetadatas(type, '', false, false)
      .map((metadata) => metadata.propertyName),
  );
  const storage = defaultMetadataStorage;
  if (names.size === 0 || storage.getStrategy(type) !== 'none') return null;
  if (storage.getExposedMetadatas(type).length > 0 || storage.getExcludedMetadatas(type).length > 0) return null;
  const sample = new type() as Record<string, unknown>;
  const properties = new Map<string, NestedProperty | undefined>();
  for (const name of names) {
    // class-transformer skips keys the class has as a method or an accessor.
    if (definedOnPrototypes(type.prototype as object, name) || sample[name] instanceof Function) return null;
    if (storage.findTransformMetadatas(type, name, TransformationType.PLAIN_TO_CLASS).length > 0) return null;
    const typeMetadata = storage.findTypeMetadata(type, name);
    if (!typeMetadata) {
      properties.set(name, undefined);
      continue;
    }
    if (typeMetadata.options?.discriminator || typeMetadata.reflectedType === Map || !typeMetadata.typeFunction)
      return null;
    properties.set(name, {
      typeFunction: typeMetadata.typeFunction,
      declaredType: typeMetadata.reflectedType as unknown,
    });
  }
  return { properties };
};

const definedOnPrototypes = (prototype: object | null, name: string): boolean => {
  for (let at = prototype; at && at !== Object.prototype; at = Object.getPrototypeOf(at) as object | null) {
    if (Object.getOwnPropertyDescriptor(at, name)) return true;
  }
  return false;
};
