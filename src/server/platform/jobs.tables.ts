import { sql } from 'drizzle-orm';
import {
  bigint,
  boolean,
  check,
  index,
  integer,
  jsonb,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';

/**
 * Background jobs as the UI and the CLI see them: status, progress, result or error.
 * On PostgreSQL pg-boss delivers the work (its own schema `pgboss`, same job id); on PGlite the
 * in-process runner claims rows from this table directly. Either way this table is what is queried.
 */
export const jobs = pgTable(
  'jobs',
  {
    id: uuid('id').primaryKey(),
    name: text('name').notNull(),
    payload: jsonb('payload').notNull().default({}),
    status: text('status', { enum: ['queued', 'running', 'completed', 'failed', 'cancelled'] }).notNull(),
    /** At most one queued or running job per (name, singleton key): enqueueing again returns it. */
    singletonKey: text('singleton_key'),
    progressDone: bigint('progress_done', { mode: 'number' }).notNull().default(0),
    progressTotal: bigint('progress_total', { mode: 'number' }),
    progressMessage: text('progress_message'),
    result: jsonb('result'),
    errorCode: text('error_code'),
    errorMessage: text('error_message'),
    attempts: integer('attempts').notNull().default(0),
    /** The worker instance that holds the job while it runs. */
    runner: text('runner'),
    heartbeatAt: timestamp('heartbeat_at', { withTimezone: true }),
    cancelRequested: boolean('cancel_requested').notNull().default(false),
    /** The account that started the job (no foreign key: the platform knows no module). */
    createdBy: integer('created_by'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    startedAt: timestamp('started_at', { withTimezone: true }),
    finishedAt: timestamp('finished_at', { withTimezone: true }),
  },
  (t) => [
    uniqueIndex('jobs_singleton_idx')
      .on(t.name, t.singletonKey)
      .where(sql`${t.singletonKey} IS NOT NULL AND ${t.status} IN ('queued', 'running')`),
    index('jobs_claim_idx')
      .on(t.name, t.createdAt)
      .where(sql`${t.status} = 'queued'`),
    index('jobs_running_idx')
      .on(t.status)
      .where(sql`${t.status} = 'running'`),
    check('jobs_status_check', sql`${t.status} IN ('queued', 'running', 'completed', 'failed', 'cancelled')`),
  ],
);
