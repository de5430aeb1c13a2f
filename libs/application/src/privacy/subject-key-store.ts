import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import type { MemberState, SubjectKind } from '@registry/domain';
import { Coalescer, GROUPS_IN_FLIGHT } from '@registry/event-store';
import type { Pool } from 'pg';

/** Whose personal data a field is: a report (its accounts, reasons), a child record, or a person pseudonym. */
export interface Subject {
  readonly subjectId: string;
  readonly memberState: MemberState;
  readonly kind: SubjectKind;
}

export interface SubjectKeyRecord extends Subject {
  readonly isErased: boolean;
}

/** A `PersonalDataErased` of the log: whose key must be gone, and since when. */
export interface RecordedErasure {
  readonly subjectId: string;
  readonly erasedAt: Date;
}

/** Runs one statement and answers its rows: on the pool, or inside a transaction that holds other work too. */
export type RunStatement = <Row>(sql: string, parameters: unknown[]) => Promise<Row[]>;

/** Keys stay cached this long, so an erasure made by another process takes effect within it. */
const CACHE_TTL_MS = 30_000;
const CACHE_MAX = 10_000;
/** AES-256-GCM: a 32-byte subject key, wrapped with a 12-byte nonce. */
const KEY_BYTES = 32;
const NONCE_BYTES = 12;

/**
 * One AES-256 key per data subject, in the `subject_key` table: beside the read models, never in the event
 * log, and wrapped (AES-256-GCM) with a key derived from the master secret, so the table alone decrypts
 * nothing. Erasure overwrites the wrapped key with NULL and keeps the row as a tombstone, so the subject
 * never gets a new key that would make later fields readable again.
 */
export class SubjectKeyStore {
  private readonly table: string;
  private readonly cache = new Map<string, { readonly key: Buffer | null; readonly at: number }>();

  constructor(
    private readonly pool: Pool,
    schema: string,
    private readonly wrappingKey: Buffer,
  ) {
    this.table = `"${schema}".subject_key`;
  }

  static async migrate(pool: Pool, schema: string): Promise<void> {
    await pool.query(`CREATE TABLE IF NOT EXISTS "${schema}".subject_key (
      subject_id uuid PRIMARY KEY,
      member_state char(2) NOT NULL,
      kind text NOT NULL,
      wrapped_key bytea,
      created_at timestamptz NOT NULL DEFAULT now(),
      erased_at timestamptz
    )`);
  }

  /** Tests a key-wrapping key against one subject key of the table (KeyChecks); undefined while it holds none. */
  static async wrappedKeySample(pool: Pool, schema: string): Promise<((wrappingKey: Buffer) => boolean) | undefined> {
    const { rows } = await pool.query<{ subject_id: string; wrapped_key: Buffer }>(
      `SELECT subject_id, wrapped_key FROM "${schema}".subject_key WHERE wrapped_key IS NOT NULL LIMIT 1`,
    );
    const row = rows[0];
    if (!row) return undefined;
    return (wrappingKey) => {
      try {
        new SubjectKeyStore(pool, schema, wrappingKey).unwrap(row.subject_id, row.wrapped_key);
        return true;
      } catch {
        return false;
      }
    };
  }

  /**
   * The subject's key, created on first use; null once the subject was erased. Concurrent requests for new
   * subjects (HTTP intake) are created together, two statements per group rather than per subject.
   */
  async keyFor(subject: Subject): Promise<Buffer | null> {
    const cached = this.cached(subject.subjectId);
    if (cached !== undefined) return cached;
    await this.creating.submit(subject);
    return this.cached(subject.subjectId) ?? (await this.keysOf([subject.subjectId])).get(subject.subjectId) ?? null;
  }

  private readonly creating = new Coalescer<Subject, true>(
    async (subjects) => {
      await this.prepare(subjects);
      return subjects.map(() => true as const);
    },
    async (subject) => {
      await this.prepare([subject]);
      return true as const;
    },
    GROUPS_IN_FLIGHT,
  );

  /**
   * Creates the missing keys of many subjects and reads back every one of them in one statement, and caches
   * them: a batch of imports then seals without a round trip per subject, an HTTP intake group with one.
   */
  async prepare(subjects: readonly Subject[]): Promise<void> {
    const missing = [...new Map(subjects.filter((subject) => this.cached(subject.subjectId) === undefined).map((subject) => [subject.subjectId, subject])).values()];
    if (missing.length === 0) return;
    // One draw of randomness for all the new keys and their wrapping nonces: per subject, a key, then a nonce.
    const stride = KEY_BYTES + NONCE_BYTES;
    const entropy = randomBytes(missing.length * stride);
    const keys = missing.map((_, index) => Buffer.from(entropy.subarray(index * stride, index * stride + KEY_BYTES)));
    const nonceOf = (index: number) => entropy.subarray(index * stride + KEY_BYTES, (index + 1) * stride);
    // The statement's snapshot does not see its own inserts: the rows it created come from RETURNING, those that
    // existed (a conflict) from the table. One created meanwhile by another process is read later (keyFor).
    const { rows } = await this.pool.query<{ subject_id: string; wrapped_key: Buffer | null; created: boolean }>(
      `WITH created AS (
         INSERT INTO ${this.table} (subject_id, member_state, kind, wrapped_key)
         SELECT * FROM unnest($1::uuid[], $2::char(2)[], $3::text[], $4::bytea[]) ON CONFLICT (subject_id) DO NOTHING
         RETURNING subject_id, wrapped_key)
       SELECT subject_id, wrapped_key, true AS created FROM created
       UNION ALL
       SELECT subject_id, wrapped_key, false FROM ${this.table} WHERE subject_id = ANY($1::uuid[]) AND subject_id NOT IN (SELECT subject_id FROM created)`,
      [
        missing.map((subject) => subject.subjectId),
        missing.map((subject) => subject.memberState),
        missing.map((subject) => subject.kind),
        missing.map((subject, index) => this.wrap(subject.subjectId, keys[index]!, nonceOf(index))),
      ],
    );
    const createdKeys = new Map(missing.map((subject, index) => [subject.subjectId, keys[index]!]));
    for (const row of rows) {
      // A key this statement created is the one just drawn; one that existed is unwrapped (or was erased).
      const key = row.created ? createdKeys.get(row.subject_id) : row.wrapped_key ? this.unwrap(row.subject_id, row.wrapped_key) : null;
      this.remember(row.subject_id, key ?? null);
    }
  }

  /** The keys of the subjects that have one and were not erased. */
  async keysOf(subjectIds: readonly string[]): Promise<Map<string, Buffer>> {
    const keys = new Map<string, Buffer>();
    const missing: string[] = [];
    for (const subjectId of new Set(subjectIds)) {
      const cached = this.cached(subjectId);
      if (cached === undefined) missing.push(subjectId);
      else if (cached) keys.set(subjectId, cached);
    }
    if (missing.length > 0) {
      const { rows } = await this.pool.query<{ subject_id: string; wrapped_key: Buffer | null }>(
        `SELECT subject_id, wrapped_key FROM ${this.table} WHERE subject_id = ANY($1::uuid[])`,
        [missing],
      );
      for (const row of rows) {
        const key = row.wrapped_key ? this.unwrap(row.subject_id, row.wrapped_key) : null;
        this.remember(row.subject_id, key);
        if (key) keys.set(row.subject_id, key);
      }
    }
    return keys;
  }

  async find(subjectId: string): Promise<SubjectKeyRecord | undefined> {
    const { rows } = await this.pool.query<{ member_state: string; kind: string; wrapped_key: Buffer | null }>(
      `SELECT member_state, kind, wrapped_key FROM ${this.table} WHERE subject_id = $1`,
      [subjectId],
    );
    const row = rows[0];
    if (!row) return undefined;
    return {
      subjectId,
      memberState: row.member_state.trim() as MemberState,
      kind: row.kind as SubjectKind,
      isErased: row.wrapped_key === null,
    };
  }

  /** Crypto-shredding: the key is gone for good; the row stays as the subject's tombstone. */
  async destroy(subjectId: string, erasedAt: Date): Promise<void> {
    await this.pool.query(
      `UPDATE ${this.table} SET wrapped_key = NULL, erased_at = COALESCE(erased_at, $2) WHERE subject_id = $1`,
      [subjectId, erasedAt],
    );
    this.remember(subjectId, null);
  }

  /**
   * Destroys the keys that recorded erasures left behind (ErasureCompletion), with `run`: a statement of the
   * caller's transaction. Each keeps the time of its erasure, or the one its row already has. Answers how many
   * keys there still were, so that a caller can log a count without naming anyone.
   */
  async destroyRecorded(erasures: readonly RecordedErasure[], run: RunStatement): Promise<number> {
    if (erasures.length === 0) return 0;
    const rows = await run<{ destroyed: number }>(
      `WITH destroyed AS (
         UPDATE ${this.table} AS held SET wrapped_key = NULL, erased_at = COALESCE(held.erased_at, erasure.erased_at)
         FROM unnest($1::uuid[], $2::timestamptz[]) AS erasure (subject_id, erased_at)
         WHERE held.subject_id = erasure.subject_id AND held.wrapped_key IS NOT NULL
         RETURNING held.subject_id)
       SELECT count(*)::int AS destroyed FROM destroyed`,
      [erasures.map(({ subjectId }) => subjectId), erasures.map(({ erasedAt }) => erasedAt)],
    );
    // Forgotten even if the caller's transaction fails: the log says these subjects are erased, and it is retried.
    for (const { subjectId } of erasures) this.remember(subjectId, null);
    return rows[0]?.destroyed ?? 0;
  }

  private cached(subjectId: string): Buffer | null | undefined {
    const entry = this.cache.get(subjectId);
    if (!entry || Date.now() - entry.at > CACHE_TTL_MS) return undefined;
    return entry.key;
  }

  private remember(subjectId: string, key: Buffer | null): void {
    if (this.cache.size >= CACHE_MAX) this.cache.clear();
    this.cache.set(subjectId, { key, at: Date.now() });
  }

  private wrap(subjectId: string, key: Buffer, nonce: Buffer): Buffer {
    const cipher = createCipheriv('aes-256-gcm', this.wrappingKey, nonce);
    cipher.setAAD(Buffer.from(subjectId, 'utf8'));
    return Buffer.concat([nonce, cipher.update(key), cipher.final(), cipher.getAuthTag()]);
  }

  private unwrap(subjectId: string, wrapped: Buffer): Buffer {
    const decipher = createDecipheriv('aes-256-gcm', this.wrappingKey, wrapped.subarray(0, NONCE_BYTES));
    decipher.setAAD(Buffer.from(subjectId, 'utf8'));
    decipher.setAuthTag(wrapped.subarray(wrapped.length - 16));
    return Buffer.concat([decipher.update(wrapped.subarray(NONCE_BYTES, wrapped.length - 16)), decipher.final()]);
  }
}
