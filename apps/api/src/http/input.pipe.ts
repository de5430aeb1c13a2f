import { Injectable, type ArgumentMetadata, type PipeTransform } from '@nestjs/common';
import { InputInvalid, validateInput } from '@registry/application';
import { canonicalStreamName, isMemberState, isUuid, type MemberState } from '@registry/domain';

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

/** A path member state that is not an EU member state code: 400 naming the parameter. */
@Injectable()
export class MemberStateParam implements PipeTransform<string, MemberState> {
  transform(value: string, { data }: ArgumentMetadata): MemberState {
    const field = data ?? 'ms';
    if (!isMemberState(value)) {
      throw new InputInvalid([{ field, messages: [`${field} must be an EU member state code`] }]);
    }
    return value;
  }
}

/**
 * A path stream name that names none of the registry’s streams (`<category>-<uuid>`, `statistics-<ms>`,
 * `access-<ms>-<day>`, a fixed name such as `notary-restores`) cannot name a stream: 400 naming the parameter. It
 * is answered as the log spells streams (canonicalStreamName): a uuid in lower case, as a record’s path id is
 * read, and a member state in upper case.
 */
@Injectable()
export class StreamNameParam implements PipeTransform<string, string> {
  transform(value: string, { data }: ArgumentMetadata): string {
    const field = data ?? 'stream';
    const stream = canonicalStreamName(value);
    if (stream !== undefined) return stream;
    throw new InputInvalid([
      {
        field,
        messages: [
          `${field} must be <category>-<uuid>, statistics-<member state>, access-<member state>-<day> or ` +
            'notary-restores',
        ],
      },
    ]);
  }
}
