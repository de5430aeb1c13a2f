import {
  getMetadataStorage,
  IS_UUID,
  ValidationTypes,
  type MetadataStorage,
  type ValidationArguments,
  type ValidatorConstraintInterface,
} from 'class-validator';

type ValidationMetadata = ReturnType<MetadataStorage['getTargetValidationMetadatas']>[number];
/** A class, as class-validator keys its metadata (by constructor). */
type ClassType = abstract new (...args: never[]) => unknown;

/** One decorator's check of a property (IsString, Length, IsIn, …): its validators, as class-validator calls them. */
interface ConstraintCheck {
  readonly metadata: ValidationMetadata;
  readonly validators: readonly ValidatorConstraintInterface[];
}

interface PropertyPlan {
  readonly name: string;
  /** IsOptional, ValidateIf: when one answers false, nothing else of the property is checked. */
  readonly conditions: readonly ((object: object, value: unknown) => unknown)[];
  readonly checks: readonly ConstraintCheck[];
  readonly nested: boolean;
  /** A kind of decorator the plan does not follow (promise validation): such objects always go the slow way. */
  readonly unsupported: boolean;
}

interface ClassPlan {
  /** Every property with a decorator: the whitelist. */
  readonly properties: ReadonlyMap<string, PropertyPlan>;
  /** Where a valid instance holds uuids, for canonical-uuids.ts. */
  readonly uuidFields: UuidFields;
}

/** The properties of a class that hold uuids, found once per class from the same metadata as its plan. */
export interface UuidFields {
  /** Properties with @IsUUID: `each` when the decorator checks every item of an array. */
  readonly uuids: readonly { readonly name: string; readonly each: boolean }[];
  /** Properties with @ValidateNested, whose objects have uuids of their own. */
  readonly nested: readonly string[];
}

/**
 * Answers true only when class-validator would find no error in `instance`, validated as `validateInput` asks
 * (whitelist, forbidNonWhitelisted, forbidUnknownValues; no groups, nothing skipped). False means "not surely":
 * class-validator itself then finds the errors and words them.
 *
 * Why: class-validator looks up and filters a class's metadata on every call, and builds an error object for
 * every property, failed or not; an import validates millions of lines and the API one body a request. The
 * plan is compiled once per class from the same metadata, and calls the same validator functions, so the rules
 * have one definition (the decorators). Anything the plan does not follow exactly (promises, Sets, Maps,
 * asynchronous validators, a validator that throws) answers false.
 */
export const isSurelyValid = (instance: object): boolean => {
  try {
    return objectPasses(instance);
  } catch {
    return false;
  }
};

const plans = new Map<ClassType, ClassPlan>();

/** What the plan follows; the rest (promise validation) is class-validator's alone. */
const FOLLOWED_TYPES = new Set([
  ValidationTypes.IS_DEFINED,
  ValidationTypes.CUSTOM_VALIDATION,
  ValidationTypes.CONDITIONAL_VALIDATION,
  ValidationTypes.NESTED_VALIDATION,
  ValidationTypes.WHITELIST,
]);

const objectPasses = (object: object): boolean => {
  const plan = planOf(object.constructor as ClassType);
  // forbidUnknownValues: an object of a class without metadata is an error.
  if (plan.properties.size === 0) return false;
  for (const key of Object.keys(object)) if (!plan.properties.has(key)) return false;
  for (const property of plan.properties.values()) {
    if (!propertyPasses(object, property)) return false;
  }
  return true;
};

const propertyPasses = (object: object, property: PropertyPlan): boolean => {
  if (property.unsupported) return false;
  const value = (object as Record<string, unknown>)[property.name];
  if (value instanceof Promise) return false;
  for (const condition of property.conditions) if (!condition(object, value)) return true;
  for (const check of property.checks) if (!checkPasses(object, value, check)) return false;
  return !property.nested || nestedPasses(value);
};

const checkPasses = (object: object, value: unknown, { metadata, validators }: ConstraintCheck): boolean => {
  if (metadata.validateIf && !metadata.validateIf(object, value)) return true;
  const args: ValidationArguments = {
    targetName: object.constructor?.name,
    property: metadata.propertyName,
    object,
    value,
    constraints: metadata.constraints,
  };
  if (value instanceof Set || value instanceof Map) return false;
  const values = metadata.each && Array.isArray(value) ? value : [value];
  // A promise (an asynchronous validator) is not `true`: the slow way awaits it.
  return validators.every((validator) => values.every((each) => validator.validate(each, args) === true));
};

/** ValidateNested: undefined passes; arrays element by element; objects by their own class's plan. */
const nestedPasses = (value: unknown): boolean => {
  if (value === undefined) return true;
  if (Array.isArray(value)) return value.every(nestedPasses);
  if (value instanceof Set || value instanceof Map || !(value instanceof Object)) return false;
  return objectPasses(value);
};

/** Where instances of `type` hold uuids (compiled with its validation plan, once per class). */
export const uuidFieldsOf = (type: ClassType): UuidFields => planOf(type).uuidFields;

const planOf = (type: ClassType): ClassPlan => {
  let plan = plans.get(type);
  if (!plan) {
    plan = compile(type);
    plans.set(type, plan);
  }
  return plan;
};

/** The metadata class-validator's executor gathers for the class (its own and inherited), grouped by property. */
const compile = (type: ClassType): ClassPlan => {
  const storage = getMetadataStorage();
  // As the executor asks for them under validateInput's options: no schema, always off, no groups.
  const metadatas = storage.getTargetValidationMetadatas(type, '', false, false);
  const byProperty = new Map<string, ValidationMetadata[]>();
  for (const metadata of metadatas) byProperty.set(metadata.propertyName, [...(byProperty.get(metadata.propertyName) ?? []), metadata]);
  const properties = new Map<string, PropertyPlan>();
  for (const [name, all] of byProperty) {
    const ofType = (type: string) => all.filter((metadata) => metadata.type === type);
    // The validator instances are taken once here; class-validator looks each up in its container every call.
    const checks = [...ofType(ValidationTypes.IS_DEFINED), ...ofType(ValidationTypes.CUSTOM_VALIDATION)].map((metadata) => ({
      metadata,
      validators: storage.getTargetValidatorConstraints(metadata.constraintCls).map((constraint) => constraint.instance),
    }));
    properties.set(name, {
      name,
      conditions: ofType(ValidationTypes.CONDITIONAL_VALIDATION).map((metadata) => metadata.constraints[0] as (object: object, value: unknown) => unknown),
      checks,
      nested: ofType(ValidationTypes.NESTED_VALIDATION).length > 0,
      unsupported: all.some((metadata) => !FOLLOWED_TYPES.has(metadata.type)),
    });
  }
  const uuids = [...byProperty].flatMap(([name, all]) => {
    const checks = all.filter((metadata) => metadata.name === IS_UUID);
    return checks.length > 0 ? [{ name, each: checks.some((metadata) => metadata.each) }] : [];
  });
  const nested = [...properties.values()].filter((property) => property.nested).map((property) => property.name);
  return { properties, uuidFields: { uuids, nested } };
};
