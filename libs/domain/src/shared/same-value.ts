/**
 * Structural equality of plain JSON values, insensitive to key order: decides whether a repeated command is
 * an idempotent retry (no events) or a contradiction (an error).
 */
export const sameValue = (a: unknown, b: unknown): boolean => canonical(a) === canonical(b);

/** Equality of id lists as sets. */
export const sameIds = (a: readonly string[], b: readonly string[]): boolean =>
  sameValue([...new Set(a)].sort(), [...new Set(b)].sort());

const canonical = (value: unknown): string =>
  JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => a.localeCompare(b)))
      : v,
  );
