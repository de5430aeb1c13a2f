import { NOTARY_RESTORES_STREAM } from '../notary/notary.events';

/**
 * The shapes of the registry's stream names: `<category>-<uuid>` (a record, `reportKey-<uuid>` an intake key,
 * `erasure-<uuid>` an erasure), `statistics-<ms>` (a member state's statistics governance) and
 * `access-<ms>-<day>` (a member state's access records of one UTC day), and the registry's streams of one fixed
 * name (FIXED_STREAM_NAMES). The log holds every id in lower case and every member state in upper case, so a name
 * spelled in another case (in a URL, in a search) means the stream spelled so; a name of none of these shapes
 * names no stream.
 */
const UUID = '[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}';
const ID = new RegExp(`^${UUID}$`);
// The category is taken as spelled: categories are compared as text (`reportKey`), and one that no stream has
// names streams without events, as an unknown id does.
const RECORD_STREAM = new RegExp(`^([A-Za-z]+)-(${UUID})$`);
// Any two letters, not only the member states' codes: another code names streams without events.
const STATISTICS_STREAM = /^statistics-([A-Za-z]{2})$/;
const ACCESS_STREAM = /^access-([A-Za-z]{2})-(\d{4}-\d{2}-\d{2})$/;

/**
 * The streams the registry writes under a name of none of the shapes, one each: the operator's acceptances of a
 * restored database (ADR 0029). Only the exact name names one, as the shapes' own categories are exact.
 */
export const FIXED_STREAM_NAMES: readonly string[] = [NOTARY_RESTORES_STREAM];

/**
 * An id as the log holds it: the uuid in lower case. Undefined for anything not shaped as a uuid (any version,
 * as IsUUID accepts; no whitespace around it).
 */
export const canonicalId = (value: string): string | undefined => (ID.test(value) ? value.toLowerCase() : undefined);

/** The stream a name names, spelled as the log spells it; undefined when the name has none of the shapes. */
export const canonicalStreamName = (name: string): string | undefined => {
  const record = RECORD_STREAM.exec(name);
  if (record) return `${record[1]}-${record[2]!.toLowerCase()}`;
  const statistics = STATISTICS_STREAM.exec(name);
  if (statistics) return `statistics-${statistics[1]!.toUpperCase()}`;
  const access = ACCESS_STREAM.exec(name);
  if (access) return `access-${access[1]!.toUpperCase()}-${access[2]}`;
  return FIXED_STREAM_NAMES.includes(name) ? name : undefined;
};
