import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { memberListQuerySchema, SEARCH_TOTAL_CAP } from '@/contracts/members';
import type { Database } from '@/server/db/database';
import { withScope } from '@/server/db/scoped';
import { koelnerPhonetik } from '@/server/modules/members/german-names';
import * as service from '@/server/modules/members/members.service';
import { searchKeysFor } from '@/server/modules/members/search-keys';
import { createTestDatabase, databaseKinds, type TestDatabase } from '../support/database';
import {
  contextFor,
  createHessenSlice,
  sliceActor,
  type SliceCode,
  type SliceUnit,
} from './members-fixtures';

/**
 * The search's term table (migration 0017) must always hold exactly one row per member and name
 * term with the member's current unit, status and names: the triggers on members are compared with
 * a derivation from scratch after every kind of change. The search functions that read it must
 * return every member once, in German order, within the caller's scope.
 */
type TermRow = {
  term: string;
  member_id: number;
  unit_id: number;
  status: string;
  last_name: string;
  first_name: string;
};

const stored = (db: Database) =>
  db.query<TermRow>(
    `SELECT term, member_id::int, unit_id, status, last_name, first_name FROM member_search_terms
      ORDER BY member_id, term`,
  );

const fresh = (db: Database) =>
  db.query<TermRow>(
    `SELECT DISTINCT k AS term, m.id::int AS member_id, m.unit_id, m.status, m.last_name, m.first_name
       FROM members m, unnest(m.name_keys) AS k
      ORDER BY member_id, term`,
  );

describe.each(databaseKinds)('the search term table on %s', (kind) => {
  let testDb: TestDatabase;
  let units: Record<SliceCode, SliceUnit>;
  let db: Database;

  beforeAll(async () => {
    testDb = await createTestDatabase(kind);
    db = testDb.database;
    units = await createHessenSlice(db);
  });
  afterAll(async () => {
    await testDb?.drop();
  });

  /** Inserts members in one statement, with the keys every writer derives. */
  const insert = async (unit: SliceCode, names: [first: string, last: string][], status = 'member') => {
    const rows = await db.query<{ id: number }>(
      `INSERT INTO members (first_name, last_name, unit_id, status, name_keys)
       SELECT f, l, $3, $4, string_to_array(k, ' ')
         FROM unnest($1::text[], $2::text[], $5::text[]) AS v(f, l, k)
       RETURNING id::int`,
      [
        names.map(([f]) => f),
        names.map(([, l]) => l),
        units[unit].id,
        status,
        names.map(([f, l]) => searchKeysFor({ firstName: f, lastName: l }).nameKeys.join(' ')),
      ],
    );
    return rows.map((r) => r.id);
  };

  it('follows every kind of change to the member file', async () => {
    const [a, b, c] = await insert('HE-06631009', [
      ['Hans-Peter', 'Müller'],
      ['Maria', 'Meyer'],
      ['Ida', 'von der Heide'],
    ]);
    await insert('HE-06611000', [['Otto', 'Schmidt']], 'applicant');
    expect(await stored(db)).toEqual(await fresh(db));
    expect((await stored(db)).filter((r) => r.member_id === a).map((r) => r.term)).toEqual([
      'hans',
      'hanspeter',
      'muller',
      'peter',
    ]);

    // A new name, as the service writes it (names and keys in one statement).
    const renamed = searchKeysFor({ firstName: 'Maria', lastName: 'Meyer-Lüdenscheidt' });
    await db.query(`UPDATE members SET last_name = 'Meyer-Lüdenscheidt', name_keys = $2 WHERE id = $1`, [
      b,
      renamed.nameKeys,
    ]);
    expect(await stored(db)).toEqual(await fresh(db));

    // A move to another Kreisverband and a status change, in one statement for several members.
    await db.query(`UPDATE members SET unit_id = $2, status = 'resigned' WHERE id = ANY ($1::bigint[])`, [
      [a, c],
      units['HE-06611000'].id,
    ]);
    expect(await stored(db)).toEqual(await fresh(db));

    // An address edit leaves the term rows alone (no delete and insert of the same rows).
    const before = await db.query<{ xmin: string }>(
      `SELECT xmin::text FROM member_search_terms WHERE member_id = $1 ORDER BY term`,
      [c],
    );
    await db.query(`UPDATE members SET city = 'Kassel', street = 'Weg' WHERE id = $1`, [c]);
    expect(
      await db.query(`SELECT xmin::text FROM member_search_terms WHERE member_id = $1 ORDER BY term`, [c]),
    ).toEqual(before);

    // Keys removed (a record without keys is not found by name), then deleted.
    await db.query(`UPDATE members SET name_keys = NULL WHERE id = $1`, [c]);
    expect(await stored(db)).toEqual(await fresh(db));
    await db.query(`DELETE FROM members WHERE id = ANY ($1::bigint[])`, [[a, b]]);
    expect(await stored(db)).toEqual(await fresh(db));
    expect((await stored(db)).some((r) => r.member_id === a || r.member_id === b)).toBe(false);
  });

  it('returns each member once, in German order, however the scope is applied', async () => {
    // Maria Meyer, Mario Maier …: first and last name both sound like "Meyer" (Kölner Phonetik 67).
    const firsts = ['Maria', 'Mario', 'Marie', 'Mira', 'Nora'];
    const lasts = ['Meyer', 'Maier', 'Mayer', 'Meier', 'Mair', 'Mayr'];
    const names = firsts.flatMap((f) => lasts.map((l) => [f, l] as [string, string]));
    await insert('HE-06633009', names);
    // Two more in Fulda: outside the Kreisverband's scope, inside the state's.
    await insert('HE-06631009', [
      ['Maria', 'Maier'],
      ['Nora', 'Zander'],
    ]);
    const terms = [
      ['maria', 'mario', 'marie', 'mira', 'nora', 'meyer', 'maier', 'mayer', 'meier', 'mair', 'mayr'],
    ];
    // A Kreisverband with 70 more local units: a wide scope, searched through the order index.
    const kassel = units['HE-06633'];
    const wideUnits: Record<string, SliceUnit> = { ...units };
    for (let i = 0; i < 70; i++) {
      const [row] = await db.query<{ id: number }>(
        `INSERT INTO units (code, name, level, parent_id, path) VALUES ($1, $2, 'local', $3, '') RETURNING id`,
        [`HE-TEST-${i}`, `Testverband ${i}`, kassel.id],
      );
      const path = `${kassel.path}${row!.id}/`;
      await db.query('UPDATE units SET path = $1 WHERE id = $2', [path, row!.id]);
      wideUnits[`HE-TEST-${i}`] = { id: row!.id, code: 'HE-06633009', name: '', level: 'local', path };
    }
    const scopes = [
      { label: 'index', actor: sliceActor(units, [{ role: 'district-admin', unit: 'HE-06633' }]) },
      {
        label: 'filter',
        actor: sliceActor(wideUnits as typeof units, [{ role: 'district-admin', unit: 'HE-06633' }]),
      },
      { label: 'all', actor: sliceActor(wideUnits as typeof units, [{ role: 'state-admin', unit: 'HE' }]) },
    ];
    for (const { label, actor } of scopes) {
      const unitIds = [...actor.grants[0]!.unitIds];
      // The mode the search functions choose for this scope (app.read_all as withScope() sets it).
      const [mode] = await db.query<{ mode: string }>(
        `SELECT member_search_unit_mode(NULL, $1::int[], $2::jsonb) AS mode
           FROM (SELECT set_config('app.read_all', $3, true)) s`,
        [`{${unitIds.join(',')}}`, JSON.stringify(terms), label === 'all' ? 'on' : 'off'],
      );
      expect(mode!.mode).toBe(label);
      const expected = await db.query<{ id: number }>(
        `SELECT id::int FROM members WHERE name_keys && $1::text[] AND unit_id = ANY ($2::int[])
          ORDER BY last_name COLLATE german, first_name COLLATE german, id`,
        [`{${terms[0]!.join(',')}}`, `{${unitIds.join(',')}}`],
      );
      expect(expected.length, label).toBe(label === 'all' ? names.length + 2 : names.length);
      for (const limit of [1, 7, 20, 29, 30, 50]) {
        const found = await withScope(db, actor, (tx) =>
          tx.query<{ id: number }>(
            `SELECT member_search_ids($1::jsonb, NULL, NULL, NULL, NULL, NULL, $2::int)::int AS id`,
            [JSON.stringify(terms), limit],
          ),
        );
        expect(
          found.map((r) => r.id),
          `${label}, limit ${limit}`,
        ).toEqual(expected.slice(0, limit).map((r) => r.id));
      }
      const count = async (cap: number | null) => {
        const [row] = await withScope(db, actor, (tx) =>
          tx.query<{ n: number }>(
            `SELECT member_search_count($1::jsonb, NULL, NULL, NULL, NULL, $2::int) AS n`,
            [JSON.stringify(terms), cap],
          ),
        );
        return row!.n;
      };
      expect(await count(null), label).toBe(expected.length);
      // A capped count reads rows until it has more members than the cap (rows repeat members).
      for (const cap of [5, 20, 29, 30, 31, 100]) {
        expect(await count(cap), `${label}, cap ${cap}`).toBe(Math.min(expected.length, cap + 1));
      }
    }
    // Two words: each member must hold a term of both.
    const state = scopes[2]!.actor;
    const [both] = await withScope(db, state, (tx) =>
      tx.query<{ n: number }>(`SELECT member_search_count($1::jsonb, NULL, NULL, NULL, NULL, NULL) AS n`, [
        JSON.stringify([
          ['maria', 'mario'],
          ['meyer', 'mayr', 'maier'],
        ]),
      ]),
    );
    expect(both!.n).toBe(7);
  });

  it('keeps to the scope and the status filter, and is out of the application role’s reach', async () => {
    const [inFulda] = await insert('HE-06631009', [['Quirin', 'Quast']]);
    const [inKassel] = await insert('HE-06611000', [['Quentin', 'Quast']], 'applicant');
    const search = (actor: ReturnType<typeof sliceActor>, statuses: string[] | null) =>
      withScope(db, actor, (tx) =>
        tx.query<{ id: number }>(
          `SELECT member_search_ids('[["quast"]]', NULL, NULL, NULL, $1::text[], NULL, 10)::int AS id`,
          [statuses && `{${statuses.join(',')}}`],
        ),
      );
    const fulda = sliceActor(units, [{ role: 'district-admin', unit: 'HE-06631' }]);
    const state = sliceActor(units, [{ role: 'state-admin', unit: 'HE' }]);
    expect((await search(fulda, null)).map((r) => r.id)).toEqual([inFulda]);
    expect((await search(state, null)).map((r) => r.id).sort()).toEqual([inFulda, inKassel].sort());
    expect((await search(state, ['applicant'])).map((r) => r.id)).toEqual([inKassel]);
    // Outside a scoped transaction (no scope set) the functions find nothing.
    expect(
      await db.query(`SELECT member_search_ids('[["quast"]]', NULL, NULL, NULL, NULL, NULL, 10) AS id`),
    ).toEqual([]);
    for (const statement of [
      `SELECT * FROM member_search_terms`,
      `DELETE FROM member_search_terms`,
      `INSERT INTO member_search_terms VALUES ('x', 1, 1, 'member', 'X', 'Y')`,
    ]) {
      await expect(
        withScope(db, state, (tx) => tx.query(statement)),
        statement,
      ).rejects.toThrow(/permission denied/);
    }
  });

  it('says "more than 1,000" instead of counting every holder of a common name', async () => {
    const many = Array.from(
      { length: SEARCH_TOTAL_CAP + 5 },
      (_, i) => [`Vorname${i}`, 'Häufig'] as [string, string],
    );
    await insert('HE-06631009', many);
    // The search resolves words in the term dictionary, which the service fills on create.
    await db.query(
      `INSERT INTO member_name_terms (term, phonetic) VALUES ('haufig', $1), ('quast', $2) ON CONFLICT DO NOTHING`,
      [koelnerPhonetik('haufig'), koelnerPhonetik('quast')],
    );
    const state = contextFor(db, sliceActor(units, [{ role: 'state-admin', unit: 'HE' }]));
    const found = await service.listMembers(state, memberListQuerySchema.parse({ q: 'Haeufig', limit: 25 }));
    expect(found.items).toHaveLength(25);
    expect(found.total).toBe(SEARCH_TOTAL_CAP);
    expect(found.totalIsLowerBound).toBe(true);
    const few = await service.listMembers(state, memberListQuerySchema.parse({ q: 'Quast' }));
    expect(few.total).toBe(2);
    expect(few.totalIsLowerBound).toBe(false);
    // The audit entry says the same.
    const [entry] = await db.query<{ details: { total: number; totalIsLowerBound?: boolean } }>(
      `SELECT details FROM audit_log WHERE action = 'member.search' AND details->>'query' = 'Haeufig'`,
    );
    expect(entry!.details).toMatchObject({ total: SEARCH_TOTAL_CAP, totalIsLowerBound: true });
  });
});
