import type { Database } from '@/server/db/database';

export interface AllocationRow {
  id: number;
  level: string;
  parent_code: string;
  seats: number;
  method: string;
  cutoff: string;
  minimum_seats: number;
  basic_seats: number;
  seed: number;
  counts: unknown;
  result: unknown;
  created_by: number | null;
  created_at: Date | string;
}

const COLUMNS = `id, level, parent_code, seats, method, to_char(cutoff, 'YYYY-MM-DD') AS cutoff, minimum_seats, basic_seats,
  seed::float8 AS seed, counts, result, created_by, created_at`;

export async function insertAllocation(
  database: Database,
  row: Omit<AllocationRow, 'id' | 'created_at'>,
): Promise<AllocationRow> {
  const rows = await database.query<AllocationRow>(
    `INSERT INTO delegate_allocations (level, parent_code, seats, method, cutoff, minimum_seats, basic_seats, seed, counts, result, created_by)
     VALUES ($1, $2, $3, $4, $5::date, $6, $7, $8, $9::jsonb, $10::jsonb, $11) RETURNING ${COLUMNS}`,
    [
      row.level,
      row.parent_code,
      row.seats,
      row.method,
      row.cutoff,
      row.minimum_seats,
      row.basic_seats,
      row.seed,
      JSON.stringify(row.counts),
      JSON.stringify(row.result),
      row.created_by,
    ],
  );
  return rows[0]!;
}

export async function findAllocation(database: Database, id: number): Promise<AllocationRow | null> {
  const rows = await database.query<AllocationRow>(
    `SELECT ${COLUMNS} FROM delegate_allocations WHERE id = $1`,
    [id],
  );
  return rows[0] ?? null;
}

export async function listAllocations(database: Database, limit: number): Promise<AllocationRow[]> {
  return database.query<AllocationRow>(
    `SELECT ${COLUMNS} FROM delegate_allocations ORDER BY id DESC LIMIT $1`,
    [limit],
  );
}
