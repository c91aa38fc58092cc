import { sql } from 'drizzle-orm';
import {
  bigint,
  check,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uuid,
} from 'drizzle-orm/pg-core';
import { members } from '@/server/modules/members/members.tables';

/**
 * One row per data row of an imported file, written in the same transaction as the members it
 * created: a file (identified by its SHA-256) never imports a row twice, also not when a crashed
 * import runs again. Also the source of the row report (rejected rows keep their messages, which
 * quote the file's values: personal data, hence row-level security by importing account).
 */
export const importRows = pgTable(
  'import_rows',
  {
    fileId: text('file_id').notNull(),
    /** 0-based index of the data row (the header is not counted). */
    rowIndex: integer('row_index').notNull(),
    /** Line in the file where the row starts (CSV) or the sheet's row number (XLSX). */
    line: integer('line').notNull(),
    outcome: text('outcome', { enum: ['imported', 'rejected', 'duplicate'] }).notNull(),
    memberId: bigint('member_id', { mode: 'number' }).references(() => members.id, { onDelete: 'set null' }),
    /** For duplicates: the earlier line of the same file that it repeats. */
    duplicateOfLine: integer('duplicate_of_line'),
    issues: jsonb('issues'),
    jobId: uuid('job_id'),
    createdBy: integer('created_by'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.fileId, t.rowIndex] }),
    index('import_rows_member_idx').on(t.memberId),
    check('import_rows_outcome_check', sql`${t.outcome} IN ('imported', 'rejected', 'duplicate')`),
  ],
);

/** Column mappings saved for reuse (per office, by name). */
export const importMappings = pgTable('import_mappings', {
  id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
  name: text('name').notNull().unique(),
  mapping: jsonb('mapping').notNull(),
  createdBy: integer('created_by'),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});
