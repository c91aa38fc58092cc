import { sql } from 'drizzle-orm';
import type { Database } from '@/server/db/database';
import type { PostcodeArea } from '@/server/modules/demo/demo-reference';
import type { DemoMember, DemoUnit } from '@/server/modules/demo/demo-generator';
import type { SearchKeys } from '@/server/modules/members/search-keys';

/**
 * SQL of the demo loader. The rows are streamed with COPY into unlogged staging tables in the
 * schema demo_load, then moved into the real tables in one transaction, so a failure at any point
 * leaves the member file as it was: no half-loaded demo, also not when the process dies while
 * streaming (COPY needs a connection of its own, so it cannot write into that transaction). COPY writes the
 * explicit ids (identity columns accept given values in COPY and with OVERRIDING SYSTEM VALUE);
 * the identity sequences are moved past them afterwards.
 */

const stagingSchema = 'demo_load';

/** One value in PostgreSQL's COPY text format: \N for null, backslash escapes for the rest. */
export function copyValue(value: string | number | null): string {
  if (value === null) return '\\N';
  const s = typeof value === 'number' ? String(value) : value;
  if (!/[\\\t\n\r]/.test(s)) return s;
  return s.replace(/[\\\t\n\r]/g, (c) =>
    c === '\\' ? '\\\\' : c === '\t' ? '\\t' : c === '\n' ? '\\n' : '\\r',
  );
}

export function copyLine(values: (string | number | null)[]): string {
  let line = '';
  for (let i = 0; i < values.length; i++) line += (i === 0 ? '' : '\t') + copyValue(values[i]!);
  return line + '\n';
}

export async function countUnits(database: Database): Promise<number> {
  const rows = await database.query<{ n: number }>('SELECT count(*)::int AS n FROM units');
  return rows[0]?.n ?? 0;
}

/** Up to `limit` unit codes that the demo does not create (MP, HE, HE-<Kreis AGS>, HE-<Gemeinde AGS>). */
export async function foreignUnitCodes(database: Database, limit = 5): Promise<string[]> {
  const rows = await database.query<{ code: string }>(
    `SELECT code FROM units WHERE code !~ '^(MP|HE|HE-[0-9]{5}|HE-[0-9]{8})$' ORDER BY code LIMIT $1`,
    [limit],
  );
  return rows.map((r) => r.code);
}

export async function prepareStaging(database: Database): Promise<void> {
  await database.exec(`
    DROP SCHEMA IF EXISTS ${stagingSchema} CASCADE;
    CREATE SCHEMA ${stagingSchema};
    CREATE UNLOGGED TABLE ${stagingSchema}.units (
      id integer NOT NULL, code text NOT NULL, name text NOT NULL, level text NOT NULL,
      parent_id integer, path text NOT NULL, ags text, created_at timestamptz NOT NULL);
    CREATE UNLOGGED TABLE ${stagingSchema}.postcode_areas (
      postcode text NOT NULL, ags text NOT NULL, place_name text NOT NULL);
    CREATE UNLOGGED TABLE ${stagingSchema}.name_terms (term text NOT NULL, phonetic text NOT NULL);
    CREATE UNLOGGED TABLE ${stagingSchema}.members (
      id bigint NOT NULL, member_number text, salutation text, title text,
      first_name text NOT NULL, last_name text NOT NULL, birthdate date, gender text NOT NULL,
      street text, house_number text, postcode text, city text, email text, phone text,
      entry_date date, unit_id integer NOT NULL, residence_ags text, status text NOT NULL,
      created_at timestamptz NOT NULL, updated_at timestamptz NOT NULL,
      name_keys text[], last_name_key text, first_name_key text, address_key text,
      iban text, bic text, account_holder text,
      h1_id bigint NOT NULL, h1_status text NOT NULL, h1_from date NOT NULL, h1_reason text,
      h2_status text, h2_from date, h2_reason text);
  `);
}

export async function dropStaging(database: Database): Promise<void> {
  await database.exec(`DROP SCHEMA IF EXISTS ${stagingSchema} CASCADE`);
}

export async function stageUnits(database: Database, units: DemoUnit[], createdAt: string): Promise<void> {
  await database.copyRows(
    `${stagingSchema}.units`,
    ['id', 'code', 'name', 'level', 'parent_id', 'path', 'ags', 'created_at'],
    units.map((u) => copyLine([u.id, u.code, u.name, u.level, u.parentId, u.path, u.ags, createdAt])),
  );
}

export async function stagePostcodeAreas(database: Database, areas: PostcodeArea[]): Promise<void> {
  await database.copyRows(
    `${stagingSchema}.postcode_areas`,
    ['postcode', 'ags', 'place_name'],
    areas.map((a) => copyLine([a.postcode, a.ags, a.placeName])),
  );
}

const memberColumns = [
  'id',
  'member_number',
  'salutation',
  'title',
  'first_name',
  'last_name',
  'birthdate',
  'gender',
  'street',
  'house_number',
  'postcode',
  'city',
  'email',
  'phone',
  'entry_date',
  'unit_id',
  'residence_ags',
  'status',
  'created_at',
  'updated_at',
  'name_keys',
  'last_name_key',
  'first_name_key',
  'address_key',
];

/** A text[] literal for COPY; name keys hold only a–z and 0–9 (members/search-keys.ts), so no quoting is needed. */
function textArray(values: string[]): string {
  for (const v of values) {
    if (!/^[a-z0-9]+$/.test(v)) throw new Error(`unexpected character in name key ${JSON.stringify(v)}`);
  }
  return `{${values.join(',')}}`;
}

/** The staging line of one member with its search keys (searchKeysFor of the member file). */
export function memberCopyLine(m: DemoMember, keys: SearchKeys): string {
  const [h1, h2] = m.history;
  if (!h1 || m.history.length > 2)
    throw new Error(`member ${m.id}: the demo writes one or two status periods`);
  return copyLine([
    m.id,
    m.memberNumber,
    m.salutation,
    m.title,
    m.firstName,
    m.lastName,
    m.birthdate,
    m.gender,
    m.street,
    m.houseNumber,
    m.postcode,
    m.city,
    m.email,
    m.phone,
    m.entryDate,
    m.unitId,
    m.residenceAgs,
    m.status,
    m.createdAt,
    m.updatedAt,
    textArray(keys.nameKeys),
    keys.lastNameKey,
    keys.firstNameKey,
    keys.addressKey,
    m.bank?.iban ?? null,
    m.bank?.bic ?? null,
    m.bank?.accountHolder ?? null,
    h1.id,
    h1.status,
    h1.validFrom,
    h1.reason,
    h2?.status ?? null,
    h2?.validFrom ?? null,
    h2?.reason ?? null,
  ]);
}

export async function stageNameTerms(database: Database, terms: Map<string, string>): Promise<void> {
  await database.copyRows(
    `${stagingSchema}.name_terms`,
    ['term', 'phonetic'],
    [...terms]
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([term, phonetic]) => copyLine([term, phonetic])),
  );
}

/** Streams members into staging; `chunks` yields text blocks of whole COPY lines. */
export async function stageMembers(database: Database, chunks: Iterable<string> | AsyncIterable<string>) {
  await database.copyRows(
    `${stagingSchema}.members`,
    [
      ...memberColumns,
      'iban',
      'bic',
      'account_holder',
      'h1_id',
      'h1_status',
      'h1_from',
      'h1_reason',
      'h2_status',
      'h2_from',
      'h2_reason',
    ],
    chunks,
  );
}

/** Tables holding demo data, children first. */
const demoTables = ['member_bank_accounts', 'member_status_history', 'members', 'units'];

/** The statements that move the staged demo into the member file, in order. */
function publishSteps(options: { replace: boolean }): string[] {
  const s = stagingSchema;
  return [
    ...(options.replace ? demoTables.map((t) => `DELETE FROM ${t}`) : []),
    `INSERT INTO units (id, code, name, level, parent_id, path, ags, created_at) OVERRIDING SYSTEM VALUE
       SELECT id, code, name, level, parent_id, path, ags, created_at FROM ${s}.units`,
    `INSERT INTO postcode_areas (postcode, ags, place_name)
       SELECT postcode, ags, place_name FROM ${s}.postcode_areas ON CONFLICT DO NOTHING`,
    `INSERT INTO members (${memberColumns.join(', ')}) OVERRIDING SYSTEM VALUE
       SELECT ${memberColumns.join(', ')} FROM ${s}.members`,
    `INSERT INTO member_status_history (id, member_id, status, unit_id, valid_from, valid_to, reason, created_at)
       OVERRIDING SYSTEM VALUE
       SELECT h.id, m.id, h.status, m.unit_id, h.valid_from, h.valid_to, h.reason, h.created_at
       FROM ${s}.members m
       CROSS JOIN LATERAL (VALUES
         (m.h1_id, m.h1_status, m.h1_from, m.h2_from, m.h1_reason, m.created_at),
         (m.h1_id + 1, m.h2_status, m.h2_from, NULL::date, m.h2_reason, m.updated_at)
       ) AS h (id, status, valid_from, valid_to, reason, created_at)
       WHERE h.status IS NOT NULL`,
    `INSERT INTO member_bank_accounts (member_id, iban, bic, account_holder, created_at)
       SELECT id, iban, bic, account_holder, created_at FROM ${s}.members WHERE iban IS NOT NULL`,
    `INSERT INTO member_name_terms (term, phonetic)
       SELECT term, phonetic FROM ${s}.name_terms ON CONFLICT (term) DO NOTHING`,
    ['units', 'members', 'member_status_history']
      .map(
        (t) =>
          `SELECT setval(pg_get_serial_sequence('${t}', 'id'), coalesce(max(id), 0) + 1, false) FROM ${t}`,
      )
      .join(' UNION ALL '),
  ];
}

/**
 * Moves the staged demo into the member file in one transaction, so that a failure leaves the
 * member file as it was. With `replace`, the existing demo is deleted in the same transaction.
 * Errors are PostgreSQL's own (message and SQLSTATE `code`).
 */
export async function publishStaging(
  database: Database,
  options: { replace: boolean; onStep?: (done: number, total: number) => void },
): Promise<void> {
  const steps = publishSteps(options);
  try {
    await database.db.transaction(async (tx) => {
      for (let i = 0; i < steps.length; i++) {
        await tx.execute(sql.raw(steps[i]!));
        options.onStep?.(i + 1, steps.length);
      }
    });
  } catch (error) {
    // Drizzle wraps the driver's error; callers want PostgreSQL's own.
    const cause = (error as { cause?: unknown }).cause;
    throw cause instanceof Error ? cause : error;
  }
}

/** How many steps publishStaging() reports. */
export function publishStepCount(options: { replace: boolean }): number {
  return publishSteps(options).length;
}

/**
 * Statistics help the planner right after a bulk load (autovacuum would get there later). The
 * search term table is vacuumed as well: a search is an index-only scan of it, which must not
 * visit the heap for rows the visibility map does not yet know, and embedded PGlite has no
 * autovacuum. VACUUM cannot run in a transaction block, so it is a statement of its own.
 */
export async function analyzeDemoTables(database: Database): Promise<void> {
  await database.exec(`ANALYZE units, postcode_areas, members, member_status_history, member_bank_accounts`);
  await database.exec(`VACUUM (ANALYZE) member_search_terms`);
}
