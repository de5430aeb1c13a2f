import { randomUUID } from 'node:crypto';
import { Pool } from 'pg';
import { createTestDatabase, type TestDatabase } from '@registry/testing';
import { SubjectKeyStore, type RunStatement, type Subject } from './subject-key-store';

const subject = (): Subject => ({ subjectId: randomUUID(), memberState: 'NL', kind: 'REPORT' });

describe('SubjectKeyStore', () => {
  let database: TestDatabase;
  let pool: Pool;
  const wrappingKey = Buffer.alloc(32, 3);

  beforeAll(async () => {
    database = await createTestDatabase();
    pool = new Pool({ connectionString: database.url, max: 1 });
    await SubjectKeyStore.migrate(pool, database.schema);
  });

  afterAll(async () => {
    await pool.end();
    await database.close();
  });

  it('keeps the keys a batch created exactly as another process reads them back from the table', async () => {
    const writer = new SubjectKeyStore(pool, database.schema, wrappingKey);
    const subjects = [subject(), subject(), subject()];
    await writer.prepare(subjects);
    const created = await Promise.all(subjects.map((one) => writer.keyFor(one)));

    const reader = new SubjectKeyStore(pool, database.schema, wrappingKey);
    const read = await reader.keysOf(subjects.map(({ subjectId }) => subjectId));

    expect(created.every((key) => key?.length === 32)).toBe(true);
    expect(new Set(created.map((key) => key?.toString('hex'))).size).toBe(3);
    expect(subjects.map(({ subjectId }) => read.get(subjectId)?.toString('hex'))).toEqual(created.map((key) => key?.toString('hex')));
  });

  it('gives a subject that has a key that key again, and an erased one none, whoever asks', async () => {
    const first = new SubjectKeyStore(pool, database.schema, wrappingKey);
    const [kept, erased, fresh] = [subject(), subject(), subject()];
    await first.prepare([kept, erased]);
    const keptKey = await first.keyFor(kept);
    await first.destroy(erased.subjectId, new Date('2025-01-01T00:00:00Z'));

    // Another process, with nothing cached: one batch with a new subject among existing and erased ones.
    const second = new SubjectKeyStore(pool, database.schema, wrappingKey);
    await second.prepare([kept, erased, fresh]);

    expect((await second.keyFor(kept))?.toString('hex')).toBe(keptKey?.toString('hex'));
    expect(await second.keyFor(erased)).toBeNull();
    expect((await second.keyFor(fresh))?.length).toBe(32);
    expect((await first.keysOf([fresh.subjectId])).get(fresh.subjectId)?.toString('hex')).toBe((await second.keyFor(fresh))?.toString('hex'));
  });

  it('destroys the keys recorded erasures left once, keeping the time of the first erasure', async () => {
    const store = new SubjectKeyStore(pool, database.schema, wrappingKey);
    const [leftOver, completed, kept] = [subject(), subject(), subject()];
    await store.prepare([leftOver, completed, kept]);
    await store.destroy(completed.subjectId, new Date('2025-01-01T00:00:00Z'));
    const run: RunStatement = async (sql, parameters) => (await pool.query(sql, parameters)).rows;
    const erasedAt = new Date('2025-02-01T00:00:00Z');
    const erasures = [leftOver, completed].map(({ subjectId }) => ({ subjectId, erasedAt }));

    const destroyed = [await store.destroyRecorded(erasures, run), await store.destroyRecorded(erasures, run)];

    expect(destroyed).toEqual([1, 0]);
    const { rows } = await pool.query<{ subject_id: string; wrapped_key: Buffer | null; erased_at: Date | null }>(
      `SELECT subject_id, wrapped_key, erased_at FROM "${database.schema}".subject_key WHERE subject_id = ANY($1)`,
      [[leftOver, completed, kept].map(({ subjectId }) => subjectId)],
    );
    const erasedAtOf = new Map(rows.map((row) => [row.subject_id, row.wrapped_key ? 'kept' : row.erased_at]));
    expect(erasedAtOf).toEqual(
      new Map<string, unknown>([
        [leftOver.subjectId, erasedAt],
        [completed.subjectId, new Date('2025-01-01T00:00:00Z')],
        [kept.subjectId, 'kept'],
      ]),
    );
    const anotherProcess = new SubjectKeyStore(pool, database.schema, wrappingKey);
    expect([...(await anotherProcess.keysOf(rows.map((row) => row.subject_id))).keys()]).toEqual([kept.subjectId]);
  });
});
