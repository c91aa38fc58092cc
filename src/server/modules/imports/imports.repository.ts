import type { ImportIssue, ImportMapping } from '@/contracts/imports';
import { pgArray } from '@/server/db/pg-array';

export interface Queryable {
  query<T = Record<string, unknown>>(text: string, params?: unknown[]): Promise<T[]>;
}

/** How far an earlier run of this file got: rows recorded, and the highest row index. */
export async function progressOfFile(
  q: Queryable,
  fileId: string,
): Promise<{ rows: number; lastIndex: number }> {
  const rows = await q.query<{ n: number; last: number }>(
    `SELECT count(*)::int AS n, coalesce(max(row_index), -1)::int AS last FROM import_rows WHERE file_id = $1`,
    [fileId],
  );
  return { rows: rows[0]?.n ?? 0, lastIndex: rows[0]?.last ?? -1 };
}

export interface RowOutcome {
  rowIndex: number;
  line: number;
  outcome: 'imported' | 'rejected' | 'duplicate';
  memberId: number | null;
  duplicateOfLine: number | null;
  issues: ImportIssue[] | null;
}

export async function insertOutcomes(
  q: Queryable,
  fileId: string,
  jobId: string | null,
  createdBy: number | null,
  rows: readonly RowOutcome[],
): Promise<void> {
  if (rows.length === 0) return;
  await q.query(
    `INSERT INTO import_rows (file_id, row_index, line, outcome, member_id, duplicate_of_line, issues, job_id, created_by)
     SELECT $1, row_index, line, outcome, member_id, duplicate_of_line, issues::jsonb, $2::uuid, $3::int
       FROM unnest($4::int[], $5::int[], $6::text[], $7::bigint[], $8::int[], $9::text[])
         AS v(row_index, line, outcome, member_id, duplicate_of_line, issues)`,
    [
      fileId,
      jobId,
      createdBy,
      pgArray(rows.map((r) => r.rowIndex)),
      pgArray(rows.map((r) => r.line)),
      pgArray(rows.map((r) => r.outcome)),
      pgArray(rows.map((r) => r.memberId)),
      pgArray(rows.map((r) => r.duplicateOfLine)),
      pgArray(rows.map((r) => (r.issues ? JSON.stringify(r.issues) : null))),
    ],
  );
}

/** Which of these members an earlier row of the same file created (member id → line). */
export async function linesOfMembers(
  q: Queryable,
  fileId: string,
  memberIds: number[],
): Promise<Map<number, number>> {
  if (memberIds.length === 0) return new Map();
  const rows = await q.query<{ member_id: number; line: number }>(
    `SELECT member_id::int AS member_id, line FROM import_rows WHERE file_id = $1 AND member_id = ANY($2::bigint[])`,
    [fileId, pgArray(memberIds)],
  );
  return new Map(rows.map((r) => [r.member_id, r.line]));
}

export async function outcomeCounts(
  q: Queryable,
  fileId: string,
): Promise<{ imported: number; rejected: number; duplicate: number; issues: number }> {
  const rows = await q.query<{ outcome: string; n: number; issues: number }>(
    `SELECT outcome, count(*)::int AS n, coalesce(sum(jsonb_array_length(issues)), 0)::int AS issues
       FROM import_rows WHERE file_id = $1 GROUP BY outcome`,
    [fileId],
  );
  const get = (o: string) => rows.find((r) => r.outcome === o);
  return {
    imported: get('imported')?.n ?? 0,
    rejected: get('rejected')?.n ?? 0,
    duplicate: get('duplicate')?.n ?? 0,
    issues: rows.reduce((sum, r) => sum + r.issues, 0),
  };
}

/** The report's rows (rejected and duplicate rows with their messages), in file order, in pages. */
export async function issuePage(
  q: Queryable,
  fileId: string,
  afterIndex: number,
  limit: number,
): Promise<{ row_index: number; issues: ImportIssue[] }[]> {
  const rows = await q.query<{ row_index: number; issues: ImportIssue[] | string }>(
    `SELECT row_index, issues FROM import_rows
      WHERE file_id = $1 AND row_index > $2 AND issues IS NOT NULL ORDER BY row_index LIMIT $3`,
    [fileId, afterIndex, limit],
  );
  return rows.map((r) => ({
    row_index: r.row_index,
    issues: typeof r.issues === 'string' ? (JSON.parse(r.issues) as ImportIssue[]) : r.issues,
  }));
}

/** The first imported rows' members, for the preview after a real run. */
export async function importedMemberIds(
  q: Queryable,
  fileId: string,
  limit: number,
): Promise<{ line: number; member_id: number }[]> {
  return q.query(
    `SELECT line, member_id::int AS member_id FROM import_rows
      WHERE file_id = $1 AND outcome = 'imported' AND member_id IS NOT NULL ORDER BY row_index LIMIT $2`,
    [fileId, limit],
  );
}

export async function listMappings(
  q: Queryable,
): Promise<{ id: number; name: string; mapping: ImportMapping; created_at: Date | string }[]> {
  return q.query(`SELECT id, name, mapping, created_at FROM import_mappings ORDER BY name`);
}

export async function upsertMapping(
  q: Queryable,
  name: string,
  mapping: ImportMapping,
  createdBy: number | null,
): Promise<{ id: number; name: string; mapping: ImportMapping; created_at: Date | string }> {
  const rows = await q.query<{ id: number; name: string; mapping: ImportMapping; created_at: Date | string }>(
    `INSERT INTO import_mappings (name, mapping, created_by) VALUES ($1, $2::jsonb, $3)
     ON CONFLICT (name) DO UPDATE SET mapping = excluded.mapping, created_by = excluded.created_by, created_at = now()
     RETURNING id, name, mapping, created_at`,
    [name, JSON.stringify(mapping), createdBy],
  );
  return rows[0]!;
}
