import { createTestDatabase, type TestDatabase } from '@registry/testing';
import type { DataSource } from 'typeorm';
import { openTestStorage, type TestStorage } from '../testing/test-storage';
import { copyData, insertColumns } from './bulk-insert';

const COLUMNS = ['id', 'name', 'count', 'big', 'flag', 'facts', 'at', 'code', 'hash', 'note'];
const TABLE = `(id uuid PRIMARY KEY, name text, count int, big bigint, flag boolean, facts jsonb, at timestamptz,
  code char(2), hash bytea, note text)`;

/** Values that COPY's text format must escape or spell its own way, beside plain ones. */
const rowOf = (i: number): Record<string, unknown> => ({
  id: `0b1c0000-0000-4000-8000-${i.toString(16).padStart(12, '0')}`,
  name: ['plain', 'tab\there', 'new\nline', 'back\\slash', 'carriage\rreturn', '\\N', ''][i % 7],
  count: i % 5 === 0 ? null : i,
  big: (9_007_199_254_740_993n + BigInt(i)).toString(),
  flag: i % 3 === 0 ? null : i % 2 === 0,
  facts: i % 4 === 0 ? null : { i, text: 'quote " and \\ and \t', nested: { list: [1, 'two', null] } },
  at: i % 2 === 0 ? new Date(Date.UTC(2024, 0, 1 + (i % 28), 10)) : '2024-03-01T10:00:00.000+01:00',
  code: 'NL',
  hash: i % 6 === 0 ? undefined : Buffer.from([i % 256, 0, 255, 92]),
  note: 'Ünïcödé ✓',
});

describe('rows written in bulk', () => {
  let database: TestDatabase;
  let storage: TestStorage;
  let readModels: DataSource;

  beforeAll(async () => {
    database = await createTestDatabase();
    storage = await openTestStorage(database);
    readModels = storage.readModels;
    await readModels.query(`CREATE TABLE bulk_many ${TABLE}`);
    await readModels.query(`CREATE TABLE bulk_one_by_one ${TABLE}`);
  }, 60_000);

  afterAll(async () => {
    await storage.close();
    await database.close();
  });

  it('are the same rows whether many go at once (COPY on a server) or one at a time (INSERT)', async () => {
    const rows = Array.from({ length: 150 }, (_, i) => rowOf(i));

    await readModels.transaction((manager) => insertColumns(manager, 'bulk_many', COLUMNS, rows));
    await readModels.transaction(async (manager) => {
      for (const row of rows) await insertColumns(manager, 'bulk_one_by_one', COLUMNS, [row]);
    });

    const count = async (sql: string) => Number((await readModels.query<{ n: string }[]>(sql))[0]!.n);
    expect(await count('SELECT count(*) AS n FROM bulk_many')).toBe(150);
    expect(
      await count('SELECT count(*) AS n FROM (SELECT * FROM bulk_many EXCEPT SELECT * FROM bulk_one_by_one) d'),
    ).toBe(0);
    const [tricky] = await readModels.query<Record<string, unknown>[]>(
      `SELECT name, facts, encode(hash, 'hex') AS hash FROM bulk_many WHERE id = $1`,
      [rowOf(1).id],
    );
    expect(tricky).toEqual({ name: 'tab\there', facts: rowOf(1).facts, hash: '0100ff5c' });
  }, 60_000);

  it('escape in COPY text what would end a field or a row, and write NULL as \\N', () => {
    expect(
      Buffer.concat(
        copyData(
          ['a', 'b', 'c'],
          [
            { a: 'x\ty', b: null, c: true },
            { a: 'back\\slash\nnext', b: { k: 'v' } },
          ],
        ),
      ).toString(),
    ).toBe('x\\ty\t\\N\tt\nback\\\\slash\\nnext\t{"k":"v"}\t\\N\n');
  });
});
