import { bigint, date, integer, jsonb, pgTable, text, timestamp } from 'drizzle-orm/pg-core';

/**
 * Delegate allocations as computed: the request, the seed of the lot and the snapshot of member
 * counts on the cut-off date, so that the result can be reproduced and challenged later even after
 * the member file has changed.
 */
export const delegateAllocations = pgTable('delegate_allocations', {
  id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
  level: text('level').notNull(),
  parentCode: text('parent_code').notNull(),
  seats: integer('seats').notNull(),
  method: text('method').notNull(),
  cutoff: date('cutoff', { mode: 'string' }).notNull(),
  minimumSeats: integer('minimum_seats').notNull().default(0),
  basicSeats: integer('basic_seats').notNull().default(0),
  seed: bigint('seed', { mode: 'number' }).notNull(),
  /** [{ code, name, count }] as counted on the cut-off date. */
  counts: jsonb('counts').notNull(),
  /** The computed table (units with seats, quota, ties, divisor). */
  result: jsonb('result').notNull(),
  createdBy: integer('created_by'),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});
