import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isValidMemberNumber } from '@/contracts/member-number';
import { isValidIban } from '@/server/modules/demo/iban';
import {
  DemoRefusedError,
  demoDefaults,
  isDatabaseEmpty,
  loadDemo,
  type DemoProgress,
} from '@/server/modules/demo/demo.service';
import type { Database } from '@/server/db/database';
import { createTestDatabase, databaseKinds, type TestDatabase } from '../support/database';

const members = 2000;
const seed = 4242;
const asOf = demoDefaults.asOf;

/** md5 over every row of the member tables, in id order. */
async function digest(database: Database): Promise<string> {
  const rows = await database.query<{ members: string; history: string; banks: string; units: string }>(`
    SELECT (SELECT md5(string_agg(m::text, E'\\n' ORDER BY m.id)) FROM members m) AS members,
           (SELECT md5(string_agg(h::text, E'\\n' ORDER BY h.id)) FROM member_status_history h) AS history,
           (SELECT md5(string_agg(b::text, E'\\n' ORDER BY b.member_id)) FROM member_bank_accounts b) AS banks,
           (SELECT md5(string_agg(u::text, E'\\n' ORDER BY u.id)) FROM units u) AS units`);
  const r = rows[0]!;
  return [r.members, r.history, r.banks, r.units].join(':');
}

async function count(database: Database, sql: string, params: unknown[] = []): Promise<number> {
  const rows = await database.query<{ n: number }>(`SELECT (${sql})::int AS n`, params);
  return rows[0]!.n;
}

describe.each(databaseKinds)('demo loader on %s', (kind) => {
  let testDb: TestDatabase;
  let database: Database;
  let firstDigest: string;
  const phases = new Set<string>();
  let lastProgress: DemoProgress | undefined;

  beforeAll(async () => {
    testDb = await createTestDatabase(kind);
    database = testDb.database;
    expect(await isDatabaseEmpty(database)).toBe(true);
    const result = await loadDemo(database, {
      members,
      seed,
      onProgress: (p) => {
        phases.add(p.phase);
        if (p.phase === 'members') lastProgress = p;
      },
    });
    expect(result).toMatchObject({ units: 450, members });
    firstDigest = await digest(database);
  });
  afterAll(async () => {
    await testDb?.drop();
  });

  it('reports progress through every phase', () => {
    expect([...phases]).toEqual(['units', 'members', 'saving']);
    expect(lastProgress).toEqual({ phase: 'members', done: members, total: members });
  });

  it('creates the Musterpartei with one Kreisverband per Kreis and one local unit per Gemeinde', async () => {
    const levels = await database.query<{ level: string; n: number }>(
      'SELECT level, count(*)::int AS n FROM units GROUP BY level ORDER BY level',
    );
    expect(levels).toEqual([
      { level: 'district', n: 26 },
      { level: 'federal', n: 1 },
      { level: 'local', n: 422 },
      { level: 'state', n: 1 },
    ]);
    const named = await database.query<{ code: string; name: string; level: string; parent: string | null }>(
      `SELECT u.code, u.name, u.level, p.code AS parent FROM units u LEFT JOIN units p ON p.id = u.parent_id
       WHERE u.code IN ('MP', 'HE', 'HE-06631', 'HE-06412', 'HE-06611', 'HE-06633', 'HE-06631009', 'HE-06631001')
       ORDER BY u.code`,
    );
    expect(named).toEqual([
      { code: 'HE', name: 'Landesverband Hessen', level: 'state', parent: 'MP' },
      { code: 'HE-06412', name: 'Kreisverband Frankfurt am Main', level: 'district', parent: 'HE' },
      { code: 'HE-06611', name: 'Kreisverband Kassel', level: 'district', parent: 'HE' },
      { code: 'HE-06631', name: 'Kreisverband Fulda', level: 'district', parent: 'HE' },
      { code: 'HE-06631001', name: 'Gemeindeverband Bad Salzschlirf', level: 'local', parent: 'HE-06631' },
      { code: 'HE-06631009', name: 'Stadtverband Fulda', level: 'local', parent: 'HE-06631' },
      { code: 'HE-06633', name: 'Kreisverband Kassel-Land', level: 'district', parent: 'HE' },
      { code: 'MP', name: 'Musterpartei Bundesverband', level: 'federal', parent: null },
    ]);
    // Codes carry the AGS; a local unit lies in the Kreis its AGS names; gemeindefreie Gebiete are left out.
    expect(
      await count(
        database,
        `SELECT count(*) FROM units u LEFT JOIN units p ON p.id = u.parent_id
         WHERE (u.level = 'district' AND (u.code <> 'HE-' || u.ags OR u.ags !~ '^06[0-9]{3}$' OR u.name NOT LIKE 'Kreisverband %'))
            OR (u.level = 'local' AND (u.code <> 'HE-' || u.ags OR u.ags !~ '^06[0-9]{6}$' OR p.ags <> left(u.ags, 5)
                OR u.name !~ '^(Stadtverband|Gemeindeverband) '))`,
      ),
    ).toBe(0);
    expect(
      await count(
        database,
        `SELECT count(*) FROM units WHERE ags IN ('06431200', '06435200', '06633200', '06636200')`,
      ),
    ).toBe(0);
  });

  it('sets each unit path to its parent path plus its own id', async () => {
    expect(
      await count(
        database,
        `SELECT count(*) FROM units u LEFT JOIN units p ON p.id = u.parent_id
         WHERE u.path <> coalesce(p.path, '/') || u.id || '/'`,
      ),
    ).toBe(0);
    // The identity sequence continues after the explicit ids.
    const [created] = await database.query<{ id: number }>(
      `INSERT INTO units (code, name, level, parent_id, path) VALUES ('TMP-1', 'Probe', 'local', 2, '/') RETURNING id`,
    );
    expect(created!.id).toBe(451);
    await database.query(`DELETE FROM units WHERE code = 'TMP-1'`);
  });

  it('fills postcode_areas from the OpenStreetMap postcode list', async () => {
    expect(await count(database, 'SELECT count(*) FROM postcode_areas')).toBe(559);
    expect(
      await count(
        database,
        `SELECT count(*) FROM postcode_areas WHERE postcode = '36037' AND ags = '06631009'`,
      ),
    ).toBe(1);
  });

  it('places every member in the local unit of a Gemeinde that their postcode covers', async () => {
    expect(await count(database, 'SELECT count(*) FROM members')).toBe(members);
    expect(
      await count(
        database,
        `SELECT count(*) FROM members m JOIN units u ON u.id = m.unit_id
         WHERE u.level <> 'local'
            OR NOT EXISTS (SELECT 1 FROM postcode_areas p WHERE p.postcode = m.postcode AND p.ags = u.ags)
            OR u.name NOT IN ('Stadtverband ' || m.city, 'Gemeindeverband ' || m.city)`,
      ),
    ).toBe(0);
    // Big cities get more members: Frankfurt has more than the smallest Kreis.
    const frankfurt = await count(
      database,
      `SELECT count(*) FROM members m JOIN units u ON u.id = m.unit_id WHERE u.code = 'HE-06412000'`,
    );
    const odenwald = await count(
      database,
      `SELECT count(*) FROM members m JOIN units u ON u.id = m.unit_id WHERE u.ags LIKE '06437%'`,
    );
    expect(frankfurt).toBeGreaterThan(2 * odenwald);
  });

  it('fills the residence and the search keys the member file uses', async () => {
    expect(
      await count(
        database,
        `SELECT count(*) FROM members m JOIN units u ON u.id = m.unit_id
         WHERE m.residence_ags IS DISTINCT FROM u.ags OR m.residence_exception IS NOT NULL
            OR cardinality(m.name_keys) IS NULL OR cardinality(m.name_keys) = 0
            OR m.last_name_key IS NULL OR m.first_name_key IS NULL OR m.address_key NOT LIKE m.postcode || '|%'`,
      ),
    ).toBe(0);
    // The keys are those of the member file, and every name term is in the term table.
    const [müller] = await database.query<{ last_name_key: string }>(
      `SELECT last_name_key FROM members WHERE last_name = 'Müller' LIMIT 1`,
    );
    expect(müller?.last_name_key).toBe('muller');
    expect(
      await count(
        database,
        `SELECT count(*) FROM (SELECT DISTINCT unnest(name_keys) AS k FROM members) keys
         WHERE NOT EXISTS (SELECT 1 FROM member_name_terms t WHERE t.term = keys.k)`,
      ),
    ).toBe(0);
  });

  it('has roughly the status mix of a party', async () => {
    const rows = await database.query<{ status: string; n: number }>(
      'SELECT status, count(*)::int AS n FROM members GROUP BY status',
    );
    const by = Object.fromEntries(rows.map((r) => [r.status, r.n])) as Record<string, number>;
    const share = (...statuses: string[]) => statuses.reduce((sum, s) => sum + (by[s] ?? 0), 0) / members;
    expect(share('member')).toBeGreaterThan(0.8);
    expect(share('member')).toBeLessThan(0.9);
    expect(share('resigned', 'deceased', 'expelled', 'lapsed')).toBeGreaterThan(0.09);
    expect(share('resigned', 'deceased', 'expelled', 'lapsed')).toBeLessThan(0.15);
    for (const s of ['applicant', 'provisional']) {
      expect(share(s)).toBeGreaterThan(0.003);
      expect(share(s)).toBeLessThan(0.025);
    }
    for (const s of ['dormant', 'rejected', 'resigned', 'deceased', 'expelled', 'lapsed']) {
      expect(by[s], s).toBeGreaterThan(0);
    }
  });

  it('keeps the status history consistent with the current status', async () => {
    // Exactly one open period per member, and it is the current status.
    expect(
      await count(
        database,
        `SELECT count(*) FROM members m
         WHERE (SELECT count(*) FROM member_status_history h WHERE h.member_id = m.id AND h.valid_to IS NULL) <> 1
            OR NOT EXISTS (SELECT 1 FROM member_status_history h
                           WHERE h.member_id = m.id AND h.valid_to IS NULL AND h.status = m.status)`,
      ),
    ).toBe(0);
    // No empty periods, no overlaps, no gaps, history unit = member unit.
    expect(
      await count(database, `SELECT count(*) FROM member_status_history WHERE valid_to <= valid_from`),
    ).toBe(0);
    expect(
      await count(
        database,
        `SELECT count(*) FROM member_status_history a JOIN member_status_history b
           ON a.member_id = b.member_id AND a.id < b.id
         WHERE daterange(a.valid_from, a.valid_to) && daterange(b.valid_from, b.valid_to)`,
      ),
    ).toBe(0);
    expect(
      await count(
        database,
        `SELECT count(*) FROM member_status_history a
         WHERE a.valid_to IS NOT NULL
           AND NOT EXISTS (SELECT 1 FROM member_status_history b WHERE b.member_id = a.member_id AND b.valid_from = a.valid_to)`,
      ),
    ).toBe(0);
    expect(
      await count(
        database,
        `SELECT count(*) FROM member_status_history h JOIN members m ON m.id = h.member_id WHERE h.unit_id <> m.unit_id`,
      ),
    ).toBe(0);
    // Former and dormant members: a member period from the entry date that ends the day the new status began.
    expect(
      await count(
        database,
        `SELECT count(*) FROM members m
         WHERE m.status IN ('resigned', 'deceased', 'expelled', 'lapsed', 'dormant')
           AND NOT EXISTS (
             SELECT 1 FROM member_status_history a JOIN member_status_history b
               ON b.member_id = a.member_id AND b.valid_from = a.valid_to AND b.status = m.status
             WHERE a.member_id = m.id AND a.status = 'member' AND a.valid_from = m.entry_date)`,
      ),
    ).toBe(0);
    // Members since the entry date; provisional members were applicants until admitted on the entry date.
    expect(
      await count(
        database,
        `SELECT count(*) FROM members m
         WHERE (m.status = 'member' AND NOT EXISTS (SELECT 1 FROM member_status_history h
                  WHERE h.member_id = m.id AND h.status = 'member' AND h.valid_from = m.entry_date))
            OR (m.status = 'provisional' AND NOT EXISTS (SELECT 1 FROM member_status_history h
                  WHERE h.member_id = m.id AND h.status = 'applicant' AND h.valid_to = m.entry_date))
            OR (m.status IN ('applicant', 'rejected') AND (m.entry_date IS NOT NULL OR m.member_number IS NOT NULL))
            OR (m.status = 'rejected' AND NOT EXISTS (SELECT 1 FROM member_status_history h
                  WHERE h.member_id = m.id AND h.status = 'applicant' AND h.valid_to IS NOT NULL))`,
      ),
    ).toBe(0);
    expect(
      await count(database, `SELECT count(*) FROM member_status_history WHERE valid_from > $1::date`, [asOf]),
    ).toBe(0);
  });

  it('gives everyone admitted a unique, valid member number', async () => {
    const rows = await database.query<{ member_number: string | null; status: string }>(
      'SELECT member_number, status FROM members ORDER BY id',
    );
    const numbers = rows.filter((r) => r.member_number !== null).map((r) => r.member_number!);
    expect(numbers.length).toBe(rows.filter((r) => !['applicant', 'rejected'].includes(r.status)).length);
    expect(new Set(numbers).size).toBe(numbers.length);
    expect(numbers.filter((n) => !isValidMemberNumber(n))).toEqual([]);
  });

  it('writes plausible people: ages 16–95, entry after the 16th birthday, example mail domains, E.164 phones', async () => {
    expect(
      await count(
        database,
        `SELECT count(*) FROM members
         WHERE date_part('year', age($1::date, birthdate)) NOT BETWEEN 16 AND 95
            OR entry_date < birthdate + interval '16 years'
            OR entry_date > $1::date
            OR email !~ '^[a-z0-9.-]+@example\\.(org|com|net)$'
            OR phone !~ '^\\+49(1[5-7][0-9]{9}|[2-9][0-9]{9})$'
            OR (gender = 'female') <> (salutation IS NOT DISTINCT FROM 'Frau')
            OR (gender = 'male') <> (salutation IS NOT DISTINCT FROM 'Herr')`,
        [asOf],
      ),
    ).toBe(0);
    const women = await count(database, `SELECT count(*) FROM members WHERE gender = 'female'`);
    expect(women / members).toBeGreaterThan(0.27);
    expect(women / members).toBeLessThan(0.38);
    expect(await count(database, `SELECT count(*) FROM members WHERE title IS NOT NULL`)).toBeGreaterThan(0);
    const avgAge = await count(
      database,
      `SELECT avg(date_part('year', age($1::date, birthdate))) FROM members`,
      [asOf],
    );
    expect(avgAge).toBeGreaterThan(50);
  });

  it('gives about 90 % a bank account with a valid German IBAN', async () => {
    const rows = await database.query<{ iban: string; bic: string; account_holder: string }>(
      'SELECT iban, bic, account_holder FROM member_bank_accounts',
    );
    expect(rows.length / members).toBeGreaterThan(0.85);
    expect(rows.length / members).toBeLessThan(0.95);
    expect(rows.filter((r) => !/^DE\d{20}$/.test(r.iban) || !isValidIban(r.iban))).toEqual([]);
    expect(rows.filter((r) => !/^[A-Z]{6}[A-Z0-9]{2}([A-Z0-9]{3})?$/.test(r.bic))).toEqual([]);
  });

  it('refuses a database that already has units unless asked to replace', async () => {
    expect(await isDatabaseEmpty(database)).toBe(false);
    await expect(loadDemo(database, { members: 10, seed })).rejects.toBeInstanceOf(DemoRefusedError);
    expect(await digest(database)).toBe(firstDigest);
  });

  it('gives the same seed byte-identical data and another seed different data', async () => {
    await loadDemo(database, { members, seed, replace: true });
    expect(await digest(database)).toBe(firstDigest);
    await loadDemo(database, { members, seed: seed + 1, replace: true });
    const other = await digest(database);
    expect(other).not.toBe(firstDigest);
    expect(other.split(':')[3]).toBe(firstDigest.split(':')[3]);
    await loadDemo(database, { members, seed, replace: true });
    expect(await digest(database)).toBe(firstDigest);
  });

  it('does not replace a database that holds other units', async () => {
    await database.query(
      `INSERT INTO units (code, name, level, parent_id, path) VALUES ('XY', 'Fremde Einheit', 'state', 1, '/')`,
    );
    await expect(loadDemo(database, { members: 10, seed, replace: true })).rejects.toThrow(
      /not part of the demo/,
    );
    await database.query(`DELETE FROM units WHERE code = 'XY'`);
  });

  it('leaves the existing demo untouched when the load fails', async () => {
    // Another table that refers to a demo member makes the replacement fail half-way through its transaction.
    await database.exec(`CREATE TABLE demo_test_reference (member_id bigint REFERENCES members (id))`);
    await database.query(`INSERT INTO demo_test_reference VALUES (1)`);
    try {
      await expect(loadDemo(database, { members: 50, seed: 7, replace: true })).rejects.toThrow(
        /other data refers to its units or members/,
      );
      expect(await digest(database)).toBe(firstDigest);
      expect(await count(database, `SELECT count(*) FROM pg_namespace WHERE nspname = 'demo_load'`)).toBe(0);
    } finally {
      await database.exec(`DROP TABLE demo_test_reference`);
    }
  });
});
