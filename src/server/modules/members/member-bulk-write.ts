import { memberNumberWithCheckDigit } from '@/contracts/member-number';
import type { genders } from '@/contracts/members';
import type { ScopedTx } from '@/server/db/scoped';
import { searchKeysFor } from '@/server/modules/members/search-keys';
import { pgArray } from '@/server/db/pg-array';

/** One member as the importer read it from a row of the file, before its unit is settled. */
export interface MemberDraft {
  externalId: string | null;
  salutation: string | null;
  title: string | null;
  firstName: string;
  lastName: string;
  nameAffix: string | null;
  birthdate: string | null;
  gender: (typeof genders)[number];
  street: string | null;
  houseNumber: string | null;
  addressExtra: string | null;
  postcode: string | null;
  city: string | null;
  country: string;
  email: string | null;
  /** E.164 */
  phone: string | null;
  entryDate: string | null;
  status: 'member' | 'applicant';
  /** From the file; resolved to a unit later. */
  unitCode: string | null;
  iban: string | null;
  bic: string | null;
  accountHolder: string | null;
  notes: string | null;
}

/**
 * What the importer needs from the member file, as one narrow interface:
 * duplicate matching and a bulk insert, both inside the import's transaction.
 *
 * The members module owns these statements (they write its tables); they use its own key function
 * (searchKeysFor), so search and duplicate checks see imported members exactly like members
 * created in the form.
 */
export interface MemberImportTarget {
  /**
   * Per draft index: the existing member it duplicates: same name and birth date, or the same
   * first name with the same e-mail, or the same name with the same phone or postal address.
   */
  findDuplicates(tx: ScopedTx, drafts: readonly MemberDraft[]): Promise<Map<number, ExistingMember>>;
  /** Inserts the drafts with their units; returns the new member ids in draft order. */
  insertMembers(
    tx: ScopedTx,
    rows: readonly PlacedDraft[],
    options: { actorUserId: number | null; today: string },
  ): Promise<number[]>;
}

export interface ExistingMember {
  id: number;
  memberNumber: string | null;
  name: string;
}

export interface PlacedDraft {
  draft: MemberDraft;
  unitId: number;
  residenceAgs: string | null;
  residenceException: string | null;
}

const keyCache = new WeakMap<MemberDraft, ReturnType<typeof searchKeysFor>>();

/** The member module's search keys of a draft, computed once (Kölner Phonetik is not free). */
function keysOf(draft: MemberDraft): ReturnType<typeof searchKeysFor> {
  let keys = keyCache.get(draft);
  if (!keys) {
    keys = searchKeysFor(draft);
    keyCache.set(draft, keys);
  }
  return keys;
}

/** The keys two records share when they are the same person (mirrors findDuplicates). */
export function duplicateKeys(draft: MemberDraft): string[] {
  const keys = keysOf(draft);
  const out: string[] = [];
  if (draft.birthdate) out.push(`n|${keys.lastNameKey}|${keys.firstNameKey}|${draft.birthdate}`);
  if (draft.email) out.push(`e|${draft.email.toLowerCase()}|${keys.firstNameKey}`);
  if (draft.phone) out.push(`p|${draft.phone}|${keys.lastNameKey}|${keys.firstNameKey}`);
  if (keys.addressKey) out.push(`a|${keys.addressKey}|${keys.lastNameKey}|${keys.firstNameKey}`);
  return out;
}

export const memberImportTarget: MemberImportTarget = {
  async findDuplicates(tx, drafts) {
    const found = new Map<number, ExistingMember>();
    if (drafts.length === 0) return found;
    const keys = drafts.map(keysOf);
    const rows = await tx.query<{ i: number; id: number; member_number: string | null; name: string }>(
      `WITH c AS (
         SELECT * FROM unnest($1::int[], $2::text[], $3::text[], $4::date[], $5::text[], $6::text[], $7::text[])
           AS c(i, last_key, first_key, birthdate, email, phone, address_key)
       ), hits AS (
         SELECT c.i, m.id FROM c JOIN members m
           ON m.last_name_key = c.last_key AND m.birthdate = c.birthdate AND m.first_name_key = c.first_key
         UNION ALL
         SELECT c.i, m.id FROM c JOIN members m ON m.email = c.email AND m.first_name_key = c.first_key
         UNION ALL
         SELECT c.i, m.id FROM c JOIN members m
           ON m.phone = c.phone AND m.last_name_key = c.last_key AND m.first_name_key = c.first_key
         UNION ALL
         SELECT c.i, m.id FROM c JOIN members m
           ON m.address_key = c.address_key AND m.last_name_key = c.last_key AND m.first_name_key = c.first_key
       )
       SELECT DISTINCT ON (h.i) h.i, m.id::int AS id, m.member_number, m.first_name || ' ' || m.last_name AS name
         FROM hits h JOIN members m ON m.id = h.id
        ORDER BY h.i, m.id`,
      [
        pgArray(drafts.map((_, i) => i)),
        pgArray(keys.map((k) => k.lastNameKey)),
        pgArray(keys.map((k) => k.firstNameKey)),
        pgArray(drafts.map((d) => d.birthdate)),
        pgArray(drafts.map((d) => d.email?.toLowerCase() ?? null)),
        pgArray(drafts.map((d) => d.phone)),
        pgArray(keys.map((k) => k.addressKey)),
      ],
    );
    for (const r of rows) found.set(r.i, { id: r.id, memberNumber: r.member_number, name: r.name });
    return found;
  },

  async insertMembers(tx, rows, options) {
    if (rows.length === 0) return [];
    const ids = (
      await tx.query<{ id: number }>(
        `SELECT nextval(pg_get_serial_sequence('members', 'id'))::float8 AS id FROM generate_series(1, $1)`,
        [rows.length],
      )
    ).map((r) => Number(r.id));
    const needNumbers = rows.filter((r) => r.draft.status === 'member').length;
    // One call of the numbering function: it moves the sequence past the highest number on file and
    // holds its advisory lock until commit, so the further numbers of this batch can come straight
    // from the sequence without another allocator interleaving.
    const numbers: string[] = [];
    if (needNumbers > 0) {
      const first = await tx.query<{ n: number }>(`SELECT next_member_running_number()::float8 AS n`);
      numbers.push(memberNumberWithCheckDigit(Number(first[0]!.n)));
      if (needNumbers > 1) {
        const more = await tx.query<{ n: number }>(
          `SELECT nextval('member_running_number_seq')::float8 AS n FROM generate_series(2, $1)`,
          [needNumbers],
        );
        for (const r of more) numbers.push(memberNumberWithCheckDigit(Number(r.n)));
      }
    }
    let next = 0;
    const memberNumbers = rows.map((r) => (r.draft.status === 'member' ? numbers[next++]! : null));
    const keys = rows.map((r) => keysOf(r.draft));
    const col = (f: (r: PlacedDraft, i: number) => string | number | null) => pgArray(rows.map(f));
    const notes = (d: MemberDraft) =>
      d.externalId
        ? [d.notes, `Frühere Mitgliedsnummer: ${d.externalId}`].filter(Boolean).join('\n')
        : d.notes;
    await tx.query(
      `INSERT INTO members (id, member_number, salutation, title, first_name, last_name, name_affix, birthdate, gender,
         street, house_number, address_extra, postcode, city, country, email, phone, entry_date, unit_id, status, notes,
         residence_ags, residence_exception, name_keys, last_name_key, first_name_key, address_key)
       OVERRIDING SYSTEM VALUE
       SELECT id, member_number, salutation, title, first_name, last_name, name_affix, birthdate, gender, street,
              house_number, address_extra, postcode, city, country, email, phone, entry_date, unit_id, status, notes,
              residence_ags, residence_exception, name_keys::text[], last_name_key, first_name_key, address_key
       FROM unnest($1::bigint[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[],
         $8::date[], $9::text[], $10::text[], $11::text[], $12::text[], $13::text[], $14::text[], $15::text[],
         $16::text[], $17::text[], $18::date[], $19::int[], $20::text[], $21::text[], $22::text[], $23::text[],
         $24::text[], $25::text[], $26::text[], $27::text[])
         AS v(id, member_number, salutation, title, first_name, last_name, name_affix, birthdate, gender, street,
              house_number, address_extra, postcode, city, country, email, phone, entry_date, unit_id, status, notes,
              residence_ags, residence_exception, name_keys, last_name_key, first_name_key, address_key)`,
      [
        pgArray(ids),
        pgArray(memberNumbers),
        col((r) => r.draft.salutation),
        col((r) => r.draft.title),
        col((r) => r.draft.firstName),
        col((r) => r.draft.lastName),
        col((r) => r.draft.nameAffix),
        col((r) => r.draft.birthdate),
        col((r) => r.draft.gender),
        col((r) => r.draft.street),
        col((r) => r.draft.houseNumber),
        col((r) => r.draft.addressExtra),
        col((r) => r.draft.postcode),
        col((r) => r.draft.city),
        col((r) => r.draft.country),
        col((r) => r.draft.email),
        col((r) => r.draft.phone),
        col((r) => r.draft.entryDate ?? (r.draft.status === 'member' ? options.today : null)),
        col((r) => r.unitId),
        col((r) => r.draft.status),
        col((r) => notes(r.draft)),
        col((r) => r.residenceAgs),
        col((r) => r.residenceException),
        pgArray(keys.map((k) => pgArray(k.nameKeys))),
        pgArray(keys.map((k) => k.lastNameKey)),
        pgArray(keys.map((k) => k.firstNameKey)),
        pgArray(keys.map((k) => k.addressKey)),
      ],
    );
    await tx.query(
      `INSERT INTO member_status_history (member_id, status, unit_id, valid_from, reason, actor_user_id)
       SELECT id, status, unit_id, valid_from, 'Import', $5 FROM unnest($1::bigint[], $2::text[], $3::int[], $4::date[])
         AS v(id, status, unit_id, valid_from)`,
      [
        pgArray(ids),
        col((r) => r.draft.status),
        col((r) => r.unitId),
        col((r) => r.draft.entryDate ?? options.today),
        options.actorUserId,
      ],
    );
    const banked = rows.map((r, i) => ({ r, id: ids[i]! })).filter(({ r }) => r.draft.iban);
    if (banked.length > 0) {
      await tx.query(
        `INSERT INTO member_bank_accounts (member_id, iban, bic, account_holder)
         SELECT * FROM unnest($1::bigint[], $2::text[], $3::text[], $4::text[])`,
        [
          pgArray(banked.map((b) => b.id)),
          pgArray(banked.map((b) => b.r.draft.iban)),
          pgArray(banked.map((b) => b.r.draft.bic)),
          pgArray(banked.map((b) => b.r.draft.accountHolder)),
        ],
      );
    }
    const terms = new Map<string, string>();
    for (const k of keys) for (const t of k.terms) terms.set(t.term, t.phonetic);
    await tx.query(
      `INSERT INTO member_name_terms (term, phonetic)
       SELECT * FROM unnest($1::text[], $2::text[]) ON CONFLICT (term) DO NOTHING`,
      [pgArray([...terms.keys()]), pgArray([...terms.values()])],
    );
    return ids;
  },
};
