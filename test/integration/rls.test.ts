import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { memberNumberWithCheckDigit } from '@/contracts/member-number';
import { withScope } from '@/server/db/scoped';
import { writeAudit } from '@/server/platform/audit';
import { createTestDatabase, databaseKinds, type TestDatabase } from '../support/database';
import {
  createTestMembers,
  createUnitTree,
  testActor,
  type TestUnit,
  type TestUnitCode,
} from '../support/auth-fixtures';

/**
 * The second layer: PostgreSQL's row-level security. These tests skip the services entirely and
 * run raw SQL inside withScope(), as a repository that forgot its scope filter would.
 */
describe.each(databaseKinds)('row-level security on %s', (kind) => {
  let testDb: TestDatabase;
  let units: Record<TestUnitCode, TestUnit>;
  let members: Record<TestUnitCode, number>;

  beforeAll(async () => {
    testDb = await createTestDatabase(kind);
    units = await createUnitTree(testDb.database);
    members = await createTestMembers(testDb.database, units);
  });
  afterAll(async () => {
    await testDb?.drop();
  });

  const districtAdminA = () => testActor(units, [{ role: 'district-admin', unit: 'TEST-KA' }]);

  it('shows a district admin only the members of their subtree', async () => {
    const ids = await withScope(testDb.database, districtAdminA(), (tx) =>
      tx.query<{ id: string }>('SELECT id FROM members ORDER BY id'),
    );
    expect(ids.map((r) => Number(r.id))).toEqual([members['TEST-KA'], members['TEST-KA-1']]);
  });

  it('cannot read an out-of-scope member, even by its id or number', async () => {
    const rows = await withScope(testDb.database, districtAdminA(), async (tx) => [
      ...(await tx.query('SELECT * FROM members WHERE id = $1', [members['TEST-KB']])),
      ...(await tx.query('SELECT * FROM members WHERE member_number = $1', [
        memberNumberWithCheckDigit(4_711_004),
      ])),
      ...(await tx.query('SELECT * FROM member_status_history WHERE member_id = $1', [members['TEST-KB']])),
    ]);
    expect(rows).toEqual([]);
  });

  it('cannot update or delete an out-of-scope member', async () => {
    const target = members['TEST-KB-1'];
    const result = await withScope(testDb.database, districtAdminA(), async (tx) => ({
      updated: await tx.query("UPDATE members SET notes = 'hacked' WHERE id = $1 RETURNING id", [target]),
      deleted: await tx.query('DELETE FROM members WHERE id = $1 RETURNING id', [target]),
      all: await tx.query('UPDATE members SET city = city WHERE true RETURNING id'),
    }));
    expect(result.updated).toEqual([]);
    expect(result.deleted).toEqual([]);
    expect(result.all.map((r) => Number(r.id)).sort()).toEqual(
      [members['TEST-KA'], members['TEST-KA-1']].sort(),
    );
    const [row] = await testDb.database.query<{ notes: string }>('SELECT notes FROM members WHERE id = $1', [
      target,
    ]);
    expect(row?.notes).toBe('vertraulich');
  });

  it('cannot move a member out of scope or create one outside it', async () => {
    const actor = districtAdminA();
    await expect(
      withScope(testDb.database, actor, (tx) =>
        tx.query('UPDATE members SET unit_id = $1 WHERE id = $2', [units['TEST-KB'].id, members['TEST-KA']]),
      ),
    ).rejects.toThrow(/row-level security/);
    await expect(
      withScope(testDb.database, actor, (tx) =>
        tx.query(
          `INSERT INTO members (first_name, last_name, unit_id, status) VALUES ('X', 'Y', $1, 'member')`,
          [units['TEST-KB'].id],
        ),
      ),
    ).rejects.toThrow(/row-level security/);
  });

  it('lets a read-only role read but not write', async () => {
    const chair = testActor(units, [{ role: 'local-chair', unit: 'TEST-KA-1' }]);
    const result = await withScope(testDb.database, chair, async (tx) => ({
      read: await tx.query('SELECT id FROM members'),
      updated: await tx.query("UPDATE members SET city = 'X' RETURNING id"),
    }));
    expect(result.read.map((r) => Number(r.id))).toEqual([members['TEST-KA-1']]);
    expect(result.updated).toEqual([]);
  });

  it('shows bank data only with member:finance:read', async () => {
    const query = 'SELECT member_id FROM member_bank_accounts ORDER BY member_id';
    const admin = await withScope(testDb.database, districtAdminA(), (tx) => tx.query(query));
    const treasurer = await withScope(
      testDb.database,
      testActor(units, [{ role: 'district-treasurer', unit: 'TEST-KA' }]),
      (tx) => tx.query(query),
    );
    expect(admin).toEqual([]);
    expect(treasurer.map((r) => Number(r.member_id))).toEqual([members['TEST-KA'], members['TEST-KA-1']]);
  });

  it('shows nothing without an actor, and roles without member data see none', async () => {
    const none = await withScope(testDb.database, null, (tx) => tx.query('SELECT id FROM members'));
    const dpo = await withScope(
      testDb.database,
      testActor(units, [{ role: 'data-protection-officer', unit: 'TEST-LV' }]),
      (tx) => tx.query('SELECT id FROM members'),
    );
    const sysadmin = await withScope(
      testDb.database,
      testActor(units, [{ role: 'system-admin', unit: 'TEST-LV' }]),
      (tx) => tx.query('SELECT id FROM members'),
    );
    expect([none, dpo, sysadmin]).toEqual([[], [], []]);
  });

  it('does not leak one transaction’s scope into the next on the same connection', async () => {
    const state = testActor(units, [{ role: 'state-admin', unit: 'TEST-LV' }]);
    const all = await withScope(testDb.database, state, (tx) => tx.query('SELECT id FROM members'));
    expect(all).toHaveLength(5);
    const after = await withScope(testDb.database, null, (tx) => tx.query('SELECT id FROM members'));
    expect(after).toEqual([]);
  });

  it('runs as a role that neither owns the tables nor bypasses row-level security', async () => {
    const [role] = await withScope(testDb.database, null, (tx) =>
      tx.query<{ current_user: string; bypass: boolean; super: boolean; owns: number }>(
        `SELECT current_user, r.rolbypassrls AS bypass, r.rolsuper AS super,
                (SELECT count(*)::int FROM pg_tables WHERE tableowner = current_user) AS owns
         FROM pg_roles r WHERE r.rolname = current_user`,
      ),
    );
    expect(role).toEqual({ current_user: 'servicestelle_app', bypass: false, super: false, owns: 0 });
  });

  it('has row-level security on every table that holds member data', async () => {
    const rows = await testDb.database.query<{ table: string; rls: boolean }>(
      `SELECT c.relname AS table, c.relrowsecurity AS rls
       FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
       WHERE n.nspname = 'public' AND c.relkind = 'r'
         AND (c.relname = 'members' OR EXISTS (
           SELECT 1 FROM pg_attribute a WHERE a.attrelid = c.oid AND a.attname = 'member_id' AND NOT a.attisdropped))
       ORDER BY 1`,
    );
    expect(rows.length).toBeGreaterThanOrEqual(3);
    expect(rows.filter((r) => !r.rls).map((r) => r.table)).toEqual([]);
  });

  it('casts the scope setting once per query in every policy, not once per row (F6)', async () => {
    const policies = await testDb.database.query<{ name: string; text: string }>(
      `SELECT policyname AS name, coalesce(qual, '') || ' ' || coalesce(with_check, '') AS text
         FROM pg_policies WHERE schemaname = 'public' AND (qual LIKE '%app.%' OR with_check LIKE '%app.%')`,
    );
    expect(policies.map((p) => p.name)).toContain('statistics_counts_select');
    // Cast outside the sub-select, PostgreSQL shows `(( SELECT NULLIF(…) AS "nullif"))::integer[]`.
    const perRow = policies.filter((p) => /AS "?nullif"?\)\)::integer\[\]/.test(p.text));
    expect(perRow.map((p) => p.name)).toEqual([]);
  });

  it('keeps index use for a member-number lookup and a unit-filtered list', async () => {
    const plans = await withScope(
      testDb.database,
      testActor(units, [{ role: 'state-admin', unit: 'TEST-LV' }]),
      async (tx) => {
        // Tiny tables: forbid sequential scans to see which indexes the planner can use.
        await tx.query('SET LOCAL enable_seqscan = off');
        const plan = async (q: string) =>
          (await tx.query<{ 'QUERY PLAN': string }>(`EXPLAIN ${q}`)).map((r) => r['QUERY PLAN']).join('\n');
        return {
          byNumber: await plan(
            `SELECT * FROM members WHERE member_number = '${memberNumberWithCheckDigit(4_711_001)}'`,
          ),
          byUnit: await plan(
            `SELECT * FROM members WHERE unit_id = ${units['TEST-KA'].id} AND status = 'member'`,
          ),
          // The duplicate checks look e-mails up under the policy (F13): plain equality only.
          byEmail: await plan(`SELECT id FROM members m WHERE m.email = 'anna@example.org'`),
        };
      },
    );
    expect(plans.byNumber).toMatch(/Index Scan using members_member_number_unique/);
    // Any unit-leading index will do (members_unit_sort_idx came with the lists, the birthdate one with
    // the filtered lists of migration 0013).
    expect(plans.byUnit).toMatch(/members_unit_(status|sort|status_birthdate)_idx/);
    // The policy's setting is evaluated once per query (InitPlan), not once per row.
    expect(plans.byUnit).toMatch(/InitPlan/);
    expect(plans.byEmail).toMatch(/Index (Only )?Scan (using|on) members_email_idx/);
  });

  it('marks a read scope as whole only when it holds every unit', async () => {
    const readAll = (actor: ReturnType<typeof testActor> | null) =>
      withScope(testDb.database, actor, async (tx) => {
        const [row] = await tx.query<{ v: string }>("SELECT current_setting('app.read_all', true) AS v");
        return row?.v ?? '';
      });
    const state = testActor(units, [{ role: 'state-admin', unit: 'TEST-LV' }]);
    const bothDistricts = testActor(units, [
      { role: 'district-admin', unit: 'TEST-KA' },
      { role: 'district-admin', unit: 'TEST-KB' },
    ]);
    expect(await readAll(state)).toBe('on');
    // Every unit but the Landesverband itself: not whole.
    expect(await readAll(bothDistricts)).toBe('');
    expect(await readAll(districtAdminA())).toBe('');
    expect(await readAll(null)).toBe('');
  });

  it('lets the search functions return only ids in the caller’s scope, whatever they are asked', async () => {
    // Every test member has the name term 'erika' and an e-mail at example.org.
    await testDb.database.query("UPDATE members SET name_keys = ARRAY['erika', lower(last_name)]");
    await testDb.database.query(
      "INSERT INTO member_name_terms (term, phonetic) VALUES ('erika', '074') ON CONFLICT DO NOTHING",
    );
    const everyUnit = Object.values(units).map((u) => u.id);
    const byNumber = (a: number, b: number) => a - b;
    const inScope = [members['TEST-KA'], members['TEST-KA-1']].sort(byNumber);
    const [kb] = await testDb.database.query<{ email: string }>('SELECT email FROM members WHERE id = $1', [
      members['TEST-KB'],
    ]);
    // One statement after the other: a transaction's connection runs one query at a time.
    const search = async (
      tx: { query: <T>(q: string, p?: unknown[]) => Promise<T[]> },
      units: number[] | null,
    ) => {
      const byName = await tx.query<{ id: string }>(
        `SELECT member_search_ids('[["erika"]]', NULL, NULL, $1::int[], NULL, NULL, 100) AS id`,
        [units ? `{${units.join(',')}}` : null],
      );
      const byEmail = await tx.query<{ id: string }>(
        `SELECT member_search_ids(NULL, 'email', $1, $2::int[], NULL, NULL, 100) AS id`,
        [kb!.email, units ? `{${units.join(',')}}` : null],
      );
      const count = await tx.query<{ n: number }>(
        `SELECT member_search_count('[["erika"]]', NULL, NULL, $1::int[], NULL) AS n`,
        [units ? `{${units.join(',')}}` : null],
      );
      return {
        byName: byName.map((r) => Number(r.id)).sort(byNumber),
        byEmail: byEmail.map((r) => Number(r.id)),
        count: Number(count[0]?.n),
      };
    };
    // A district admin, asking for every unit (wider than the scope) and for none in particular.
    for (const asked of [everyUnit, null]) {
      const found = await withScope(testDb.database, districtAdminA(), (tx) => search(tx, asked));
      expect(found).toEqual({ byName: inScope, byEmail: [], count: 2 });
      // The whole name search in one call keeps to the scope as well.
      const [names] = await withScope(testDb.database, districtAdminA(), (tx) =>
        tx.query<{ ids: string[]; total: number | null }>(
          `SELECT ids, total FROM member_search_names('{erika}', '{074}', $1::int[], NULL, 1, 1000)`,
          [asked ? `{${asked.join(',')}}` : null],
        ),
      );
      expect(names!.ids.map(Number).every((id) => inScope.includes(id))).toBe(true);
      expect(names!.total).toBe(2);
    }
    // The e-mail of TEST-KB is found by the state admin, so the lookup itself works.
    const state = await withScope(
      testDb.database,
      testActor(units, [{ role: 'state-admin', unit: 'TEST-LV' }]),
      (tx) => search(tx, null),
    );
    expect(state).toEqual({
      byName: Object.values(members).sort(byNumber),
      byEmail: [members['TEST-KB']],
      count: 5,
    });
    // A narrower scope set by hand inside the transaction is what counts.
    const narrowed = await withScope(
      testDb.database,
      testActor(units, [{ role: 'state-admin', unit: 'TEST-LV' }]),
      async (tx) => {
        await tx.query("SELECT set_config('app.read_units', $1, true)", [`{${units['TEST-KB-1'].id}}`]);
        return search(tx, everyUnit);
      },
    );
    expect(narrowed).toEqual({ byName: [members['TEST-KB-1']], byEmail: [], count: 1 });
    // No actor, and the owner connection (PGlite's superuser) without a scope: nothing.
    expect(await withScope(testDb.database, null, (tx) => search(tx, everyUnit))).toEqual({
      byName: [],
      byEmail: [],
      count: 0,
    });
    expect(await search(testDb.database, everyUnit)).toEqual({ byName: [], byEmail: [], count: 0 });
    // Only the application role may call them.
    const [grants] = await testDb.database.query<{ app: boolean; public: boolean }>(
      `SELECT has_function_privilege('servicestelle_app', 'member_search_ids(jsonb, text, text, integer[], text[], bigint[], integer, boolean)', 'EXECUTE')
                AND has_function_privilege('servicestelle_app', 'member_search_names(text[], text[], integer[], text[], integer, integer)', 'EXECUTE') AS app,
              EXISTS (SELECT 1 FROM pg_proc p, aclexplode(p.proacl) a
                       WHERE p.proname IN ('member_search_ids', 'member_search_count', 'member_search_names')
                         AND a.grantee = 0) AS public`,
    );
    expect(grants).toEqual({ app: true, public: false });
  });
});

describe.each(databaseKinds)('append-only audit trail on %s', (kind) => {
  let testDb: TestDatabase;

  beforeAll(async () => {
    testDb = await createTestDatabase(kind);
    await withScope(testDb.database, null, (tx) =>
      writeAudit(tx, { action: 'test.event', actor: { userId: null, name: 'test' } }),
    );
  });
  afterAll(async () => {
    await testDb?.drop();
  });

  it('lets the application role append and read, but not change, delete or truncate', async () => {
    const rows = await withScope(testDb.database, null, (tx) => tx.query('SELECT seq FROM audit_log'));
    expect(rows).toHaveLength(1);
    for (const statement of [
      "UPDATE audit_log SET action = 'x'",
      'DELETE FROM audit_log',
      'TRUNCATE audit_log',
      "UPDATE audit_checkpoints SET head_hash = 'x'",
    ]) {
      await expect(withScope(testDb.database, null, (tx) => tx.query(statement))).rejects.toThrow(
        /permission denied/,
      );
    }
  });

  it('refuses changes even to the owner, through a trigger', async () => {
    for (const statement of [
      "UPDATE audit_log SET action = 'x'",
      'DELETE FROM audit_log',
      'TRUNCATE audit_log',
    ]) {
      await expect(testDb.database.query(statement)).rejects.toThrow(/append-only/);
    }
  });
});
