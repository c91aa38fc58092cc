import { sql } from 'drizzle-orm';
import {
  bigint,
  boolean,
  check,
  date,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
} from 'drizzle-orm/pg-core';
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
    /** Gemeinde (AGS, 8 digits) of the address as derived from the postcode or chosen. */
    residenceAgs: text('residence_ags'),
    /** Why the member belongs to another unit than the residence's (Wohnsitzprinzip exception). */
    residenceException: text('residence_exception'),
    // Search and duplicate keys, derived from the names and address by searchKeysFor()
    // (members.service.ts). Bulk loaders fill them with it or call refreshSearchKeys() after.
    /** Every folded name term (first and last names, their parts and joined forms); triggers copy
     *  them into member_search_terms, where the search finds them. */
    nameKeys: text('name_keys').array(),
    lastNameKey: text('last_name_key'),
    firstNameKey: text('first_name_key'),
    /** postcode|street|house number, folded. */
    addressKey: text('address_key'),
  },
  (t) => [
    index('members_unit_status_idx').on(t.unitId, t.status),
    // German order for lists and their keyset pagination, per unit and across units.
    index('members_unit_sort_idx').on(
      t.unitId,
      sql`${t.lastName} COLLATE german`,
      sql`${t.firstName} COLLATE german`,
      t.id,
    ),
    index('members_sort_idx').on(sql`${t.lastName} COLLATE german`, sql`${t.firstName} COLLATE german`, t.id),
    index('members_dup_name_idx').on(t.lastNameKey, t.birthdate),
    index('members_address_key_idx').on(t.addressKey),
    // Plain, not lower(email): every writer stores e-mails in lower case (emailSchema), and only
    // plain text equality is leakproof, so only this index works under row-level security (0015).
    index('members_email_idx').on(t.email),
    index('members_phone_idx').on(t.phone),
    index('members_postcode_idx').on(t.postcode),
    index('members_city_idx').on(sql`lower(${t.city})`),
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
    /** The lifecycle step that began this row (null: created, moved, or loaded in bulk). */
    transition: text('transition'),
    /** The account that recorded it. */
    actorUserId: integer('actor_user_id'),
  },
  (t) => [
    index('member_status_history_member_idx').on(t.memberId),
    index('member_status_history_unit_range_idx').on(t.unitId, t.validFrom, t.validTo),
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

/** Consents to be contacted (e-mail, phone, post), each with date, source and withdrawal. */
export const memberConsents = pgTable(
  'member_consents',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    memberId: bigint('member_id', { mode: 'number' })
      .notNull()
      .references(() => members.id, { onDelete: 'cascade' }),
    channel: text('channel', { enum: ['email', 'phone', 'post'] }).notNull(),
    grantedOn: date('granted_on', { mode: 'string' }).notNull(),
    source: text('source').notNull(),
    withdrawnOn: date('withdrawn_on', { mode: 'string' }),
    withdrawalSource: text('withdrawal_source'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('member_consents_member_idx').on(t.memberId),
    check('member_consents_channel_check', sql`${t.channel} in ('email', 'phone', 'post')`),
  ],
);

/**
 * Configurable catalogues: associations (Vereinigungen), functions (Ämter) and mandates. Seeded
 * with common German party entries; a party edits them to match its statute.
 */
export const catalogueEntries = pgTable(
  'member_catalogue_entries',
  {
    kind: text('kind', { enum: ['association', 'function', 'mandate'] }).notNull(),
    code: text('code').notNull(),
    name: text('name').notNull(),
    nameEn: text('name_en').notNull(),
    /** Mandates only: eu, federal, state, district, municipal, local. */
    level: text('level'),
    sortOrder: integer('sort_order').notNull().default(0),
    active: boolean('active').notNull().default(true),
  },
  (t) => [primaryKey({ columns: [t.kind, t.code] })],
);

export const memberAssociations = pgTable(
  'member_associations',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    memberId: bigint('member_id', { mode: 'number' })
      .notNull()
      .references(() => members.id, { onDelete: 'cascade' }),
    associationCode: text('association_code').notNull(),
    since: date('since', { mode: 'string' }).notNull(),
    /** Last day; null while it lasts. */
    until: date('until', { mode: 'string' }),
  },
  (t) => [
    index('member_associations_member_idx').on(t.memberId),
    index('member_associations_code_idx').on(t.associationCode),
  ],
);

/** Functions (Ämter) held in a unit: Vorsitz, Schatzmeister, Delegierter, ... */
export const memberFunctions = pgTable(
  'member_functions',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    memberId: bigint('member_id', { mode: 'number' })
      .notNull()
      .references(() => members.id, { onDelete: 'cascade' }),
    functionCode: text('function_code').notNull(),
    unitId: integer('unit_id')
      .notNull()
      .references(() => units.id),
    startDate: date('start_date', { mode: 'string' }).notNull(),
    /** Last day in office; null while it lasts. */
    endDate: date('end_date', { mode: 'string' }),
    note: text('note'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('member_functions_member_idx').on(t.memberId),
    index('member_functions_code_idx').on(t.functionCode, t.unitId),
  ],
);

/** Elected mandates: body, constituency, the unit whose area it belongs to. */
export const memberMandates = pgTable(
  'member_mandates',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    memberId: bigint('member_id', { mode: 'number' })
      .notNull()
      .references(() => members.id, { onDelete: 'cascade' }),
    mandateCode: text('mandate_code').notNull(),
    body: text('body'),
    constituency: text('constituency'),
    unitId: integer('unit_id').references(() => units.id),
    startDate: date('start_date', { mode: 'string' }).notNull(),
    endDate: date('end_date', { mode: 'string' }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('member_mandates_member_idx').on(t.memberId),
    index('member_mandates_code_idx').on(t.mandateCode),
    index('member_mandates_unit_idx').on(t.unitId),
  ],
);

/**
 * Every change of a member's unit. A move across Kreisverbände (Überweisung) is seen by both:
 * the row names both units and keeps the number and name as they were, so the old Kreisverband
 * still sees what left it after it can no longer read the record.
 */
export const memberTransfers = pgTable(
  'member_transfers',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    memberId: bigint('member_id', { mode: 'number' }).notNull(),
    memberNumber: text('member_number'),
    memberName: text('member_name').notNull(),
    fromUnitId: integer('from_unit_id')
      .notNull()
      .references(() => units.id),
    toUnitId: integer('to_unit_id')
      .notNull()
      .references(() => units.id),
    crossDistrict: boolean('cross_district').notNull(),
    effectiveDate: date('effective_date', { mode: 'string' }).notNull(),
    reason: text('reason'),
    actorUserId: integer('actor_user_id'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('member_transfers_member_idx').on(t.memberId),
    index('member_transfers_from_idx').on(t.fromUnitId, t.createdAt),
    index('member_transfers_to_idx').on(t.toUnitId, t.createdAt),
  ],
);

/** A merge of two records; the retired record is kept here whole so that the merge can be undone. */
export const memberMerges = pgTable(
  'member_merges',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    keptId: bigint('kept_id', { mode: 'number' }).notNull(),
    retiredId: bigint('retired_id', { mode: 'number' }).notNull(),
    /** The unit of the kept record (row-level security). */
    unitId: integer('unit_id').notNull(),
    /** The retired member row and its status history, as they were. */
    snapshot: jsonb('snapshot').notNull(),
    /** Ids of the child rows moved to the kept record, per table, to move them back. */
    moved: jsonb('moved').notNull(),
    reason: text('reason').notNull(),
    actorUserId: integer('actor_user_id'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    undoneAt: timestamp('undone_at', { withTimezone: true }),
  },
  (t) => [index('member_merges_kept_idx').on(t.keptId), index('member_merges_retired_idx').on(t.retiredId)],
);

/**
 * The distinct folded name terms of the file with their Kölner Phonetik code: the search resolves
 * prefix, phonetic and typo matches on this small table, then finds members by their name_keys.
 * Holds words only, no link to a person.
 */
export const memberNameTerms = pgTable(
  'member_name_terms',
  {
    term: text('term').primaryKey(),
    phonetic: text('phonetic').notNull(),
  },
  (t) => [
    index('member_name_terms_phonetic_idx').on(t.phonetic),
    index('member_name_terms_prefix_idx').on(sql`${t.term} text_pattern_ops`),
    index('member_name_terms_trgm_idx').using('gin', sql`${t.term} gin_trgm_ops`),
  ],
);

/**
 * The search's term index: one row per member and name term, with what a search result page
 * needs (unit for the scope, status for the filter, the names for the German sort). A search
 * and its total then read only this table's index, never the member rows
 * (docs/adr/0035-search-term-table.md). Kept by triggers on members (migration 0017); only the
 * SECURITY DEFINER search functions read it, the application role has no privilege on it.
 */
export const memberSearchTerms = pgTable(
  'member_search_terms',
  {
    term: text('term').notNull(),
    memberId: bigint('member_id', { mode: 'number' }).notNull(),
    unitId: integer('unit_id').notNull(),
    status: text('status').notNull(),
    lastName: text('last_name').notNull(),
    firstName: text('first_name').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.memberId, t.term] }),
    // A Kreisverband's matches: by term and unit.
    index('member_search_terms_lookup_idx').on(
      t.term,
      t.unitId,
      t.status,
      t.lastName,
      t.firstName,
      t.memberId,
    ),
    // A state office's first page: each term's holders in German order, the first ones only.
    index('member_search_terms_order_idx').on(
      t.term,
      sql`${t.lastName} COLLATE german`,
      sql`${t.firstName} COLLATE german`,
      t.memberId,
      t.unitId,
      t.status,
    ),
  ],
);

/** Saved member lists: a name and the query, for oneself or shared with a unit (and its subtree). */
export const savedMemberLists = pgTable(
  'saved_member_lists',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    ownerUserId: integer('owner_user_id').notNull(),
    name: text('name').notNull(),
    query: jsonb('query').notNull(),
    sharedUnitId: integer('shared_unit_id').references(() => units.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('saved_member_lists_owner_name_idx').on(t.ownerUserId, t.name)],
);
