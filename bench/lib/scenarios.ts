import type { Database } from '@/server/db/database';
import type { PlannedRequest } from '../load';

/** The units the benchmark acts in: the Landesverband and its largest Kreisverband. */
export interface BenchUnits {
  stateCode: string;
  stateId: number;
  kvCode: string;
  kvName: string;
  kvId: number;
  /** The Kreisverband and its Stadt- and Gemeindeverbände. */
  kvUnitIds: number[];
  kvMembers: number;
  totalMembers: number;
}

export async function pickUnits(db: Database): Promise<BenchUnits> {
  const state = await db.query<{ id: number; code: string }>(
    `SELECT id, code FROM units WHERE level = 'state' ORDER BY id LIMIT 1`,
  );
  if (!state[0]) throw new Error('the data set has no Landesverband');
  // The largest Kreisverband: the worst case for a Kreisverband admin.
  const kv = await db.query<{ id: number; code: string; name: string; path: string; n: number }>(
    `SELECT k.id, k.code, k.name, k.path, count(m.id)::int AS n
       FROM units k JOIN units u ON u.path LIKE k.path || '%' LEFT JOIN members m ON m.unit_id = u.id
      WHERE k.level = 'district' GROUP BY k.id ORDER BY n DESC, k.id LIMIT 1`,
  );
  if (!kv[0]) throw new Error('the data set has no Kreisverband');
  const ids = await db.query<{ id: number }>(`SELECT id FROM units WHERE path LIKE $1 || '%' ORDER BY id`, [
    kv[0].path,
  ]);
  const total = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM members');
  return {
    stateCode: state[0].code,
    stateId: state[0].id,
    kvCode: kv[0].code,
    kvName: kv[0].name,
    kvId: kv[0].id,
    kvUnitIds: ids.map((r) => r.id),
    kvMembers: kv[0].n,
    totalMembers: total[0]?.n ?? 0,
  };
}

export interface SearchValue {
  /** typo, transliteration, phonetic, number, email */
  label: string;
  q: string;
  /** What the record says (for the report). */
  source: string;
}

const fold = (s: string) => s.replace(/ä/g, 'ae').replace(/ö/g, 'oe').replace(/ü/g, 'ue').replace(/ß/g, 'ss');

/** A typo: two neighbouring letters in the middle swapped ("Schneider" → "Schnieder"). */
export function withTypo(name: string): string {
  const i = Math.floor(name.length / 2);
  for (const j of [i, i - 1, i + 1, i - 2]) {
    if (j > 0 && j + 1 < name.length && name[j] !== name[j + 1]) {
      return name.slice(0, j) + name[j + 1] + name[j] + name.slice(j + 2);
    }
  }
  return name.slice(0, -1);
}

/**
 * Real values of the data set, within `unitIds` (null: all): frequent last names for the typo,
 * transliteration and phonetic cases, and member numbers and e-mail addresses of actual records.
 */
export async function pickSearchValues(
  db: Database,
  unitIds: number[] | null,
  per = 3,
): Promise<SearchValue[]> {
  const scope = unitIds ? 'AND unit_id = ANY($1::int[])' : 'AND $1::int[] IS NULL';
  const names = await db.query<{ last_name: string; n: number }>(
    `SELECT last_name, count(*)::int AS n FROM members WHERE true ${scope}
      GROUP BY last_name ORDER BY n DESC, last_name LIMIT 400`,
    [unitIds],
  );
  const values: SearchValue[] = [];
  const plain = names.filter((r) => /^[A-Za-z]{7,}$/.test(r.last_name));
  for (const r of plain.slice(0, per)) {
    values.push({ label: 'typo', q: withTypo(r.last_name), source: r.last_name });
  }
  const umlaut = names.filter((r) => /[äöüß]/.test(r.last_name));
  for (const r of umlaut.slice(0, per)) {
    values.push({ label: 'transliteration', q: fold(r.last_name), source: r.last_name });
  }
  // Phonetic: the record says one spelling, the query another that sounds the same.
  const variants = [
    ['Maier', 'Meyer'],
    ['Meier', 'Mayer'],
    ['Mayer', 'Meier'],
    ['Meyer', 'Maier'],
    ['Schmitt', 'Schmidt'],
    ['Schmidt', 'Schmitt'],
    ['Fischer', 'Vischer'],
    ['Hoffmann', 'Hofmann'],
    ['Hofmann', 'Hoffmann'],
  ];
  const present = new Set(names.map((r) => r.last_name));
  for (const [record, query] of variants) {
    if (values.filter((v) => v.label === 'phonetic').length >= per) break;
    if (present.has(record!)) values.push({ label: 'phonetic', q: query!, source: record! });
  }
  const someMembers = await db.query<{ member_number: string | null; email: string | null }>(
    `SELECT member_number, email FROM members
      WHERE member_number IS NOT NULL AND email IS NOT NULL ${scope}
      ORDER BY (id * 7919) % 10007, id LIMIT ${per}`,
    [unitIds],
  );
  for (const m of someMembers)
    values.push({ label: 'number', q: m.member_number!, source: m.member_number! });
  for (const m of someMembers) values.push({ label: 'email', q: m.email!, source: m.email! });
  return values;
}

/** Ids spread over the scope (deterministic). */
export async function pickMemberIds(db: Database, unitIds: number[], n: number): Promise<number[]> {
  const rows = await db.query<{ id: number }>(
    `SELECT id::int AS id FROM members WHERE unit_id = ANY($1::int[])
      ORDER BY (id * 7919) % 100003, id LIMIT $2`,
    [unitIds, n],
  );
  return rows.map((r) => r.id);
}

/**
 * The keyset cursor of the list (sorted by name, the German way) at `fraction` of the scope: what
 * a client holds after paging that far. The API's cursor is base64url of [lastName, firstName, id];
 * run.ts checks that against a real cursor first.
 */
export async function deepCursor(db: Database, unitIds: number[], fraction: number): Promise<string> {
  const count = await db.query<{ n: number }>(
    'SELECT count(*)::int AS n FROM members WHERE unit_id = ANY($1::int[])',
    [unitIds],
  );
  const offset = Math.floor((count[0]?.n ?? 0) * fraction);
  const rows = await db.query<{ last_name: string; first_name: string; id: number }>(
    `SELECT last_name, first_name, id::int AS id FROM members WHERE unit_id = ANY($1::int[])
      ORDER BY last_name COLLATE german, first_name COLLATE german, id OFFSET $2 LIMIT 1`,
    [unitIds, offset],
  );
  const r = rows[0];
  if (!r) throw new Error('no row for the deep page');
  return Buffer.from(JSON.stringify([r.last_name, r.first_name, r.id])).toString('base64url');
}

export const membersPath = (params: Record<string, string | number>) =>
  `/api/v1/members?${new URLSearchParams(Object.entries(params).map(([k, v]) => [k, String(v)])).toString()}`;

export function searchRequests(values: SearchValue[], token: string): PlannedRequest[] {
  return values.map((v) => ({ label: v.label, path: membersPath({ q: v.q, limit: 50 }), token }));
}
