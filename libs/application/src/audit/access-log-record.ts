import { canonicalId, canonicalStreamName } from '@registry/domain';
import { registerDecorator } from 'class-validator';

/**
 * A record as reads are logged: a record read by its path id under its id, a history under its stream's name, both
 * as the log spells them (ids in lower case whatever case a path spelled them in, member states in upper case).
 * Undefined when the search names no record: it is neither an id nor a stream name.
 */
export const recordAsLogged = (record: string): string | undefined =>
  canonicalId(record) ?? canonicalStreamName(record);

export const ACCESS_LOG_RECORD_MESSAGE =
  'record must be a record id, <category>-<id>, statistics-<member state>, access-<member state>-<day> or ' +
  'notary-restores';

/** The `record` of an access-log search: refused with the field named when recordAsLogged finds no record in it. */
export const IsAccessLogRecord = () => (target: object, propertyName: string) =>
  registerDecorator({
    name: 'isAccessLogRecord',
    target: target.constructor,
    propertyName,
    options: { message: ACCESS_LOG_RECORD_MESSAGE },
    validator: { validate: (value) => typeof value === 'string' && recordAsLogged(value) !== undefined },
  });
