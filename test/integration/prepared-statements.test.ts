import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { prepared } from '@/server/db/database';
import { createTestDatabase, databaseKinds, type TestDatabase } from '../support/database';

// Hot statements (prepared()) run as named statements on PostgreSQL and as PREPARE/EXECUTE with
// literal values on PGlite. Both must give what the ordinary path gives, for any value.
const INSERT_SQL = prepared(
  'INSERT INTO prepared_probe (name, flag, n, day) VALUES ($1, $2, $3, $4::date) RETURNING id',
);
const SELECT_SQL = prepared('SELECT id, name, flag, n, day FROM prepared_probe WHERE name = $1 ORDER BY id');
const COUNT_SQL = prepared('SELECT count(*)::int AS n FROM prepared_probe');

const awkward = [
  "O'Brien",
  "''",
  "'; DROP TABLE prepared_probe; --",
  'back\\slash \\x27 \\',
  '$$ dollar $1 quoted $$',
  'semi; colon',
  'line\nbreak\ttab',
  '',
  'Müller-Lüdenscheidt ẞ 👩‍👩‍👧 ×',
  "E'\\047'",
];

describe.each(databaseKinds)('hot statements on %s', (kind) => {
  let testDb: TestDatabase;

  beforeAll(async () => {
    testDb = await createTestDatabase(kind, { migrate: false });
    await testDb.database.exec(
      'CREATE TABLE prepared_probe (id serial PRIMARY KEY, name text UNIQUE, flag boolean, n numeric, day date)',
    );
  });
  afterAll(async () => {
    await testDb?.drop();
  });

  it('stores and finds every value exactly, inside and outside a transaction', async () => {
    const { database } = testDb;
    for (const [i, name] of awkward.entries()) {
      await database.transaction(async (tx) => {
        await tx.query(INSERT_SQL, [
          name,
          i % 2 === 0,
          i + 0.25,
          `2026-01-${String(i + 1).padStart(2, '0')}`,
        ]);
        const rows = await tx.query<{ name: string; flag: boolean; n: string; day: string }>(SELECT_SQL, [
          name,
        ]);
        expect(rows).toEqual([
          expect.objectContaining({
            name,
            flag: i % 2 === 0,
            n: expect.anything(),
            day: `2026-01-${String(i + 1).padStart(2, '0')}`,
          }),
        ]);
        expect(Number(rows[0]!.n)).toBe(i + 0.25);
      });
      const outside = await database.query<{ name: string }>(SELECT_SQL, [name]);
      expect(outside.map((r) => r.name)).toEqual([name]);
    }
    expect(await database.query(COUNT_SQL)).toEqual([{ n: awkward.length }]);
  });

  it('takes NULL, whole numbers as bigint and values without a literal form', async () => {
    const { database } = testDb;
    const [row] = await database.query<{ id: number }>(INSERT_SQL, ['nulls', null, 10n ** 15n, null]);
    expect(row!.id).toBeGreaterThan(0);
    const [found] = await database.query<{ flag: boolean | null; n: string; day: unknown }>(SELECT_SQL, [
      'nulls',
    ]);
    expect(found).toMatchObject({ flag: null, day: null });
    expect(String(found!.n)).toBe('1000000000000000');
    // A Date has no literal form here: the statement goes the ordinary way and still works.
    await database.query(INSERT_SQL, ['a date', true, 1, new Date('2026-05-01T12:00:00Z')]);
    const [dated] = await database.transaction((tx) => tx.query<{ day: string }>(SELECT_SQL, ['a date']));
    expect(dated!.day).toBe('2026-05-01');
  });

  it('takes arrays of text and numbers, with any characters in their elements', async () => {
    const { database } = testDb;
    const ARRAYS_SQL = prepared(
      'SELECT $1::text[] AS texts, $2::int[] AS numbers, cardinality($1::text[]) AS n, $1::text[] @> $3::text[] AS has',
    );
    const texts = [...awkward, 'a,b', '{braces}', '"double"', 'NULL', null, ' spaced '];
    const [row] = await database.query<{
      texts: (string | null)[];
      numbers: number[];
      n: number;
      has: boolean;
    }>(ARRAYS_SQL, [texts, [1, -2, 3], ["O'Brien", null]]);
    expect(row).toMatchObject({ texts, numbers: [1, -2, 3], n: texts.length, has: false });
    const [empty] = await database.transaction((tx) =>
      tx.query<{ n: number | null }>(ARRAYS_SQL, [[], [], []]),
    );
    expect(empty!.n).toBe(0);
  });

  it('recovers when a call fails, also the first call of a statement, and keeps it prepared', async () => {
    const { database } = testDb;
    const FAILING_FIRST = prepared('INSERT INTO prepared_probe (name) VALUES ($1) RETURNING id');
    await database.query(INSERT_SQL, ['taken', true, 1, '2026-01-01']);
    // The first use of FAILING_FIRST breaks the unique name: the transaction rolls back.
    await expect(database.transaction((tx) => tx.query(FAILING_FIRST, ['taken']))).rejects.toMatchObject({
      code: '23505',
    });
    await expect(database.transaction((tx) => tx.query(FAILING_FIRST, ['free']))).resolves.toHaveLength(1);
    await expect(database.query(FAILING_FIRST, ['taken'])).rejects.toMatchObject({ code: '23505' });
    await expect(database.query(FAILING_FIRST, ['free too'])).resolves.toHaveLength(1);
    const names = await database.query<{ name: string }>(SELECT_SQL, ['free']);
    expect(names).toHaveLength(1);
  });

  it('keeps the plan of a hot statement in the session (parsed once, planned as a named statement)', async () => {
    const { database } = testDb;
    const plans = await database.transaction(async (tx) => {
      for (let i = 0; i < 8; i++) await tx.query(SELECT_SQL, [awkward[i % awkward.length]]);
      return tx.query<{ calls: number }>(
        `SELECT (generic_plans + custom_plans)::int AS calls FROM pg_prepared_statements
          WHERE statement LIKE '%FROM prepared_probe WHERE name = $1%'`,
      );
    });
    expect(plans.length).toBeGreaterThan(0);
    expect(Math.max(...plans.map((p) => p.calls))).toBeGreaterThanOrEqual(8);
  });
});
