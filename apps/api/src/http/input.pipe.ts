import { Injectable, type ArgumentMetadata, type PipeTransform } from '@nestjs/common';
import { InputInvalid, validateInput } from '@registry/application';
import { isUuid } from '@registry/domain';

/**
 * Validates every request body against its class with the same function the NDJSON import uses, so both
 * edges reject exactly the same inputs with the same field errors; and a route's query parameters, when the route
 * takes them as a class (which also lists them in the OpenAPI document).
 */
@Injectable()
export class InputPipe implements PipeTransform {
  async transform(value: unknown, { type, metatype }: ArgumentMetadata): Promise<unknown> {
    const isInput = type === 'body' || type === 'query';
    if (!isInput || !metatype || [String, Object, Array].includes(metatype as never)) return value;
    return validateInput(metatype as new () => object, value);
  }
}

/** A path id that is not a uuid cannot name a record: 400 naming the parameter. */
@Injectable()
export class UuidParam implements PipeTransform<string, string> {
  transform(value: string, { data }: ArgumentMetadata): string {
    if (!isUuid(value)) throw new InputInvalid([{ field: data ?? 'id', messages: [`${data ?? 'id'} must be a UUID`] }]);
    return value.toLowerCase();
  }
}
