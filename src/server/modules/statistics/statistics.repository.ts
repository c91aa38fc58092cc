import type { Database } from '@/server/db/database';
import { pgArray } from '@/server/db/pg-array';
import type { ScopedTx } from '@/server/db/scoped';

// Read-only aggregates over the member tables. Every query runs in the caller's scoped
// transaction, so row-level security limits it to the actor's units whatever the filter says;
// the explicit `unit_id = ANY($1)` keeps the plans on the unit indexes and lets the history policy
// decide on its first, cheap branch.

export interface StatusAgeRow {
  /** 0: a (unit, status) group; 1: a (status, gender, age band) group. */
  set: number;
  unit_id: number | null;
  status: string;
  gender: string | null;
  /** Lower bound of the age band; null: birthdate unknown. */
  age: number | null;
  n: number;
  /** Sum of the exact ages of the group (for the average). */
  age_sum: number;
}

/**
 * Brings the precomputed counts of `asOf` up to date (migration 0014): the whole day the first
 * time it is asked for, afterwards only the units that changed since. Runs with the rights of the
 * tables' owner, because a unit's count is the same whoever asks; the reads below are scoped.
 */
export async function refreshCounts(tx: ScopedTx, asOf: string, definition: CountDefinition): Promise<void> {
  await tx.query(
    `SELECT statistics_refresh($1::date, $2::int[], $3::text[], $4::text[])`,
    refreshParams(asOf, definition),
  );
}

/** What a count means: the age bands' lower bounds, the counted and the leaving statuses. */
export interface CountDefinition {
  bandStarts: readonly number[];
  counted: readonly string[];
  leaving: readonly string[];
}

const refreshParams = (asOf: string, d: CountDefinition) => [
  asOf,
  pgArray(d.bandStarts),
  pgArray(d.counted),
  pgArray(d.leaving),
];

/** The same refresh outside a request (owner connection), and dropping days unused since a time. */
export async function refreshCountsAsOwner(
  database: Database,
  asOf: string,
  definition: CountDefinition,
): Promise<void> {
  await database.query(
    `SELECT statistics_refresh($1::date, $2::int[], $3::text[], $4::text[])`,
    refreshParams(asOf, definition),
  );
}

/** Members with one of the statuses on the day, per unit of the status history (owner connection). */
export async function unitCountsAsOwner(
  database: Database,
  asOf: string,
  statuses: readonly string[],
): Promise<{ unit_id: number; n: number }[]> {
  return database.query<{ unit_id: number; n: number }>(
    `SELECT unit_id, sum(n)::int AS n FROM statistics_counts
      WHERE as_of = $1::date AND status = ANY($2::text[]) GROUP BY unit_id`,
    [asOf, pgArray(statuses)],
  );
}

export async function pruneCounts(database: Database, unusedSince: Date): Promise<number> {
  const [row] = await database.query<{ n: number }>(`SELECT statistics_prune($1::timestamptz) AS n`, [
    unusedSince.toISOString(),
  ]);
  return row?.n ?? 0;
}

/**
 * Who had which status on `asOf` (half-open ranges [valid_from, valid_to) of the status history),
 * from the precomputed counts, grouped twice: per unit and status, and per status, gender and age
 * band. Gender and age come from the member record, also for members who have since moved out of
 * the caller's scope (a count, never a record).
 */
export async function countStatusAndAge(
  tx: ScopedTx,
  /** null: every unit (the whole installation is selected), no per-row comparison with ~450 ids. */
  unitIds: number[] | null,
  statuses: readonly string[],
  asOf: string,
): Promise<StatusAgeRow[]> {
  return tx.query<StatusAgeRow>(
    `SELECT grouping(c.unit_id)::int AS set, c.unit_id, c.status, c.gender, c.age_band AS age,
            sum(c.n)::int AS n, sum(c.age_sum)::float8 AS age_sum
       FROM statistics_counts c
      WHERE c.as_of = $3::date AND ($1::int[] IS NULL OR c.unit_id = ANY($1::int[]))
        AND c.status = ANY($2::text[])
      GROUP BY GROUPING SETS ((c.unit_id, c.status), (c.status, c.gender, c.age_band))`,
    [unitIds === null ? null : pgArray(unitIds), pgArray(statuses), asOf],
  );
}

/**
 * The same groups from the roll-up per Kreisverband (migration 0014): `unit_id` is then the
 * Kreisverband, or a unit above that level for its own members. For selections made of whole
 * Kreisverbände (a Landesverband and up), ~3,000 rows a day instead of ~41,000.
 */
export async function countStatusAndAgeByDistrict(
  tx: ScopedTx,
  groupIds: number[],
  statuses: readonly string[],
  asOf: string,
): Promise<StatusAgeRow[]> {
  return tx.query<StatusAgeRow>(
    `SELECT grouping(c.group_unit_id)::int AS set, c.group_unit_id AS unit_id, c.status, c.gender,
            c.age_band AS age, sum(c.n)::int AS n, sum(c.age_sum)::float8 AS age_sum
       FROM statistics_rollup c
      WHERE c.as_of = $3::date AND c.group_unit_id = ANY($1::int[]) AND c.status = ANY($2::text[])
      GROUP BY GROUPING SETS ((c.group_unit_id, c.status), (c.status, c.gender, c.age_band))`,
    [pgArray(groupIds), pgArray(statuses), asOf],
  );
}

export interface MonthRow {
  month: string;
  joins: number;
  leaves: number;
}

/**
 * Joins and leaves per month of the 24 months up to `asOf`, from the precomputed flows (a join is
 * a status row of a counted status that does not directly follow another counted one, so a
 * transfer, a confirmation or a reactivation is no join; a leave is the first day of resignation,
 * lapse, expulsion or death: migration 0014).
 */
export async function countJoinsAndLeaves(
  tx: ScopedTx,
  unitIds: number[] | null,
  asOf: string,
): Promise<MonthRow[]> {
  return tx.query<MonthRow>(
    `SELECT f.month, sum(f.joins)::int AS joins, sum(f.leaves)::int AS leaves
       FROM statistics_flows f
      WHERE f.as_of = $2::date AND ($1::int[] IS NULL OR f.unit_id = ANY($1::int[]))
      GROUP BY 1`,
    [unitIds === null ? null : pgArray(unitIds), asOf],
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
    [pgArray(unitIds), asOf],
  );
}
