import { index, integer, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';

/**
 * Finished (or running) member exports that are downloaded through an expiring link. The link's
 * token is stored only as its SHA-256; the file lives in DATA_DIR/exports and is deleted once expired.
 */
export const exportFiles = pgTable(
  'export_files',
  {
    /** The job's id. */
    id: uuid('id').primaryKey(),
    tokenHash: text('token_hash').notNull().unique(),
    purpose: text('purpose').notNull(),
    format: text('format', { enum: ['csv', 'xlsx'] }).notNull(),
    filter: jsonb('filter').notNull(),
    fileName: text('file_name').notNull(),
    rows: integer('rows'),
    createdBy: integer('created_by'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
  },
  (t) => [index('export_files_expires_idx').on(t.expiresAt)],
);
