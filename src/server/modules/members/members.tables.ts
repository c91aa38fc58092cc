import { sql } from 'drizzle-orm';
import { bigint, check, date, index, integer, pgTable, text, timestamp } from 'drizzle-orm/pg-core';
import { units } from '@/server/modules/org-units/org-units.tables';

export const memberStatuses = [
  'applicant',
  'provisional',
  'member',
  'dormant',
  'rejected',
  'resigned',
  'deceased',
  'expelled',
  'lapsed',
] as const;

/** The member record. Bank data lives in its own table so that field rules can guard it whole. */
export const members = pgTable(
  'members',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    /** Assigned at admission; applicants have none yet. */
    memberNumber: text('member_number').unique(),
    salutation: text('salutation'),
    title: text('title'),
    firstName: text('first_name').notNull(),
    lastName: text('last_name').notNull(),
    nameAffix: text('name_affix'),
    birthdate: date('birthdate', { mode: 'string' }),
    gender: text('gender', { enum: ['female', 'male', 'diverse', 'unspecified'] })
      .notNull()
      .default('unspecified'),
    street: text('street'),
    houseNumber: text('house_number'),
    addressExtra: text('address_extra'),
    postcode: text('postcode'),
    city: text('city'),
    country: text('country').notNull().default('DE'),
    email: text('email'),
    /** E.164, e.g. +4966112345. */
    phone: text('phone'),
    entryDate: date('entry_date', { mode: 'string' }),
    unitId: integer('unit_id')
      .notNull()
      .references(() => units.id),
    status: text('status', { enum: memberStatuses }).notNull(),
    notes: text('notes'),
    /** Optimistic locking: incremented by every write, sent as ETag. */
    version: integer('version').notNull().default(1),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('members_unit_status_idx').on(t.unitId, t.status),
    check(
      'members_status_check',
      sql`${t.status} in ('applicant', 'provisional', 'member', 'dormant', 'rejected', 'resigned', 'deceased', 'expelled', 'lapsed')`,
    ),
    check('members_gender_check', sql`${t.gender} in ('female', 'male', 'diverse', 'unspecified')`),
  ],
);

/**
 * Every status a member held, with the day it began and the day after it ended (half-open),
 * so that "who was a member on date D" is a range query.
 */
export const memberStatusHistory = pgTable(
  'member_status_history',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    memberId: bigint('member_id', { mode: 'number' })
      .notNull()
      .references(() => members.id, { onDelete: 'cascade' }),
    status: text('status', { enum: memberStatuses }).notNull(),
    unitId: integer('unit_id')
      .notNull()
      .references(() => units.id),
    validFrom: date('valid_from', { mode: 'string' }).notNull(),
    /** Exclusive; null while the status lasts. */
    validTo: date('valid_to', { mode: 'string' }),
    reason: text('reason'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('member_status_history_member_idx').on(t.memberId),
    index('member_status_history_range_idx').on(t.status, t.validFrom, t.validTo),
  ],
);

/** Bank data for dues (SEPA); guarded by the permission member:finance:read. */
export const memberBankAccounts = pgTable('member_bank_accounts', {
  memberId: bigint('member_id', { mode: 'number' })
    .primaryKey()
    .references(() => members.id, { onDelete: 'cascade' }),
  iban: text('iban').notNull(),
  bic: text('bic'),
  accountHolder: text('account_holder').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});
