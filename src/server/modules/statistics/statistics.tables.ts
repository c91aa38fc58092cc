import { bigint, date, index, integer, pgTable, primaryKey, text, timestamp } from 'drizzle-orm/pg-core';

// Precomputed member counts per day (docs/adr/0033-precomputed-member-statistics.md). The
// statistics read a few thousand of these rows instead of the whole status history. Only the
// SECURITY DEFINER functions of migration 0014 write them; triggers on the member tables mark
// the (day, unit) pairs a change touches, and the next read recomputes just those units.

/** The days that have counts, with the age bands they were computed for. */
export const statisticsDays = pgTable('statistics_days', {
  asOf: date('as_of', { mode: 'string' }).primaryKey(),
  /** Lower bounds of the age bands, ascending; other bands mean a full recomputation. */
  ageBands: integer('age_bands').array().notNull(),
  computedAt: timestamp('computed_at', { withTimezone: true }).notNull().defaultNow(),
  /** Days not asked for in a month are dropped by the daily job. */
  usedAt: timestamp('used_at', { withTimezone: true }).notNull().defaultNow(),
});

/** Members per day, unit, status, gender and age band; age_sum gives the average age. */
export const statisticsCounts = pgTable(
  'statistics_counts',
  {
    asOf: date('as_of', { mode: 'string' }).notNull(),
    unitId: integer('unit_id').notNull(),
    status: text('status').notNull(),
    gender: text('gender'),
    /** Lower bound of the age band on that day; null: birthdate unknown. */
    ageBand: integer('age_band'),
    n: integer('n').notNull(),
    ageSum: bigint('age_sum', { mode: 'number' }).notNull().default(0),
  },
  (t) => [index('statistics_counts_day_unit_idx').on(t.asOf, t.unitId)],
);

/**
 * Joins and leaves per day asked for, unit and month, for the 24 months up to that day (the
 * month of the day itself up to the day).
 */
export const statisticsFlows = pgTable(
  'statistics_flows',
  {
    asOf: date('as_of', { mode: 'string' }).notNull(),
    unitId: integer('unit_id').notNull(),
    /** YYYY-MM */
    month: text('month').notNull(),
    joins: integer('joins').notNull(),
    leaves: integer('leaves').notNull(),
  },
  (t) => [index('statistics_flows_day_unit_idx').on(t.asOf, t.unitId)],
);

/**
 * statistics_counts summed per Kreisverband (a unit below one counts in it; a unit at or above
 * the Kreisverband level counts in itself): what a whole-installation selection reads, ~3,000
 * rows a day instead of ~41,000 at a million members.
 */
export const statisticsRollup = pgTable(
  'statistics_rollup',
  {
    asOf: date('as_of', { mode: 'string' }).notNull(),
    groupUnitId: integer('group_unit_id').notNull(),
    status: text('status').notNull(),
    gender: text('gender'),
    ageBand: integer('age_band'),
    n: integer('n').notNull(),
    ageSum: bigint('age_sum', { mode: 'number' }).notNull().default(0),
  },
  (t) => [index('statistics_rollup_day_group_idx').on(t.asOf, t.groupUnitId)],
);

/** (day, unit) pairs whose counts a change has made stale. */
export const statisticsDirty = pgTable(
  'statistics_dirty',
  {
    asOf: date('as_of', { mode: 'string' }).notNull(),
    unitId: integer('unit_id').notNull(),
  },
  (t) => [primaryKey({ columns: [t.asOf, t.unitId] })],
);
