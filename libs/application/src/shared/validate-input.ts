import { plainToInstance } from 'class-transformer';
import { validate, type ValidationError } from 'class-validator';

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

/**
 * Validates a plain object against a class-validator class: unknown fields are errors, values are not
 * coerced. HTTP and NDJSON import use this same function, so both reject exactly the same inputs.
 */
export const validateInput = async <T extends object>(type: new () => T, plain: unknown): Promise<T> => {
  if (plain === null || typeof plain !== 'object' || Array.isArray(plain)) {
    throw new InputInvalid([{ field: '(body)', messages: ['must be a JSON object'] }]);
  }
  const instance = plainToInstance(type, plain, { enableImplicitConversion: false });
  const errors = await validate(instance, { whitelist: true, forbidNonWhitelisted: true, forbidUnknownValues: true });
  if (errors.length > 0) throw new InputInvalid(flatten(errors));
  return instance;
};

const flatten = (errors: readonly ValidationError[], prefix = ''): FieldError[] =>
  errors.flatMap((error) => {
    const field = prefix ? `${prefix}.${error.property}` : error.property;
    const own = error.constraints ? [{ field, messages: Object.values(error.constraints) }] : [];
    return [...own, ...flatten(error.children ?? [], field)];
  });
