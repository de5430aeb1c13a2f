import { hash } from 'node:crypto';
import type { RecordedEvent } from '@registry/event-store';

/** The text's UTF-8 bytes hashed in one call: a Hash object for each of the two hashes of every event cost more. */
export const sha256 = (text: string): string => hash('sha256', text, 'hex');

/** The chain starts from a fixed, documented value so a third party can recompute it from the first event. */
export const GENESIS_HEAD = sha256('case-registry log chain v1');

/**
 * Canonical JSON (RFC 8785 style: sorted keys, no whitespace) of everything that makes an event: where it
 * sits in the log, what it says and its metadata. Any edit to any of it changes the hash.
 */
export const canonicalEvent = (event: RecordedEvent): string =>
  canonicalJson({
    globalPosition: event.globalPosition.toString(),
    stream: event.streamName,
    revision: event.streamRevision,
    type: event.type,
    data: event.data,
    metadata: event.metadata,
  });

/**
 * The text every chain so far was computed from: JSON.stringify with a replacer that rebuilt each object with
 * its keys sorted by UTF-16 code units. Rebuilt objects list integer-like keys ("0", "42") first, in numeric
 * order, as JavaScript orders an object's own keys, then the others in sorted order. Written out by hand, and
 * giving the same text (a spec checks it against that replacer): the notary hashes every event of the log, and
 * rebuilding every object cost three times the hashing.
 */
export const canonicalJson = (value: unknown): string => canonicalValue(value, '') ?? 'null';

/** Undefined where JSON.stringify leaves a member out: undefined, functions and symbols. */
const canonicalValue = (input: unknown, key: string): string | undefined => {
  const value = hasToJson(input) ? input.toJSON(key) : input;
  if (typeof value === 'string') return quoted(value);
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) {
    let text = '';
    for (let index = 0; index < value.length; index++) text += `${index === 0 ? '' : ','}${canonicalValue(value[index], String(index)) ?? 'null'}`;
    return `[${text}]`;
  }
  const record = value as Record<string, unknown>;
  let text = '';
  for (const name of orderedKeys(Object.keys(record))) {
    const member = canonicalValue(record[name], name);
    if (member !== undefined) text += `${text === '' ? '' : ','}${quoted(name)}:${member}`;
  }
  return `{${text}}`;
};

/** Characters JSON.stringify escapes: quote, backslash, control characters, and (unpaired) surrogates. */
const NEEDS_ESCAPING = /["\\\u0000-\u001f\ud800-\udfff]/;
const quoted = (text: string): string => (NEEDS_ESCAPING.test(text) ? JSON.stringify(text) : `"${text}"`);

const hasToJson = (value: unknown): value is { toJSON(key: string): unknown } =>
  value !== null && typeof value === 'object' && typeof (value as { toJSON?: unknown }).toJSON === 'function';

const INTEGER_LIKE = /^(?:0|[1-9]\d*)$/;
const byCodeUnits = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
const SHAPES_REMEMBERED = 1024;
const orderByShape = new Map<string, readonly string[]>();

/** The keys in the order described above; remembered per key list, as events of a type share a few shapes. */
const orderedKeys = (keys: string[]): readonly string[] => {
  if (keys.length < 2) return keys;
  const shape = keys.join('\u0000');
  let ordered = orderByShape.get(shape);
  if (!ordered) {
    // Object.keys already lists integer-like keys first, in numeric order.
    let integerLike = 0;
    while (integerLike < keys.length && INTEGER_LIKE.test(keys[integerLike]!) && Number(keys[integerLike]) < 2 ** 32 - 1) integerLike++;
    ordered = [...keys.slice(0, integerLike), ...keys.slice(integerLike).sort(byCodeUnits)];
    if (orderByShape.size < SHAPES_REMEMBERED) orderByShape.set(shape, ordered);
  }
  return ordered;
};

/** head(n) = sha256(head(n-1) + "\n" + sha256(canonical event n)) */
export const nextHead = (previousHead: string, eventHash: string): string => sha256(`${previousHead}\n${eventHash}`);
