import type { MemberStatus } from '@/contracts/members';
import { prepared } from '@/server/db/database';
import { pgArray } from '@/server/db/pg-array';

/**
 * SQL of the member file. Raw SQL on purpose: search, lists and counts must hit particular
 * indexes at a million rows (the search term table, the German-collated sort indexes, the status
 * history range index), and every function runs on a scoped transaction (row-level security) or,
 * for bulk work, on the owner connection.
 */
export interface Queryable {
  query<T = Record<string, unknown>>(text: string, params?: unknown[]): Promise<T[]>;
}

export interface MemberRow {
  id: number;
  member_number: string | null;
  salutation: string | null;
  title: string | null;
  first_name: string;
  last_name: string;
  name_affix: string | null;
  birthdate: string | null;
  gender: 'female' | 'male' | 'diverse' | 'unspecified';
  street: string | null;
  house_number: string | null;
  address_extra: string | null;
  postcode: string | null;
  city: string | null;
  country: string;
  email: string | null;
  phone: string | null;
  entry_date: string | null;
  unit_id: number;
  status: MemberStatus;
  notes: string | null;
  version: number;
  created_at: string;
  updated_at: string;
  residence_ags: string | null;
  residence_exception: string | null;
}

/** Dates as ISO strings, timestamps as ISO date-times, ids as numbers, on both drivers. */
const MEMBER_COLUMNS = `m.id::int AS id, m.member_number, m.salutation, m.title, m.first_name, m.last_name, m.name_affix,
  to_char(m.birthdate, 'YYYY-MM-DD') AS birthdate, m.gender, m.street, m.house_number, m.address_extra, m.postcode,
  m.city, m.country, m.email, m.phone, to_char(m.entry_date, 'YYYY-MM-DD') AS entry_date, m.unit_id, m.status, m.notes,
  m.version, to_char(m.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS created_at,
  to_char(m.updated_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS updated_at,
  m.residence_ags, m.residence_exception`;

export interface ListItemRow {
  id: number;
  member_number: string | null;
  first_name: string;
  last_name: string;
  unit_id: number;
  status: MemberStatus;
  version: number;
  postcode: string | null;
  city: string | null;
  birthdate: string | null;
  entry_date: string | null;
}

const LIST_COLUMNS = `m.id::int AS id, m.member_number, m.first_name, m.last_name, m.unit_id, m.status, m.version,
  m.postcode, m.city, to_char(m.birthdate, 'YYYY-MM-DD') AS birthdate, to_char(m.entry_date, 'YYYY-MM-DD') AS entry_date`;

/** The columns a write may set, by their SQL names. */
export interface MemberWrite {
  member_number?: string | null;
  salutation?: string | null;
  title?: string | null;
  first_name?: string;
  last_name?: string;
  name_affix?: string | null;
  birthdate?: string | null;
  gender?: string;
  street?: string | null;
  house_number?: string | null;
  address_extra?: string | null;
  postcode?: string | null;
  city?: string | null;
  country?: string;
  email?: string | null;
  phone?: string | null;
  entry_date?: string | null;
  unit_id?: number;
  status?: MemberStatus;
  notes?: string | null;
  residence_ags?: string | null;
  residence_exception?: string | null;
  name_keys?: string[];
  last_name_key?: string;
  first_name_key?: string;
  address_key?: string | null;
}

/** Arrays go to PostgreSQL as array literals, cast in the statement: the same text for both drivers. */
function toParam(value: unknown): unknown {
  if (!Array.isArray(value)) return value;
  return pgArray(value as (string | number | null)[]);
}

function pg(target: Queryable): Queryable {
  return { query: (text, params) => target.query(text, params?.map(toParam)) };
}

function writeParams(write: MemberWrite): { columns: string[]; values: unknown[]; casts: string[] } {
  const columns: string[] = [];
  const values: unknown[] = [];
  const casts: string[] = [];
  for (const [column, value] of Object.entries(write)) {
    if (value === undefined) continue;
    columns.push(column);
    if (column === 'name_keys') {
      values.push(pgArray(value as string[]));
      casts.push('::text[]');
    } else if (column === 'birthdate' || column === 'entry_date') {
      values.push(value);
      casts.push('::date');
    } else {
      values.push(value);
      casts.push('');
    }
  }
  return { columns, values, casts };
}

export async function insertMember(tx: Queryable, write: MemberWrite): Promise<number> {
  const { columns, values, casts } = writeParams(write);
  const rows = await pg(tx).query<{ id: number }>(
    `INSERT INTO members (${columns.join(', ')}) VALUES (${columns.map((_, i) => `$${i + 1}${casts[i]}`).join(', ')})
     RETURNING id::int AS id`,
    values,
  );
  return rows[0]!.id;
}

/**
 * Applies a change if the record still has the expected version; returns the new version, or
 * null when someone else changed it first (or it is out of the caller's write scope).
 */
export async function updateMember(
  tx: Queryable,
  id: number,
  expectedVersion: number,
  write: MemberWrite,
): Promise<number | null> {
  const { columns, values, casts } = writeParams(write);
  const sets = columns.map((c, i) => `${c} = $${i + 3}${casts[i]}`);
  sets.push('version = version + 1', 'updated_at = now()');
  const rows = await pg(tx).query<{ version: number }>(
    `UPDATE members SET ${sets.join(', ')} WHERE id = $1 AND version = $2 RETURNING version`,
    [id, expectedVersion, ...values],
  );
  return rows[0]?.version ?? null;
}

const MEMBER_SQL = prepared(`SELECT ${MEMBER_COLUMNS} FROM members m WHERE m.id = $1`);
const MEMBER_FOR_UPDATE_SQL = prepared(`SELECT ${MEMBER_COLUMNS} FROM members m WHERE m.id = $1 FOR UPDATE`);

export async function findMember(
  tx: Queryable,
  id: number,
  options: { forUpdate?: boolean } = {},
): Promise<MemberRow | null> {
  const rows = await pg(tx).query<MemberRow>(options.forUpdate ? MEMBER_FOR_UPDATE_SQL : MEMBER_SQL, [id]);
  return rows[0] ?? null;
}

// ---------------------------------------------------------------------------------------------
// Member numbers

/**
 * The next running number, past both the sequence and the highest number on file (bulk loads
 * assign numbers without the sequence); next_member_running_number() serialises and sees all.
 */
export async function nextRunningNumber(tx: Queryable): Promise<number> {
  const rows = await pg(tx).query<{ n: string | number }>('SELECT next_member_running_number() AS n');
  return Number(rows[0]!.n);
}

// ---------------------------------------------------------------------------------------------
// Status history

export interface HistoryRow {
  id: number;
  status: MemberStatus;
  unit_id: number;
  valid_from: string;
  valid_to: string | null;
  reason: string | null;
  transition: string | null;
  actor_user_id: number | null;
  created_at: string;
}

export async function findHistory(tx: Queryable, memberId: number): Promise<HistoryRow[]> {
  return pg(tx).query<HistoryRow>(
    `SELECT id::int AS id, status, unit_id, to_char(valid_from, 'YYYY-MM-DD') AS valid_from,
            to_char(valid_to, 'YYYY-MM-DD') AS valid_to, reason, transition, actor_user_id,
            to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS created_at
       FROM member_status_history WHERE member_id = $1 ORDER BY valid_from, id`,
    [memberId],
  );
}

const openHistorySelect = `SELECT id::int AS id, status, unit_id, to_char(valid_from, 'YYYY-MM-DD') AS valid_from,
            NULL AS valid_to, reason, transition, actor_user_id, created_at::text AS created_at
       FROM member_status_history WHERE member_id = $1 AND valid_to IS NULL
      ORDER BY valid_from DESC, id DESC LIMIT 1`;

/** The row that has no end yet (the current or a pending status). */
export async function findOpenHistory(tx: Queryable, memberId: number): Promise<HistoryRow | null> {
  const rows = await pg(tx).query<HistoryRow>(openHistorySelect, [memberId]);
  return rows[0] ?? null;
}

/**
 * What a member record shows besides its row: the open status, consents and associations, in one
 * statement (each was a round trip of its own; bench finding F8).
 */
export interface MemberParts {
  open: HistoryRow | null;
  consents: ConsentRow[];
  associations: AssociationRow[];
}

export async function findMemberParts(tx: Queryable, memberId: number): Promise<MemberParts> {
  const rows = await pg(tx).query<MemberParts>(MEMBER_PARTS_SQL, [memberId]);
  const row = rows[0]!;
  return { open: row.open, consents: row.consents, associations: row.associations };
}

export async function insertHistory(
  tx: Queryable,
  row: {
    memberId: number;
    status: MemberStatus;
    unitId: number;
    validFrom: string;
    reason: string | null;
    transition: string | null;
    actorUserId: number | null;
  },
): Promise<void> {
  await pg(tx).query(
    `INSERT INTO member_status_history (member_id, status, unit_id, valid_from, reason, transition, actor_user_id)
     VALUES ($1, $2, $3, $4::date, $5, $6, $7)`,
    [row.memberId, row.status, row.unitId, row.validFrom, row.reason, row.transition, row.actorUserId],
  );
}

export async function closeHistory(tx: Queryable, historyId: number, validTo: string): Promise<void> {
  await pg(tx).query(`UPDATE member_status_history SET valid_to = $2::date WHERE id = $1`, [
    historyId,
    validTo,
  ]);
}

/** Members whose open history row began by today but whose record still shows the old status. */
export async function applyDueStatuses(tx: Queryable, today: string): Promise<number[]> {
  const rows = await pg(tx).query<{ id: number }>(
    `UPDATE members m SET status = h.status, version = m.version + 1, updated_at = now()
       FROM member_status_history h
      WHERE h.member_id = m.id AND h.valid_to IS NULL AND h.valid_from <= $1::date AND m.status <> h.status
      RETURNING m.id::int AS id`,
    [today],
  );
  return rows.map((r) => r.id);
}

// ---------------------------------------------------------------------------------------------
// Transfers (a move to another unit)

/**
 * Moves a member to another unit with its history, through a SECURITY DEFINER function: the
 * caller may write the member where it is, but the new unit is usually outside that scope.
 */
export async function moveMember(
  tx: Queryable,
  move: {
    memberId: number;
    toUnitId: number;
    effectiveDate: string;
    reason: string | null;
    crossDistrict: boolean;
  },
): Promise<number> {
  const rows = await pg(tx).query<{ id: string | number }>(
    `SELECT member_transfer($1, $2, $3::date, $4, $5) AS id`,
    [move.memberId, move.toUnitId, move.effectiveDate, move.reason, move.crossDistrict],
  );
  return Number(rows[0]!.id);
}

export interface TransferRow {
  id: number;
  member_id: number;
  member_number: string | null;
  member_name: string;
  from_unit_id: number;
  to_unit_id: number;
  cross_district: boolean;
  effective_date: string;
  reason: string | null;
  created_at: string;
}

const TRANSFER_COLUMNS = `id::int AS id, member_id::int AS member_id, member_number, member_name, from_unit_id, to_unit_id,
  cross_district, to_char(effective_date, 'YYYY-MM-DD') AS effective_date, reason,
  to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS created_at`;

export async function findTransfersOfMember(tx: Queryable, memberId: number): Promise<TransferRow[]> {
  return pg(tx).query<TransferRow>(
    `SELECT ${TRANSFER_COLUMNS} FROM member_transfers WHERE member_id = $1 ORDER BY effective_date, id`,
    [memberId],
  );
}

export async function findTransfersOfUnits(
  tx: Queryable,
  unitIds: number[],
  since: string | null,
  limit: number,
): Promise<TransferRow[]> {
  return pg(tx).query<TransferRow>(
    `SELECT ${TRANSFER_COLUMNS} FROM member_transfers
      WHERE (from_unit_id = ANY($1::int[]) OR to_unit_id = ANY($1::int[]))
        AND ($2::date IS NULL OR effective_date >= $2::date)
      ORDER BY created_at DESC, id DESC LIMIT $3`,
    [unitIds, since, limit],
  );
}

// ---------------------------------------------------------------------------------------------
// Consents and associations

export interface ConsentRow {
  channel: 'email' | 'phone' | 'post';
  granted_on: string;
  source: string;
  withdrawn_on: string | null;
  withdrawal_source: string | null;
}

const consentsSelect = `SELECT channel, to_char(granted_on, 'YYYY-MM-DD') AS granted_on, source,
            to_char(withdrawn_on, 'YYYY-MM-DD') AS withdrawn_on, withdrawal_source
       FROM member_consents WHERE member_id = $1 ORDER BY granted_on, id`;

export async function replaceConsents(
  tx: Queryable,
  memberId: number,
  consents: {
    channel: string;
    grantedOn: string;
    source: string;
    withdrawnOn?: string | null;
    withdrawalSource?: string | null;
  }[],
): Promise<void> {
  await pg(tx).query('DELETE FROM member_consents WHERE member_id = $1', [memberId]);
  for (const c of consents) {
    await pg(tx).query(
      `INSERT INTO member_consents (member_id, channel, granted_on, source, withdrawn_on, withdrawal_source)
       VALUES ($1, $2, $3::date, $4, $5::date, $6)`,
      [memberId, c.channel, c.grantedOn, c.source, c.withdrawnOn ?? null, c.withdrawalSource ?? null],
    );
  }
}

export interface AssociationRow {
  association_code: string;
  since: string;
  until: string | null;
}

const associationsSelect = `SELECT association_code, to_char(since, 'YYYY-MM-DD') AS since,
            to_char(until, 'YYYY-MM-DD') AS until
       FROM member_associations WHERE member_id = $1 ORDER BY since, id`;

// After the three selects it joins: module constants are built in order.
const MEMBER_PARTS_COLUMNS = `(SELECT row_to_json(h) FROM (${openHistorySelect}) h) AS open,
            (SELECT coalesce(json_agg(c), '[]'::json) FROM (${consentsSelect}) c) AS consents,
            (SELECT coalesce(json_agg(a), '[]'::json) FROM (${associationsSelect}) a) AS associations`;
const MEMBER_PARTS_SQL = prepared(`SELECT ${MEMBER_PARTS_COLUMNS}`);
// The record and its parts in one round trip: the parts' selects filter on $1, the member's id.
const MEMBER_WITH_PARTS_SQL = prepared(
  `SELECT ${MEMBER_COLUMNS}, ${MEMBER_PARTS_COLUMNS} FROM members m WHERE m.id = $1`,
);

/** A member record with what it shows besides its row, in one statement (bench finding F20). */
export async function findMemberWithParts(
  tx: Queryable,
  id: number,
): Promise<{ row: MemberRow; parts: MemberParts } | null> {
  const rows = await pg(tx).query<MemberRow & MemberParts>(MEMBER_WITH_PARTS_SQL, [id]);
  const found = rows[0];
  if (!found) return null;
  const { open, consents, associations, ...row } = found;
  return { row, parts: { open, consents, associations } };
}

export async function replaceAssociations(
  tx: Queryable,
  memberId: number,
  associations: { code: string; since: string; until?: string | null }[],
): Promise<void> {
  await pg(tx).query('DELETE FROM member_associations WHERE member_id = $1', [memberId]);
  for (const a of associations) {
    await pg(tx).query(
      `INSERT INTO member_associations (member_id, association_code, since, until) VALUES ($1, $2, $3::date, $4::date)`,
      [memberId, a.code, a.since, a.until ?? null],
    );
  }
}

// ---------------------------------------------------------------------------------------------
// Catalogues

export interface CatalogueRow {
  kind: 'association' | 'function' | 'mandate';
  code: string;
  name: string;
  name_en: string;
  level: string | null;
  active: boolean;
}

export async function findCatalogue(db: Queryable): Promise<CatalogueRow[]> {
  return pg(db).query<CatalogueRow>(
    `SELECT kind, code, name, name_en, level, active FROM member_catalogue_entries ORDER BY kind, sort_order, code`,
  );
}

// ---------------------------------------------------------------------------------------------
// Functions and mandates

export interface FunctionRow {
  id: number;
  member_id: number;
  function_code: string;
  unit_id: number;
  start_date: string;
  end_date: string | null;
  note: string | null;
}

export async function findFunctions(tx: Queryable, memberId: number): Promise<FunctionRow[]> {
  return pg(tx).query<FunctionRow>(
    `SELECT id::int AS id, member_id::int AS member_id, function_code, unit_id, to_char(start_date, 'YYYY-MM-DD') AS start_date,
            to_char(end_date, 'YYYY-MM-DD') AS end_date, note
       FROM member_functions WHERE member_id = $1 ORDER BY start_date DESC, id`,
    [memberId],
  );
}

export async function insertFunction(
  tx: Queryable,
  row: {
    memberId: number;
    code: string;
    unitId: number;
    startDate: string;
    endDate: string | null;
    note: string | null;
  },
): Promise<number> {
  const rows = await pg(tx).query<{ id: number }>(
    `INSERT INTO member_functions (member_id, function_code, unit_id, start_date, end_date, note)
     VALUES ($1, $2, $3, $4::date, $5::date, $6) RETURNING id::int AS id`,
    [row.memberId, row.code, row.unitId, row.startDate, row.endDate, row.note],
  );
  return rows[0]!.id;
}

export async function endFunction(
  tx: Queryable,
  memberId: number,
  id: number,
  endDate: string,
): Promise<boolean> {
  const rows = await pg(tx).query(
    `UPDATE member_functions SET end_date = $3::date WHERE id = $2 AND member_id = $1 RETURNING id`,
    [memberId, id, endDate],
  );
  return rows.length > 0;
}

export interface MandateRow {
  id: number;
  member_id: number;
  mandate_code: string;
  body: string | null;
  constituency: string | null;
  unit_id: number | null;
  start_date: string;
  end_date: string | null;
}

const MANDATE_COLUMNS = `d.id::int AS id, d.member_id::int AS member_id, d.mandate_code, d.body, d.constituency, d.unit_id,
  to_char(d.start_date, 'YYYY-MM-DD') AS start_date, to_char(d.end_date, 'YYYY-MM-DD') AS end_date`;

export async function findMandates(tx: Queryable, memberId: number): Promise<MandateRow[]> {
  return pg(tx).query<MandateRow>(
    `SELECT ${MANDATE_COLUMNS} FROM member_mandates d WHERE d.member_id = $1 ORDER BY d.start_date DESC, d.id`,
    [memberId],
  );
}

export async function insertMandate(
  tx: Queryable,
  row: {
    memberId: number;
    code: string;
    body: string | null;
    constituency: string | null;
    unitId: number | null;
    startDate: string;
    endDate: string | null;
  },
): Promise<number> {
  const rows = await pg(tx).query<{ id: number }>(
    `INSERT INTO member_mandates (member_id, mandate_code, body, constituency, unit_id, start_date, end_date)
     VALUES ($1, $2, $3, $4, $5, $6::date, $7::date) RETURNING id::int AS id`,
    [row.memberId, row.code, row.body, row.constituency, row.unitId, row.startDate, row.endDate],
  );
  return rows[0]!.id;
}

export async function endMandate(
  tx: Queryable,
  memberId: number,
  id: number,
  endDate: string,
): Promise<boolean> {
  const rows = await pg(tx).query(
    `UPDATE member_mandates SET end_date = $3::date WHERE id = $2 AND member_id = $1 RETURNING id`,
    [memberId, id, endDate],
  );
  return rows.length > 0;
}

export interface MandateDirectoryRow extends MandateRow {
  member_number: string | null;
  first_name: string;
  last_name: string;
  title: string | null;
  member_unit_id: number;
}

export async function findMandateDirectory(
  tx: Queryable,
  filter: { codes: string[] | null; unitIds: number[] | null; activeOn: string; limit: number },
): Promise<{ rows: MandateDirectoryRow[]; total: number }> {
  const where = `($1::text[] IS NULL OR d.mandate_code = ANY($1::text[]))
    AND ($2::int[] IS NULL OR d.unit_id = ANY($2::int[]))
    AND d.start_date <= $3::date AND (d.end_date IS NULL OR d.end_date >= $3::date)`;
  const params = [filter.codes, filter.unitIds, filter.activeOn];
  const rows = await pg(tx).query<MandateDirectoryRow>(
    `SELECT ${MANDATE_COLUMNS}, m.member_number, m.first_name, m.last_name, m.title, m.unit_id AS member_unit_id
       FROM member_mandates d JOIN members m ON m.id = d.member_id
      WHERE ${where}
      ORDER BY m.last_name COLLATE german, m.first_name COLLATE german, d.id LIMIT $4`,
    [...params, filter.limit],
  );
  const count = await pg(tx).query<{ n: number }>(
    `SELECT count(*)::int AS n FROM member_mandates d JOIN members m ON m.id = d.member_id WHERE ${where}`,
    params,
  );
  return { rows, total: count[0]?.n ?? 0 };
}

// ---------------------------------------------------------------------------------------------
// Search keys

export async function addNameTerms(
  tx: Queryable,
  terms: { term: string; phonetic: string }[],
): Promise<void> {
  if (terms.length === 0) return;
  await pg(tx).query(
    `INSERT INTO member_name_terms (term, phonetic)
     SELECT * FROM unnest($1::text[], $2::text[]) ON CONFLICT (term) DO NOTHING`,
    [terms.map((t) => t.term), terms.map((t) => t.phonetic)],
  );
}

export interface KeySourceRow {
  id: number;
  first_name: string;
  last_name: string;
  street: string | null;
  house_number: string | null;
  postcode: string | null;
}

/** The next batch of members without search keys (or all, for a rebuild), by id. */
export async function findMembersForKeys(
  db: Queryable,
  afterId: number,
  limit: number,
  onlyMissing: boolean,
): Promise<KeySourceRow[]> {
  return pg(db).query<KeySourceRow>(
    `SELECT id::int AS id, first_name, last_name, street, house_number, postcode FROM members
      WHERE id > $1 ${onlyMissing ? 'AND name_keys IS NULL' : ''} ORDER BY id LIMIT $2`,
    [afterId, limit],
  );
}

export async function writeSearchKeys(
  db: Queryable,
  rows: {
    id: number;
    nameKeys: string[];
    lastNameKey: string;
    firstNameKey: string;
    addressKey: string | null;
  }[],
): Promise<void> {
  if (rows.length === 0) return;
  await pg(db).query(
    `UPDATE members m SET name_keys = v.name_keys::text[], last_name_key = v.last_name_key,
            first_name_key = v.first_name_key, address_key = v.address_key
       FROM unnest($1::bigint[], $2::text[], $3::text[], $4::text[], $5::text[])
            AS v(id, name_keys, last_name_key, first_name_key, address_key)
      WHERE m.id = v.id`,
    [
      rows.map((r) => r.id),
      rows.map((r) => pgArray(r.nameKeys)),
      rows.map((r) => r.lastNameKey),
      rows.map((r) => r.firstNameKey),
      rows.map((r) => r.addressKey),
    ],
  );
}

/** Terms used by members but missing from the term table (after a bulk load). */
export async function findMissingNameTerms(db: Queryable): Promise<string[]> {
  const rows = await pg(db).query<{ term: string }>(
    `SELECT DISTINCT k AS term FROM members, unnest(name_keys) AS k
      WHERE NOT EXISTS (SELECT 1 FROM member_name_terms t WHERE t.term = k)`,
  );
  return rows.map((r) => r.term);
}

// ---------------------------------------------------------------------------------------------
// Search
//
// Candidates come from member_search_ids() and member_search_count() (migrations 0009, 0017),
// SECURITY DEFINER functions that apply the caller's read scope (app.read_units of this
// transaction) themselves: under the members policy PostgreSQL may not use an index for a
// condition that is not leakproof (LIKE, lower(city)), and the name terms live in
// member_search_terms, which the application role cannot read. A name search and its total are
// index-only scans of that table. The rows are then read by primary key from members, where the
// policy checks each one again (docs/adr/0031-search-under-row-level-security.md,
// docs/adr/0035-search-term-table.md).

export interface TermMatch {
  term: string;
  stage: number;
}

const NAME_SEARCH_SQL = prepared(
  'SELECT terms, ids, stages, last_names, total FROM member_search_names($1::text[], $2::text[], $3::int[], $4::text[], $5, $6)',
);

/** A name search's candidates in the order of their stage, then German order (see below). */
export interface NameSearch {
  /** Per query word its dictionary terms: exact (0), prefix (1), same Kölner code (2), similar (3). */
  terms: TermMatch[][];
  candidates: { id: number; stage: number; lastName: string | null }[];
  /** The capped count of every match, when the candidates fill a page; otherwise null. */
  total: number | null;
}

/**
 * A name search in one statement (member_search_names, migration 0020): the words' terms, then
 * stage by stage the first members that have, for every word, one of its terms. In a one-word
 * search's phonetic and fuzzy stages the term must be the last name's: the database decides for
 * last names of plain German letters; the others carry their last name (lastName) for the
 * caller's check and may repeat in a later stage.
 */
export async function searchByNames(
  tx: Queryable,
  words: string[],
  phonetics: string[],
  unitIds: number[] | null,
  statuses: string[] | null,
  limit: number,
  cap: number,
): Promise<NameSearch> {
  const [row] = await pg(tx).query<{
    terms: [string, number][][];
    ids: (string | number)[];
    stages: number[];
    last_names: (string | null)[];
    total: number | null;
  }>(NAME_SEARCH_SQL, [words, phonetics, unitIds, statuses, limit, cap]);
  if (!row) return { terms: [], candidates: [], total: null };
  return {
    terms: row.terms.map((w) => w.map(([term, stage]) => ({ term, stage }))),
    candidates: row.ids.map((id, i) => ({
      id: Number(id),
      stage: row.stages[i]!,
      lastName: row.last_names[i] ?? null,
    })),
    total: row.total,
  };
}

/** Members by id, in the order of the ids given; the members policy rechecks each row. */
export async function listItemsByIds(tx: Queryable, ids: number[]): Promise<ListItemRow[]> {
  if (ids.length === 0) return [];
  const rows = await pg(tx).query<ListItemRow>(LIST_ITEMS_SQL, [ids]);
  const byId = new Map(rows.map((r) => [Number(r.id), r]));
  return ids.flatMap((id) => byId.get(id) ?? []);
}

const LIST_ITEMS_SQL = prepared(`SELECT ${LIST_COLUMNS} FROM members m WHERE m.id = ANY ($1::bigint[])`);

/** The rows of an exact search's ids in German name order; the members policy rechecks each row. */
const BY_FIELD_SQL = prepared(`SELECT ${LIST_COLUMNS} FROM members m
   WHERE m.id = ANY (ARRAY(SELECT member_search_ids(NULL, $1, $2, $3::int[], $4::text[], NULL, $5::int)))
   ORDER BY m.last_name COLLATE german, m.first_name COLLATE german, m.id`);
const BY_FIELD_COUNT_SQL = prepared(
  'SELECT member_search_count(NULL, $1, $2, $3::int[], $4::text[], $5::int) AS n',
);

export type ExactField = 'member_number' | 'member_number_prefix' | 'email' | 'phone' | 'postcode' | 'city';

/**
 * Members by one exactly matching field (number, e-mail, phone, postcode, city); the total counts
 * at most cap + 1 (meaning "more than cap").
 */
export async function findByField(
  tx: Queryable,
  field: ExactField,
  value: string,
  unitIds: number[] | null,
  statuses: string[] | null,
  limit: number,
  cap: number | null,
): Promise<{ rows: ListItemRow[]; total: number }> {
  const rows = await pg(tx).query<ListItemRow>(BY_FIELD_SQL, [field, value, unitIds, statuses, limit]);
  const total =
    rows.length < limit
      ? rows.length
      : Number(
          (await pg(tx).query<{ n: number }>(BY_FIELD_COUNT_SQL, [field, value, unitIds, statuses, cap]))[0]
            ?.n ?? 0,
        );
  return { rows, total };
}

// ---------------------------------------------------------------------------------------------
// Lists

export interface ListFilter {
  unitIds: number[] | null;
  statuses: string[] | null;
  /** With asOf: status and unit from the history row valid on that date. */
  asOf: string | null;
  bornOnOrBefore: string | null;
  bornAfter: string | null;
  genders: string[] | null;
  entryFrom: string | null;
  entryTo: string | null;
  functionCode: string | null;
  mandateCode: string | null;
  consentChannel: string | null;
  associationCode: string | null;
  /** The day for "holds a function/mandate/association" (asOf or today). */
  onDate: string;
}

export type ListSort = 'name' | '-name' | 'memberNumber' | '-memberNumber' | 'entryDate' | '-entryDate';

function listWhere(filter: ListFilter): {
  from: string;
  where: string[];
  params: unknown[];
  statusColumn: string;
} {
  const params: unknown[] = [];
  const p = (v: unknown) => {
    params.push(v);
    return `$${params.length}`;
  };
  const where: string[] = [];
  let from = 'members m';
  let statusColumn = 'm.status';
  if (filter.asOf) {
    from = 'member_status_history h JOIN members m ON m.id = h.member_id';
    statusColumn = 'h.status';
    const d = p(filter.asOf);
    where.push(`h.valid_from <= ${d}::date AND (h.valid_to IS NULL OR h.valid_to > ${d}::date)`);
    if (filter.unitIds) where.push(`h.unit_id = ANY(${p(filter.unitIds)}::int[])`);
  } else if (filter.unitIds) {
    where.push(`m.unit_id = ANY(${p(filter.unitIds)}::int[])`);
  }
  if (filter.statuses) where.push(`${statusColumn} = ANY(${p(filter.statuses)}::text[])`);
  if (filter.bornOnOrBefore) where.push(`m.birthdate <= ${p(filter.bornOnOrBefore)}::date`);
  if (filter.bornAfter) where.push(`m.birthdate > ${p(filter.bornAfter)}::date`);
  if (filter.genders) where.push(`m.gender = ANY(${p(filter.genders)}::text[])`);
  if (filter.entryFrom) where.push(`m.entry_date >= ${p(filter.entryFrom)}::date`);
  if (filter.entryTo) where.push(`m.entry_date <= ${p(filter.entryTo)}::date`);
  const needsDay =
    filter.functionCode || filter.mandateCode || filter.associationCode || filter.consentChannel;
  const day = needsDay ? p(filter.onDate) : '';
  if (filter.functionCode) {
    where.push(`EXISTS (SELECT 1 FROM member_functions f WHERE f.member_id = m.id AND f.function_code = ${p(filter.functionCode)}
      AND f.start_date <= ${day}::date AND (f.end_date IS NULL OR f.end_date >= ${day}::date))`);
  }
  if (filter.mandateCode) {
    where.push(`EXISTS (SELECT 1 FROM member_mandates d WHERE d.member_id = m.id AND d.mandate_code = ${p(filter.mandateCode)}
      AND d.start_date <= ${day}::date AND (d.end_date IS NULL OR d.end_date >= ${day}::date))`);
  }
  if (filter.associationCode) {
    where.push(`EXISTS (SELECT 1 FROM member_associations a WHERE a.member_id = m.id AND a.association_code = ${p(filter.associationCode)}
      AND a.since <= ${day}::date AND (a.until IS NULL OR a.until >= ${day}::date))`);
  }
  if (filter.consentChannel) {
    where.push(`EXISTS (SELECT 1 FROM member_consents c WHERE c.member_id = m.id AND c.channel = ${p(filter.consentChannel)}
      AND c.granted_on <= ${day}::date AND (c.withdrawn_on IS NULL OR c.withdrawn_on > ${day}::date))`);
  }
  return { from, where, params, statusColumn };
}

/** Keyset position: the sort values and id of the last row of the previous page. */
export type ListCursor = [string | null, string | null, number];

export async function listMembers(
  tx: Queryable,
  filter: ListFilter,
  sort: ListSort,
  limit: number,
  after: ListCursor | null,
): Promise<{ rows: (ListItemRow & { k1: string | null; k2: string | null })[]; total: number }> {
  const { from, where, params, statusColumn } = listWhere(filter);
  const countParams = [...params];
  const countWhere = [...where];
  const desc = sort.startsWith('-');
  const dir = desc ? 'DESC' : 'ASC';
  const key = sort.replace('-', '');
  // k1/k2 are the sort values as text for the cursor; the ORDER BY uses the typed expressions.
  const [e1, e2] =
    key === 'name'
      ? ['m.last_name COLLATE german', 'm.first_name COLLATE german']
      : key === 'memberNumber'
        ? ['m.member_number', "''"]
        : ["coalesce(m.entry_date, '0001-01-01'::date)", "''"];
  if (after) {
    // Every parameter must be used (an unused one has no type): the member number has no k2.
    const p1 = params.push(after[0]);
    const p2 = key === 'memberNumber' ? 0 : params.push(after[1]);
    const pid = params.push(after[2]);
    const c1 = key === 'entryDate' ? `$${p1}::date` : `$${p1}::text`;
    const op = desc ? '<' : '>';
    if (key === 'memberNumber') {
      // Applicants have no number: they come last (ascending) and are ordered by id.
      where.push(
        desc
          ? `((m.member_number IS NOT NULL AND ($${p1}::text IS NULL OR (m.member_number, m.id) < ($${p1}::text, $${pid}::bigint))) OR (m.member_number IS NULL AND $${p1}::text IS NULL AND m.id < $${pid}::bigint))`
          : `((m.member_number IS NOT NULL AND $${p1}::text IS NOT NULL AND (m.member_number, m.id) > ($${p1}::text, $${pid}::bigint)) OR (m.member_number IS NULL AND ($${p1}::text IS NOT NULL OR m.id > $${pid}::bigint)))`,
      );
    } else {
      where.push(`(${e1}, ${e2}, m.id) ${op} (${c1}, $${p2}::text, $${pid}::bigint)`);
    }
  }
  params.push(limit);
  const order =
    key === 'memberNumber'
      ? `m.member_number ${dir} NULLS ${desc ? 'FIRST' : 'LAST'}, m.id ${dir}`
      : key === 'name'
        ? `${e1} ${dir}, ${e2} ${dir}, m.id ${dir}`
        : // PostgreSQL refuses a constant ('') in ORDER BY; the cursor keeps it only to have three keys.
          `${e1} ${dir}, m.id ${dir}`;
  const select = `SELECT ${LIST_COLUMNS}${filter.asOf ? `, h.unit_id AS unit_id_as_of, ${statusColumn} AS status_as_of` : ''},
      ${key === 'name' ? 'm.last_name' : key === 'memberNumber' ? 'm.member_number' : "to_char(m.entry_date, 'YYYY-MM-DD')"} AS k1,
      ${key === 'name' ? 'm.first_name' : "''"} AS k2
    FROM ${from} ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
    ORDER BY ${order} LIMIT $${params.length}`;
  const rows = await pg(tx).query<
    ListItemRow & {
      k1: string | null;
      k2: string | null;
      unit_id_as_of?: number;
      status_as_of?: MemberStatus;
    }
  >(select, params);
  for (const r of rows) {
    if (r.unit_id_as_of !== undefined) r.unit_id = r.unit_id_as_of;
    if (r.status_as_of !== undefined) r.status = r.status_as_of;
  }
  const count = await pg(tx).query<{ n: number }>(
    `SELECT count(*)::int AS n FROM ${from} ${countWhere.length ? `WHERE ${countWhere.join(' AND ')}` : ''}`,
    countParams,
  );
  return { rows, total: count[0]?.n ?? 0 };
}

/**
 * How many records had one of the statuses in the units on a date, from the history alone (so
 * members who have since moved away still count where they were).
 */
export async function countAsOf(
  tx: Queryable,
  unitIds: number[],
  statuses: string[],
  date: string,
): Promise<number> {
  const rows = await pg(tx).query<{ n: number }>(
    `SELECT count(DISTINCT member_id)::int AS n FROM member_status_history
      WHERE unit_id = ANY($1::int[]) AND status = ANY($2::text[])
        AND valid_from <= $3::date AND (valid_to IS NULL OR valid_to > $3::date)`,
    [unitIds, statuses, date],
  );
  return rows[0]?.n ?? 0;
}

// ---------------------------------------------------------------------------------------------
// Deadlines

export interface OpenApplicationRow {
  unit_id: number;
  status: MemberStatus;
  count: number;
  oldest_since: string;
}

/** Applicants and provisional members per unit with the oldest start, for the task list. */
export async function findOpenDeadlines(tx: Queryable, unitIds: number[]): Promise<OpenApplicationRow[]> {
  return pg(tx).query<OpenApplicationRow>(
    `SELECT m.unit_id, m.status, count(*)::int AS count, to_char(min(h.valid_from), 'YYYY-MM-DD') AS oldest_since
       FROM members m
       JOIN member_status_history h ON h.member_id = m.id AND h.valid_to IS NULL AND h.status = m.status
      WHERE m.status IN ('applicant', 'provisional') AND m.unit_id = ANY($1::int[])
      GROUP BY m.unit_id, m.status`,
    [unitIds],
  );
}

// ---------------------------------------------------------------------------------------------
// Duplicates

export interface DuplicateRow extends ListItemRow {
  by_name: boolean;
  same_first: boolean;
  by_email: boolean;
  by_phone: boolean;
  by_address: boolean;
}

export async function findDuplicateCandidates(
  tx: Queryable,
  keys: {
    lastNameKey: string;
    firstNameKey: string;
    birthdate: string | null;
    email: string | null;
    phone: string | null;
    addressKey: string | null;
    excludeId: number | null;
  },
): Promise<DuplicateRow[]> {
  return pg(tx).query<DuplicateRow>(
    `SELECT ${LIST_COLUMNS},
            (m.last_name_key = $1 AND m.birthdate = $3::date) AS by_name,
            (m.first_name_key = $2) AS same_first,
            coalesce(m.email = $4, false) AS by_email,
            coalesce(m.phone = $5, false) AS by_phone,
            coalesce(m.address_key = $6, false) AS by_address
       FROM members m
      WHERE ((m.last_name_key = $1 AND m.birthdate = $3::date)
          OR m.email = $4
          OR m.phone = $5
          OR (m.address_key = $6 AND (m.first_name_key = $2 OR m.last_name_key = $1)))
        AND ($7::bigint IS NULL OR m.id <> $7::bigint)
      LIMIT 20`,
    [
      keys.lastNameKey,
      keys.firstNameKey,
      keys.birthdate,
      keys.email,
      keys.phone,
      keys.addressKey,
      keys.excludeId,
    ],
  );
}

export interface ScanPairRow {
  a_id: number;
  b_id: number;
  reasons: string[];
}

/**
 * Every pair of records that share a blocking key, over the whole file: the same folded last name
 * and birthdate, e-mail, phone, address with the same first or last name, or IBAN. Groups larger
 * than `maxGroup` (a shared office e-mail) are reported as one row each, not as all their pairs.
 */
export async function scanDuplicatePairs(db: Queryable, maxGroup: number): Promise<ScanPairRow[]> {
  return pg(db).query<ScanPairRow>(
    `WITH keys AS (
        SELECT 'name_birthdate' AS reason, last_name_key || '|' || birthdate::text AS k, id FROM members
         WHERE last_name_key IS NOT NULL AND birthdate IS NOT NULL
        UNION ALL SELECT 'email', email, id FROM members WHERE email IS NOT NULL AND email <> ''
        UNION ALL SELECT 'phone', phone, id FROM members WHERE phone IS NOT NULL AND phone <> ''
        UNION ALL SELECT 'address', address_key || '|' || first_name_key, id FROM members WHERE address_key IS NOT NULL
        UNION ALL SELECT 'iban', replace(upper(iban), ' ', ''), member_id FROM member_bank_accounts
      ), groups AS (
        SELECT reason, array_agg(id::int ORDER BY id) AS ids FROM keys GROUP BY reason, k
        HAVING count(*) BETWEEN 2 AND $1
      ), pairs AS (
        SELECT g.reason, a AS a_id, b AS b_id FROM groups g, unnest(g.ids) a, unnest(g.ids) b WHERE a < b
      )
      SELECT a_id, b_id, array_agg(DISTINCT reason ORDER BY reason) AS reasons FROM pairs GROUP BY a_id, b_id ORDER BY a_id, b_id`,
    [maxGroup],
  );
}

export async function findListItems(db: Queryable, ids: number[]): Promise<ListItemRow[]> {
  return pg(db).query<ListItemRow>(`SELECT ${LIST_COLUMNS} FROM members m WHERE m.id = ANY($1::bigint[])`, [
    ids,
  ]);
}

// ---------------------------------------------------------------------------------------------
// Merges

export async function mergeInto(
  tx: Queryable,
  keptId: number,
  retiredId: number,
  unitId: number,
  reason: string,
  actorUserId: number | null,
): Promise<{ mergeId: number; moved: Record<string, number[]>; historyRows: number; createdAt: string }> {
  const snapshot = await pg(tx).query<{ member: unknown; history: unknown }>(
    `SELECT (SELECT to_jsonb(m.*) FROM members m WHERE m.id = $1) AS member,
            (SELECT coalesce(jsonb_agg(to_jsonb(h.*)), '[]'::jsonb) FROM member_status_history h WHERE h.member_id = $1) AS history`,
    [retiredId],
  );
  const moved: Record<string, number[]> = {};
  for (const table of [
    'member_functions',
    'member_mandates',
    'member_consents',
    'member_associations',
    'member_transfers',
  ]) {
    const rows = await pg(tx).query<{ id: number }>(
      `UPDATE ${table} SET member_id = $1 WHERE member_id = $2 RETURNING id::int AS id`,
      [keptId, retiredId],
    );
    moved[table] = rows.map((r) => r.id);
  }
  const history = (snapshot[0]?.history ?? []) as unknown[];
  await pg(tx).query('DELETE FROM members WHERE id = $1', [retiredId]);
  const inserted = await pg(tx).query<{ id: number; created_at: string }>(
    `INSERT INTO member_merges (kept_id, retired_id, unit_id, snapshot, moved, reason, actor_user_id)
     VALUES ($1, $2, $3, $4::jsonb, $5::jsonb, $6, $7)
     RETURNING id::int AS id, to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS created_at`,
    [
      keptId,
      retiredId,
      unitId,
      JSON.stringify(snapshot[0] ?? {}),
      JSON.stringify(moved),
      reason,
      actorUserId,
    ],
  );
  return { mergeId: inserted[0]!.id, moved, historyRows: history.length, createdAt: inserted[0]!.created_at };
}

export interface MergeRow {
  id: number;
  kept_id: number;
  retired_id: number;
  unit_id: number;
  moved: Record<string, number[]>;
  created_at: string;
  undone_at: string | null;
  age_seconds: number;
}

export async function findMerge(tx: Queryable, id: number): Promise<MergeRow | null> {
  const rows = await pg(tx).query<MergeRow>(
    `SELECT id::int AS id, kept_id::int AS kept_id, retired_id::int AS retired_id, unit_id, moved,
            created_at::text AS created_at, undone_at::text AS undone_at,
            extract(epoch FROM now() - created_at)::int AS age_seconds
       FROM member_merges WHERE id = $1 FOR UPDATE`,
    [id],
  );
  const row = rows[0];
  if (row && typeof row.moved === 'string') row.moved = JSON.parse(row.moved) as Record<string, number[]>;
  return row ?? null;
}

/** Puts the retired record back with its history and moves its child rows back to it. */
export async function undoMerge(tx: Queryable, merge: MergeRow): Promise<void> {
  await pg(tx).query(
    `INSERT INTO members OVERRIDING SYSTEM VALUE
     SELECT * FROM jsonb_populate_record(NULL::members, (SELECT snapshot->'member' FROM member_merges WHERE id = $1))`,
    [merge.id],
  );
  await pg(tx).query(
    `INSERT INTO member_status_history OVERRIDING SYSTEM VALUE
     SELECT * FROM jsonb_populate_recordset(NULL::member_status_history, (SELECT snapshot->'history' FROM member_merges WHERE id = $1))`,
    [merge.id],
  );
  for (const [table, ids] of Object.entries(merge.moved)) {
    if (!/^member_[a-z_]+$/.test(table) || ids.length === 0) continue;
    await pg(tx).query(`UPDATE ${table} SET member_id = $1 WHERE id = ANY($2::bigint[])`, [
      merge.retired_id,
      ids,
    ]);
  }
  await pg(tx).query('UPDATE member_merges SET undone_at = now() WHERE id = $1', [merge.id]);
}

// ---------------------------------------------------------------------------------------------
// Saved lists

export interface SavedListRow {
  id: number;
  owner_user_id: number;
  name: string;
  query: Record<string, unknown>;
  shared_unit_id: number | null;
  created_at: string;
}

const SAVED_LIST_COLUMNS = `id::int AS id, owner_user_id, name, query, shared_unit_id,
  to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS created_at`;

export async function findSavedLists(
  db: Queryable,
  userId: number,
  unitIds: number[],
): Promise<SavedListRow[]> {
  const rows = await pg(db).query<SavedListRow>(
    `SELECT ${SAVED_LIST_COLUMNS} FROM saved_member_lists
      WHERE owner_user_id = $1 OR shared_unit_id = ANY($2::int[]) ORDER BY name, id`,
    [userId, unitIds],
  );
  return rows.map((r) => ({ ...r, query: typeof r.query === 'string' ? JSON.parse(r.query) : r.query }));
}

export async function insertSavedList(
  db: Queryable,
  row: { ownerUserId: number; name: string; query: unknown; sharedUnitId: number | null },
): Promise<SavedListRow> {
  const rows = await pg(db).query<SavedListRow>(
    `INSERT INTO saved_member_lists (owner_user_id, name, query, shared_unit_id) VALUES ($1, $2, $3::jsonb, $4)
     ON CONFLICT (owner_user_id, name) DO UPDATE SET query = EXCLUDED.query, shared_unit_id = EXCLUDED.shared_unit_id
     RETURNING ${SAVED_LIST_COLUMNS}`,
    [row.ownerUserId, row.name, JSON.stringify(row.query), row.sharedUnitId],
  );
  const r = rows[0]!;
  return { ...r, query: typeof r.query === 'string' ? JSON.parse(r.query) : r.query };
}

export async function deleteSavedList(db: Queryable, id: number, userId: number): Promise<boolean> {
  const rows = await pg(db).query(
    'DELETE FROM saved_member_lists WHERE id = $1 AND owner_user_id = $2 RETURNING id',
    [id, userId],
  );
  return rows.length > 0;
}
