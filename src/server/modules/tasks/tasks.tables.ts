import { bigint, index, integer, jsonb, pgTable, text, timestamp } from 'drizzle-orm/pg-core';
import { units } from '@/server/modules/org-units/org-units.tables';

/**
 * In-app notifications for a unit ("Mitglied 1234567 wechselt zu KV Kassel"). Everyone who may read
 * member data of the unit sees them; one person marking one done marks it done for the unit.
 * Running deadlines are not stored here: they are computed from the records when asked.
 */
export const notifications = pgTable(
  'notifications',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    unitId: integer('unit_id')
      .notNull()
      .references(() => units.id),
    /** e.g. member.transfer_in, member.transfer_out */
    kind: text('kind').notNull(),
    /** The member concerned, if any (no foreign key: the record may be merged away later). */
    memberId: bigint('member_id', { mode: 'number' }),
    /** Values for the message text (numbers, names, unit names, dates); translated by the UI by kind. */
    params: jsonb('params').notNull().default({}),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    doneAt: timestamp('done_at', { withTimezone: true }),
    doneByUserId: integer('done_by_user_id'),
  },
  (t) => [index('notifications_unit_idx').on(t.unitId, t.createdAt)],
);
