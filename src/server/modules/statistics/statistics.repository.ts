import type { ScopedTx } from '@/server/db/scoped';

// Read-only aggregates over the member tables. Every query runs in the caller's scoped
// transaction, so row-level security limits it to the actor's units whatever the filter says;
// the explicit `unit_id = ANY($1)` keeps the plans on the unit indexes and lets the history policy
// decide on its first, cheap branch.

/**
 * Arrays go to PostgreSQL as array literals: Drizzle's raw SQL would expand them into a row. The
 * values here are unit ids and status names, never user text, but quote them all the same.
 */
const arrayLiteral = (values: readonly (number | string)[]) =>
  `{${values.map((v) => (typeof v === 'number' ? String(v) : `"${v.replace(/["\\]/g, (c) => `\\${c}`)}"`)).join(',')}}`;

export interface StatusAgeRow {
  /** 0: a (unit, status) group; 1: a (status, gender, age) group. */
  set: number;
  unit_id: number | null;
  status: string;
  gender: string | null;
  age: number | null;
  n: number;
}

/**
 * Who had which status on `asOf` (half-open ranges [valid_from, valid_to) of the status history),
 * grouped twice in one scan: per unit and status, and per status, gender and age in years.
 * Gender and birthdate come from the member record; a member the actor may no longer see (moved
 * out of scope since) still counts in its old unit, with unknown gender and age.
 */
export async function countStatusAndAge(
  tx: ScopedTx,
  /** null: every unit (the whole installation is selected), no per-row comparison with ~450 ids. */
  unitIds: number[] | null,
  statuses: readonly string[],
  asOf: string,
): Promise<StatusAgeRow[]> {
  return tx.query<StatusAgeRow>(
    `SELECT grouping(s.unit_id)::int AS set, s.unit_id, s.status, s.gender, s.age, count(*)::int AS n
       FROM (
         SELECT h.unit_id, h.status, m.gender,
                CASE WHEN m.birthdate IS NULL THEN NULL
                     ELSE extract(year FROM age($3::date, m.birthdate))::int END AS age
           FROM member_status_history h
           LEFT JOIN members m ON m.id = h.member_id
          WHERE ($1::int[] IS NULL OR h.unit_id = ANY($1::int[])) AND h.status = ANY($2::text[])
            AND h.valid_from <= $3::date AND (h.valid_to IS NULL OR h.valid_to > $3::date)
       ) s
      GROUP BY GROUPING SETS ((s.unit_id, s.status), (s.status, s.gender, s.age))`,
    [unitIds === null ? null : arrayLiteral(unitIds), arrayLiteral(statuses), asOf],
  );
}

export interface MonthRow {
  month: string;
  joins: number;
  leaves: number;
}

/**
 * Joins and leaves per month between `from` and `asOf` (both inclusive). A join is a status row of
 * a counted status that does not directly follow another counted one (so a transfer within the
 * scope, a confirmation or a reactivation is no join); a leave is the first day of resignation,
 * lapse, expulsion or death.
 */
export async function countJoinsAndLeaves(
  tx: ScopedTx,
  unitIds: number[],
  counted: readonly string[],
  leaving: readonly string[],
  from: string,
  asOf: string,
): Promise<MonthRow[]> {
  return tx.query<MonthRow>(
    `SELECT to_char(h.valid_from, 'YYYY-MM') AS month,
            (count(*) FILTER (WHERE h.status = ANY($2::text[]) AND NOT EXISTS (
               SELECT 1 FROM member_status_history p
                WHERE p.member_id = h.member_id AND p.valid_to = h.valid_from
                  AND p.status = ANY($2::text[]))))::int AS joins,
            (count(*) FILTER (WHERE h.status = ANY($3::text[])))::int AS leaves
       FROM member_status_history h
      WHERE h.unit_id = ANY($1::int[]) AND h.status = ANY($2::text[] || $3::text[])
        AND h.valid_from >= $4::date AND h.valid_from <= $5::date
      GROUP BY 1`,
    [arrayLiteral(unitIds), arrayLiteral(counted), arrayLiteral(leaving), from, asOf],
  );
}

/** Members holding a mandate on `asOf` (end date = last day), per level of the mandate catalogue. */
export async function countMandateHolders(
  tx: ScopedTx,
  unitIds: number[],
  asOf: string,
): Promise<{ level: string; n: number }[]> {
  return tx.query<{ level: string; n: number }>(
    `SELECT coalesce(c.level, 'other') AS level, count(DISTINCT mm.member_id)::int AS n
       FROM member_mandates mm
       JOIN members m ON m.id = mm.member_id
       LEFT JOIN member_catalogue_entries c ON c.kind = 'mandate' AND c.code = mm.mandate_code
      WHERE m.unit_id = ANY($1::int[]) AND mm.start_date <= $2::date
        AND (mm.end_date IS NULL OR mm.end_date >= $2::date)
      GROUP BY 1`,
    [arrayLiteral(unitIds), asOf],
  );
}
