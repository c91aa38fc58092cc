import type { Database } from '@/server/db/database';

export interface ExportFileRow {
  id: string;
  format: 'csv' | 'xlsx';
  file_name: string;
  rows: number | null;
  created_by: number | null;
  expires_at: Date | string;
}

export async function insertExportFile(
  database: Database,
  row: {
    id: string;
    tokenHash: string;
    purpose: string;
    format: string;
    filter: unknown;
    fileName: string;
    createdBy: number | null;
    expiresAt: Date;
  },
): Promise<void> {
  await database.query(
    `INSERT INTO export_files (id, token_hash, purpose, format, filter, file_name, created_by, expires_at)
     VALUES ($1, $2, $3, $4, $5::jsonb, $6, $7, $8)`,
    [
      row.id,
      row.tokenHash,
      row.purpose,
      row.format,
      JSON.stringify(row.filter),
      row.fileName,
      row.createdBy,
      row.expiresAt.toISOString(),
    ],
  );
}

export async function finishExportFile(database: Database, id: string, rows: number): Promise<ExportFileRow> {
  const result = await database.query<ExportFileRow>(
    `UPDATE export_files SET rows = $2 WHERE id = $1 RETURNING id, format, file_name, rows, created_by, expires_at`,
    [id, rows],
  );
  return result[0]!;
}

export async function findExportFile(
  database: Database,
  id: string,
  tokenHash: string,
): Promise<ExportFileRow | null> {
  const rows = await database.query<ExportFileRow>(
    `SELECT id, format, file_name, rows, created_by, expires_at FROM export_files WHERE id = $1 AND token_hash = $2`,
    [id, tokenHash],
  );
  return rows[0] ?? null;
}

/** Removes the records of expired exports and returns them (the caller deletes the files). */
export async function takeExpired(database: Database): Promise<{ id: string; format: string }[]> {
  return database.query(`DELETE FROM export_files WHERE expires_at < now() RETURNING id, format`);
}
