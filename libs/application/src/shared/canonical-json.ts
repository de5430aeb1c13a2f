/**
 * JSON with every object's keys sorted (by the default collator, as `localeCompare` sorts them), so that the
 * same content always gives the same text: an imported line's command id is a hash of it, and a re-run of a
 * reformatted file must give the same ids. For values as JSON.parse returns them.
 *
 * Written out by hand rather than with a JSON.stringify replacer, which rebuilt every object to sort it: this
 * runs for every imported line. The sorted key order is remembered per key list (lines of one command type
 * share a handful of shapes).
 */
export const canonicalJson = (value: unknown): string => {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map((item) => (item === undefined ? 'null' : canonicalJson(item))).join(',')}]`;
  const record = value as Record<string, unknown>;
  let text = '';
  for (const key of sortedKeys(Object.keys(record))) {
    const child = record[key];
    if (child === undefined || typeof child === 'function') continue;
    text += `${text === '' ? '' : ','}${JSON.stringify(key)}:${canonicalJson(child)}`;
  }
  return `{${text}}`;
};

const collator = new Intl.Collator();
const ARRAY_INDEX = /^(?:0|[1-9]\d*)$/;
const SHAPES_REMEMBERED = 1024;
const sortedByShape = new Map<string, readonly string[]>();

/**
 * Index-like keys ("0", "42") first in numeric order, as JavaScript orders an object's own keys whatever the
 * order they were added in (so the replacer definition writes them so too); Object.keys already lists them so.
 * Then every other key in collator order.
 */
const sortedKeys = (keys: string[]): readonly string[] => {
  if (keys.length < 2) return keys;
  const shape = keys.join('\u0000');
  let sorted = sortedByShape.get(shape);
  if (!sorted) {
    let indexLike = 0;
    while (indexLike < keys.length && ARRAY_INDEX.test(keys[indexLike]!) && Number(keys[indexLike]) < 2 ** 32 - 1) indexLike++;
    sorted = [...keys.slice(0, indexLike), ...keys.slice(indexLike).sort(collator.compare)];
    // Free-form maps could have endless shapes: remember a bounded number.
    if (sortedByShape.size < SHAPES_REMEMBERED) sortedByShape.set(shape, sorted);
  }
  return sorted;
};
