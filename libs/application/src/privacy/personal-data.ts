import { randomBytes } from 'node:crypto';
import { ERASED, openWith, parseSealed, sealWith, SEALED_PREFIX } from './sealed-field';
import type { Subject, SubjectKeyRecord, SubjectKeyStore } from './subject-key-store';

/**
 * Personal fields in and out of the log. Handlers seal them per subject before deciding; queries reveal
 * them for readers allowed to see the record. A field of an erased subject reads as `[erased]`, and one
 * written after the erasure is sealed with a key nobody keeps, so it is unreadable from the start.
 *
 * Sealed today (kept deliberately small): report account references and the free-text reasons of report
 * corrections and withdrawals (subject: the report); a child record's correction reasons (subject: the
 * child); a suspect's notes (subject: the person's pseudonym).
 */
export class PersonalData {
  constructor(private readonly keys: SubjectKeyStore) {}

  async seal(subject: Subject, plaintext: string): Promise<string> {
    const key = (await this.keys.keyFor(subject)) ?? randomBytes(32);
    return sealWith(key, subject.subjectId, plaintext);
  }

  async sealAll(subject: Subject, plaintexts: readonly string[]): Promise<string[]> {
    if (plaintexts.length === 0) return [];
    const key = (await this.keys.keyFor(subject)) ?? randomBytes(32);
    return plaintexts.map((plaintext) => sealWith(key, subject.subjectId, plaintext));
  }

  /** Creates and caches the keys of subjects about to be sealed, in one round trip (a batch of imports). */
  prepareKeys(subjects: readonly Subject[]): Promise<void> {
    return this.keys.prepare(subjects);
  }

  /** A copy of `value` (any JSON) with every sealed field opened, or `[erased]` where its key is gone. */
  async reveal<T>(value: T): Promise<T> {
    const subjectIds = new Set<string>();
    collectSubjects(value, subjectIds);
    if (subjectIds.size === 0) return value;
    const keys = await this.keys.keysOf([...subjectIds]);
    return mapStrings(value, (text) => {
      const sealed = parseSealed(text);
      if (!sealed) return text;
      const key = keys.get(sealed.subjectId);
      return (key && openWith(key, sealed)) ?? ERASED;
    }) as T;
  }

  /** The plain values of sealed fields that can still be opened: none once their subject was erased. */
  async openable(values: readonly string[]): Promise<string[]> {
    return (await this.reveal([...values])).filter((value) => value !== ERASED);
  }

  findSubject(subjectId: string): Promise<SubjectKeyRecord | undefined> {
    return this.keys.find(subjectId);
  }

  destroyKey(subjectId: string, erasedAt: Date): Promise<void> {
    return this.keys.destroy(subjectId, erasedAt);
  }
}

const collectSubjects = (value: unknown, into: Set<string>): void => {
  if (typeof value === 'string') {
    if (value.startsWith(SEALED_PREFIX)) {
      const sealed = parseSealed(value);
      if (sealed) into.add(sealed.subjectId);
    }
  } else if (Array.isArray(value)) {
    for (const item of value) collectSubjects(item, into);
  } else if (isPlainObject(value)) {
    for (const item of Object.values(value)) collectSubjects(item, into);
  }
};

const mapStrings = (value: unknown, map: (text: string) => string): unknown => {
  if (typeof value === 'string') return map(value);
  if (Array.isArray(value)) return value.map((item) => mapStrings(item, map));
  if (isPlainObject(value))
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, mapStrings(item, map)]));
  return value;
};

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  value !== null &&
  typeof value === 'object' &&
  (Object.getPrototypeOf(value) === Object.prototype || Object.getPrototypeOf(value) === null);
