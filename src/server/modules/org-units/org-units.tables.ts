import { sql } from 'drizzle-orm';
import {
  check,
  index,
  integer,
  pgTable,
  primaryKey,
  text,
  timestamp,
  type AnyPgColumn,
} from 'drizzle-orm/pg-core';

/** Organisational units: Bundesverband → Landesverband → Kreisverband → Stadt-/Gemeindeverband. */
export const units = pgTable(
  'units',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    code: text('code').notNull().unique(),
    name: text('name').notNull(),
    level: text('level', { enum: ['federal', 'state', 'district', 'local'] }).notNull(),
    parentId: integer('parent_id').references((): AnyPgColumn => units.id),
    /** Materialised path of ids, e.g. '/1/2/17/': a subtree is a prefix match. */
    path: text('path').notNull(),
    /** Amtlicher Gemeindeschlüssel: 5 digits for a Kreis, 8 for a Gemeinde; null above. */
    ags: text('ags'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('units_parent_idx').on(t.parentId),
    index('units_path_idx').on(sql`${t.path} text_pattern_ops`),
    index('units_ags_idx').on(t.ags),
    check('units_level_check', sql`${t.level} in ('federal', 'state', 'district', 'local')`),
  ],
);

/**
 * Which Gemeinden a postcode covers (official AGS). One postcode can span several Gemeinden,
 * and a Gemeinde can have several postcodes. Source: reference-data/geo (OpenStreetMap, ODbL).
 */
export const postcodeAreas = pgTable(
  'postcode_areas',
  {
    postcode: text('postcode').notNull(),
    ags: text('ags').notNull(),
    placeName: text('place_name').notNull(),
  },
  (t) => [primaryKey({ columns: [t.postcode, t.ags] }), index('postcode_areas_ags_idx').on(t.ags)],
);
