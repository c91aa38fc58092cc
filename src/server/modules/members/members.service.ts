import { createHash } from 'node:crypto';
import { normaliseEmail, normalisePhone } from '@/contracts/contact';
import { memberNumberWithCheckDigit } from '@/contracts/member-number';
import {
  SEARCH_TOTAL_CAP,
  type CreateMemberInput,
  type DuplicateCandidate,
  type DuplicateCheckInput,
  type Member,
  type MemberList,
  type MemberListItem,
  type MemberListQuery,
  type MemberStatus,
  type ResidenceChoice,
  type Transfer,
  type TransitionInput,
  type UpdateMemberInput,
} from '@/contracts/members';
import type { Database } from '@/server/db/database';
import { withScope, type ScopedTx } from '@/server/db/scoped';
import { appendAudit, summariseIds, writeAudit } from '@/server/platform/audit';
import type { ServiceContext } from '@/server/platform/context';
import { AppError } from '@/server/platform/errors';
import { can, maskMember, unitIdsWith, visibleMemberFields, type Actor } from '@/server/platform/scope';
import * as orgUnits from '@/server/modules/org-units/org-units.service';
import * as tasks from '@/server/modules/tasks/tasks.service';
import { koelnerPhonetik, nameTerms, nameWords } from '@/server/modules/members/german-names';
import { searchKeysFor } from '@/server/modules/members/search-keys';
import {
  addDays,
  allowedTransitions,
  daysBetween,
  deadlineFor,
  defaultStatute,
  planTransition,
  type Statute,
} from '@/server/modules/members/lifecycle';
import * as repo from '@/server/modules/members/members.repository';
import { germanToday } from '@/contracts/dates';

// ---------------------------------------------------------------------------------------------
// Statute and clock

let statute: Statute = defaultStatute;

/** Sets the statute's deadlines and transitions (party configuration; tests use other ones). */
export function configureStatute(next: Statute): void {
  statute = next;
}

export function currentStatute(): Statute {
  return statute;
}

// ---------------------------------------------------------------------------------------------
// Search keys (exported for bulk loaders: the demo generator and the importer)

export {
  searchKeyCopyColumns,
  searchKeyCopyValues,
  searchKeysFor,
  type SearchKeys,
} from '@/server/modules/members/search-keys';

/**
 * Fills the search keys of every member that has none (or of all, with `all`), and adds the
 * missing name terms. For bulk loads; runs as the owner, in batches, without an actor.
 */
export async function refreshSearchKeys(
  database: Database,
  options: { all?: boolean; batchSize?: number; onProgress?: (done: number) => void } = {},
): Promise<{ members: number; terms: number }> {
  const batchSize = options.batchSize ?? 5000;
  let afterId = 0;
  let done = 0;
  for (;;) {
    const rows = await repo.findMembersForKeys(database, afterId, batchSize, !options.all);
    if (rows.length === 0) break;
    await repo.writeSearchKeys(
      database,
      rows.map((r) => {
        const keys = searchKeysFor({
          firstName: r.first_name,
          lastName: r.last_name,
          street: r.street,
          houseNumber: r.house_number,
          postcode: r.postcode,
        });
        return { id: r.id, ...keys };
      }),
    );
    afterId = rows[rows.length - 1]!.id;
    done += rows.length;
    options.onProgress?.(done);
  }
  const missing = await repo.findMissingNameTerms(database);
  for (let i = 0; i < missing.length; i += 5000) {
    await repo.addNameTerms(
      database,
      missing.slice(i, i + 5000).map((term) => ({ term, phonetic: koelnerPhonetik(term) })),
    );
  }
  return { members: done, terms: missing.length };
}

// ---------------------------------------------------------------------------------------------
// Helpers

function requireActor(ctx: ServiceContext): Actor {
  if (!ctx.actor) throw new AppError('auth.required');
  return ctx.actor;
}

function forbidden(detail: string): AppError {
  return new AppError('auth.forbidden', { detail });
}

function notFound(id: number): AppError {
  return new AppError('member.not_found', { detail: `There is no member ${id} that you may see.` });
}

const displayName = (row: { first_name: string; last_name: string }) => `${row.first_name} ${row.last_name}`;

function toListItem(row: repo.ListItemRow, directory: orgUnits.UnitDirectory, actor: Actor): MemberListItem {
  const item: MemberListItem = {
    id: row.id,
    memberNumber: row.member_number,
    firstName: row.first_name,
    lastName: row.last_name,
    unitCode: directory.byId.get(row.unit_id)?.code ?? 'UNKNOWN',
    status: row.status,
    version: row.version,
    postcode: row.postcode,
    city: row.city,
    entryDate: row.entry_date,
  };
  if (visibleMemberFields(actor, row.unit_id).has('birthdate')) item.birthdate = row.birthdate;
  return item;
}

async function buildMember(
  tx: ScopedTx,
  row: repo.MemberRow,
  directory: orgUnits.UnitDirectory,
  actor: Actor,
  parts?: repo.MemberParts,
): Promise<Member> {
  const { open, consents, associations } = parts ?? (await repo.findMemberParts(tx, row.id));
  const unit = directory.byId.get(row.unit_id);
  const since =
    open?.status === row.status ? open.valid_from : (open?.valid_from ?? row.created_at.slice(0, 10));
  const deadline = deadlineFor(statute, row.status, since);
  const full: Member = {
    id: row.id,
    memberNumber: row.member_number,
    salutation: row.salutation,
    title: row.title,
    firstName: row.first_name,
    lastName: row.last_name,
    nameAffix: row.name_affix,
    birthdate: row.birthdate,
    gender: row.gender,
    street: row.street,
    houseNumber: row.house_number,
    addressExtra: row.address_extra,
    postcode: row.postcode,
    city: row.city,
    country: row.country,
    email: row.email,
    phone: row.phone,
    entryDate: row.entry_date,
    unitCode: unit?.code ?? 'UNKNOWN',
    unitName: unit?.name ?? '',
    districtCode: directory.districtOf(row.unit_id)?.code ?? null,
    residenceAgs: row.residence_ags,
    residenceException: row.residence_exception,
    status: row.status,
    statusSince: since,
    deadline: deadline ? { ...deadline, daysLeft: daysBetween(germanToday(), deadline.due) } : null,
    allowedTransitions: can(actor, 'member:update', row.unit_id)
      ? allowedTransitions(statute, row.status)
      : [],
    associations: associations.map((a) => ({ code: a.association_code, since: a.since, until: a.until })),
    consents: consents.map((c) => ({
      channel: c.channel,
      grantedOn: c.granted_on,
      source: c.source,
      withdrawnOn: c.withdrawn_on,
      withdrawalSource: c.withdrawal_source,
    })),
    notes: row.notes,
    hiddenFields: [],
    version: row.version,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
  const masked = maskMember(actor, row.unit_id, full) as Member;
  masked.hiddenFields = ['birthdate', 'gender', 'notes'].filter((f) => !(f in masked));
  return masked;
}

async function catalogueCodes(database: Database, kind: repo.CatalogueRow['kind']): Promise<Set<string>> {
  const rows = await repo.findCatalogue(database);
  return new Set(rows.filter((r) => r.kind === kind && r.active).map((r) => r.code));
}

async function checkAssociations(
  database: Database,
  input: { associations?: { code: string }[] | undefined },
) {
  if (!input.associations?.length) return;
  const known = await catalogueCodes(database, 'association');
  const unknown = input.associations.filter((a) => !known.has(a.code)).map((a) => a.code);
  if (unknown.length > 0) {
    throw new AppError('catalogue.unknown_code', {
      detail: `Unknown association: ${unknown.join(', ')}.`,
      details: { kind: 'association', codes: unknown },
    });
  }
}

// ---------------------------------------------------------------------------------------------
// Residence principle

interface ResidenceDecision {
  unitId: number;
  residenceAgs: string | null;
  residenceException: string | null;
}

/** The Gemeinden of a postcode with the unit each belongs to (for forms and the ambiguity answer). */
export async function residenceChoices(ctx: ServiceContext, postcode: string): Promise<ResidenceChoice[]> {
  const directory = await orgUnits.unitDirectory(ctx.database);
  const areas = await orgUnits.gemeindenForPostcode(ctx.database, postcode);
  return areas.map((a) => {
    const unit = directory.unitForGemeinde(a.ags);
    return { ags: a.ags, placeName: a.placeName, unitCode: unit?.code ?? null, unitName: unit?.name ?? null };
  });
}

/**
 * Wohnsitzprinzip: the unit follows from postcode and Gemeinde. A postcode that spans several
 * Gemeinden needs the chosen one; another unit needs a recorded reason.
 */
async function decideResidence(
  ctx: ServiceContext,
  directory: orgUnits.UnitDirectory,
  input: {
    postcode: string | null;
    country: string;
    gemeindeAgs?: string | undefined;
    unitCode?: string | undefined;
    residenceException?: string | null | undefined;
  },
): Promise<ResidenceDecision> {
  let derived: { ags: string; unitId: number } | null = null;
  if (input.postcode && input.country === 'DE') {
    const choices = await residenceChoices(ctx, input.postcode);
    let chosen = choices;
    if (input.gemeindeAgs) chosen = choices.filter((c) => c.ags === input.gemeindeAgs);
    if (input.gemeindeAgs && chosen.length === 0) {
      throw new AppError('member.residence_ambiguous', {
        detail: `The Gemeinde ${input.gemeindeAgs} does not belong to the postcode ${input.postcode}; choose one of the listed.`,
        details: { postcode: input.postcode, choices },
      });
    }
    if (chosen.length > 1 && !input.unitCode) {
      throw new AppError('member.residence_ambiguous', {
        detail: `The postcode ${input.postcode} spans ${chosen.length} Gemeinden (${chosen.map((c) => c.placeName).join(', ')}); choose one as gemeindeAgs.`,
        details: { postcode: input.postcode, choices },
      });
    }
    const one = chosen.length === 1 ? chosen[0]! : null;
    const unit = one ? directory.unitForGemeinde(one.ags) : null;
    if (one && unit) derived = { ags: one.ags, unitId: unit.id };
  }
  if (input.unitCode) {
    const { unit } = await orgUnits.unitByCode(ctx.database, input.unitCode);
    if (derived && derived.unitId === unit.id) {
      return { unitId: unit.id, residenceAgs: derived.ags, residenceException: null };
    }
    if (!input.residenceException) {
      throw new AppError('member.residence_exception_required', {
        detail: derived
          ? `By residence the member belongs to ${directory.byId.get(derived.unitId)?.name}; ${unit.name} needs a recorded reason (residenceException).`
          : `No unit follows from the address; ${unit.name} needs a recorded reason (residenceException).`,
        details: { derivedUnitCode: derived ? (directory.byId.get(derived.unitId)?.code ?? null) : null },
      });
    }
    return {
      unitId: unit.id,
      residenceAgs: derived?.ags ?? null,
      residenceException: input.residenceException,
    };
  }
  if (!derived) {
    throw new AppError('member.residence_unresolved', {
      detail: input.postcode
        ? `No unit is known for the postcode ${input.postcode}; choose the unit (unitCode) and give the reason (residenceException).`
        : 'Without a postcode no unit follows from the address; choose the unit (unitCode) and give the reason (residenceException).',
    });
  }
  return { unitId: derived.unitId, residenceAgs: derived.ags, residenceException: null };
}

// ---------------------------------------------------------------------------------------------
// Duplicates

function candidateFrom(row: repo.DuplicateRow, directory: orgUnits.UnitDirectory): DuplicateCandidate {
  const reasons: DuplicateCandidate['reasons'] = [];
  if (row.by_name) reasons.push('name_birthdate');
  if (row.by_email) reasons.push('email');
  if (row.by_phone) reasons.push('phone');
  if (row.by_address) reasons.push('address');
  let score = 0;
  if (row.by_name) score += row.same_first ? 0.7 : 0.35;
  if (row.by_email) score += 0.4;
  if (row.by_phone) score += 0.3;
  if (row.by_address) score += row.same_first ? 0.3 : 0.1;
  return {
    id: row.id,
    memberNumber: row.member_number,
    firstName: row.first_name,
    lastName: row.last_name,
    unitCode: directory.byId.get(row.unit_id)?.code ?? 'UNKNOWN',
    status: row.status,
    postcode: row.postcode,
    city: row.city,
    reasons,
    score: Math.min(1, Math.round(score * 100) / 100),
  };
}

async function duplicateCandidates(
  tx: ScopedTx,
  directory: orgUnits.UnitDirectory,
  input: DuplicateCheckInput,
): Promise<DuplicateCandidate[]> {
  const keys = searchKeysFor(input);
  const rows = await repo.findDuplicateCandidates(tx, {
    lastNameKey: keys.lastNameKey,
    firstNameKey: keys.firstNameKey,
    birthdate: input.birthdate ?? null,
    email: input.email ? normaliseEmail(input.email) : null,
    phone: input.phone ?? null,
    addressKey: keys.addressKey,
    excludeId: input.excludeId ?? null,
  });
  return rows.map((r) => candidateFrom(r, directory)).sort((a, b) => b.score - a.score);
}

/** Candidates for a record about to be saved (form, import row), within the caller's scope. */
export async function checkDuplicates(
  ctx: ServiceContext,
  input: DuplicateCheckInput,
): Promise<DuplicateCandidate[]> {
  const actor = requireActor(ctx);
  const directory = await orgUnits.unitDirectory(ctx.database);
  return withScope(ctx.database, actor, async (tx) => {
    const candidates = await duplicateCandidates(tx, directory, input);
    await writeAudit(tx, {
      action: 'member.duplicate_check',
      subjectIds: candidates.map((c) => c.id),
      details: { count: candidates.length },
    });
    return candidates;
  });
}

function refuseDuplicates(candidates: DuplicateCandidate[]): void {
  if (candidates.length === 0) return;
  throw new AppError('member.duplicate_suspected', {
    detail: `${candidates.length} record(s) may be the same person. Check them, or send confirmDuplicate: true to save anyway.`,
    details: { candidates },
  });
}

// ---------------------------------------------------------------------------------------------
// Read

export async function getMember(ctx: ServiceContext, id: number): Promise<Member> {
  const actor = requireActor(ctx);
  const directory = await orgUnits.unitDirectory(ctx.database);
  return withScope(ctx.database, actor, async (tx) => {
    const found = await repo.findMemberWithParts(tx, id);
    if (!found) throw notFound(id);
    const { row, parts } = found;
    const member = await buildMember(tx, row, directory, actor, parts);
    await writeAudit(tx, {
      action: 'member.read',
      entityType: 'member',
      entityId: id,
      unitId: row.unit_id,
      subjectIds: [id],
    });
    return member;
  });
}

export async function getHistory(
  ctx: ServiceContext,
  id: number,
): Promise<{ statuses: HistoryEntry[]; transfers: Transfer[] }> {
  const actor = requireActor(ctx);
  const directory = await orgUnits.unitDirectory(ctx.database);
  return withScope(ctx.database, actor, async (tx) => {
    const row = await repo.findMember(tx, id);
    if (!row) throw notFound(id);
    const history = await repo.findHistory(tx, id);
    const transfers = await repo.findTransfersOfMember(tx, id);
    await writeAudit(tx, {
      action: 'member.read',
      entityType: 'member',
      entityId: id,
      unitId: row.unit_id,
      subjectIds: [id],
      details: { part: 'history' },
    });
    return {
      statuses: history.map((h) => ({
        status: h.status,
        unitCode: directory.byId.get(h.unit_id)?.code ?? 'UNKNOWN',
        validFrom: h.valid_from,
        validTo: h.valid_to,
        reason: h.reason,
        transition: h.transition,
        actor: h.actor_user_id === null ? null : `#${h.actor_user_id}`,
        recordedAt: h.created_at,
      })),
      transfers: transfers.map((t) => toTransfer(t, directory)),
    };
  });
}

export interface HistoryEntry {
  status: MemberStatus;
  unitCode: string;
  validFrom: string;
  validTo: string | null;
  reason: string | null;
  transition: string | null;
  actor: string | null;
  recordedAt: string;
}

function toTransfer(t: repo.TransferRow, directory: orgUnits.UnitDirectory): Transfer {
  return {
    id: t.id,
    memberId: t.member_id,
    memberNumber: t.member_number,
    memberName: t.member_name,
    fromUnitCode: directory.byId.get(t.from_unit_id)?.code ?? 'UNKNOWN',
    fromDistrictCode: directory.districtOf(t.from_unit_id)?.code ?? null,
    toUnitCode: directory.byId.get(t.to_unit_id)?.code ?? 'UNKNOWN',
    toDistrictCode: directory.districtOf(t.to_unit_id)?.code ?? null,
    crossDistrict: t.cross_district,
    effectiveDate: t.effective_date,
    reason: t.reason,
    recordedAt: t.created_at,
  };
}

/** Transfers into and out of the caller's units (or one unit's subtree), newest first. */
export async function listTransfers(
  ctx: ServiceContext,
  query: { unit?: string | undefined; since?: string | undefined; limit: number },
): Promise<Transfer[]> {
  const actor = requireActor(ctx);
  const directory = await orgUnits.unitDirectory(ctx.database);
  const unitIds = await scopeUnitIds(ctx, actor, directory, query.unit);
  return withScope(ctx.database, actor, async (tx) => {
    const rows = await repo.findTransfersOfUnits(tx, unitIds, query.since ?? null, query.limit);
    await writeAudit(tx, {
      action: 'member.transfer_list',
      subjectIds: summariseIds(rows.map((r) => r.member_id)).subjectIds,
      details: { unit: query.unit ?? null, count: rows.length },
    });
    return rows.map((r) => toTransfer(r, directory));
  });
}

/** The units a read may cover: the caller's member:read units, narrowed to one unit's subtree. */
async function scopeUnitIds(
  ctx: ServiceContext,
  actor: Actor,
  directory: orgUnits.UnitDirectory,
  unitCode: string | undefined,
): Promise<number[]> {
  const readable = unitIdsWith(actor, 'member:read');
  if (readable.length === 0) throw forbidden('You may not read member data in any unit.');
  if (!unitCode) return readable;
  const { unit, directory: fresh } = await orgUnits.unitByCode(ctx.database, unitCode);
  const allowed = new Set(readable);
  const ids = (fresh ?? directory).subtreeIds(unit.id).filter((id) => allowed.has(id));
  if (ids.length === 0) throw forbidden(`You may not read member data in ${unit.name}.`);
  return ids;
}

// ---------------------------------------------------------------------------------------------
// Lists and search

interface Cursor {
  k1: string | null;
  k2: string | null;
  id: number;
}

function encodeCursor(c: Cursor): string {
  return Buffer.from(JSON.stringify([c.k1, c.k2, c.id])).toString('base64url');
}

function decodeCursor(s: string): repo.ListCursor {
  try {
    const v = JSON.parse(Buffer.from(s, 'base64url').toString('utf8')) as unknown;
    if (
      Array.isArray(v) &&
      v.length === 3 &&
      (v[0] === null || typeof v[0] === 'string') &&
      (v[1] === null || typeof v[1] === 'string') &&
      Number.isInteger(v[2])
    ) {
      return v as repo.ListCursor;
    }
  } catch {
    // fall through
  }
  throw new AppError('request.invalid', {
    detail: 'The cursor is not valid; start again from the first page.',
    errors: [{ path: 'querystring.cursor', message: 'invalid cursor' }],
  });
}

/** The birthdate bounds for an age range on a day: age ≥ min ⇔ born on or before day − min years. */
function ageBounds(
  day: string,
  ageMin?: number,
  ageMax?: number,
): { onOrBefore: string | null; after: string | null } {
  const shift = (years: number) => {
    const [y, m, d] = day.split('-').map(Number) as [number, number, number];
    const date = new Date(Date.UTC(y - years, m - 1, d));
    // 29 February in a year without one: the birthday is on 1 March.
    if (date.getUTCMonth() !== m - 1) date.setUTCDate(0);
    return date.toISOString().slice(0, 10);
  };
  return {
    onOrBefore: ageMin !== undefined ? shift(ageMin) : null,
    after: ageMax !== undefined ? shift(ageMax + 1) : null,
  };
}

/**
 * GET /members: with q a ranked search (best `limit` matches, no further pages), otherwise a
 * filtered list in keyset pages with the exact total. Both are audited with the returned ids.
 */
export async function listMembers(ctx: ServiceContext, query: MemberListQuery): Promise<MemberList> {
  const actor = requireActor(ctx);
  const directory = await orgUnits.unitDirectory(ctx.database);
  const unitIds = await scopeUnitIds(ctx, actor, directory, query.unit);
  // No unit filter when the scope covers every unit: row-level security still applies.
  const filterUnits = unitIds.length >= directory.all.length ? null : unitIds;
  const statuses = query.status ?? (query.asOf ? ['member'] : null);
  if (query.q) {
    return withScope(ctx.database, actor, async (tx) => {
      const result = await search(tx, query.q!, filterUnits, query.status ?? null, query.limit);
      const totalIsLowerBound = result.total > SEARCH_TOTAL_CAP;
      const total = Math.min(result.total, SEARCH_TOTAL_CAP);
      const ids = result.items.map((i) => i.row.id);
      const summary = summariseIds(ids);
      await writeAudit(tx, {
        action: 'member.search',
        subjectIds: summary.subjectIds,
        details: {
          query: query.q,
          unit: query.unit ?? null,
          count: ids.length,
          total,
          ...(totalIsLowerBound ? { totalIsLowerBound } : {}),
          digest: summary.digest,
        },
      });
      return {
        items: result.items.map(({ row, match }) => ({ ...toListItem(row, directory, actor), match })),
        total,
        totalIsLowerBound,
        nextCursor: null,
      };
    });
  }
  const day = query.asOf ?? germanToday();
  const ages = ageBounds(day, query.ageMin, query.ageMax);
  const filter: repo.ListFilter = {
    unitIds: filterUnits,
    statuses,
    asOf: query.asOf ?? null,
    bornOnOrBefore: ages.onOrBefore,
    bornAfter: ages.after,
    genders: query.gender ?? null,
    entryFrom: query.entryFrom ?? null,
    entryTo: query.entryTo ?? null,
    functionCode: query.function ?? null,
    mandateCode: query.mandate ?? null,
    consentChannel: query.consent ?? null,
    associationCode: query.association ?? null,
    onDate: day,
  };
  const after = query.cursor ? decodeCursor(query.cursor) : null;
  return withScope(ctx.database, actor, async (tx) => {
    const { rows, total } = await repo.listMembers(tx, filter, query.sort, query.limit + 1, after);
    const page = rows.slice(0, query.limit);
    const last = page[page.length - 1];
    const summary = summariseIds(page.map((r) => r.id));
    const { cursor: _cursor, ...logged } = query;
    await writeAudit(tx, {
      action: 'member.list',
      subjectIds: summary.subjectIds,
      details: {
        query: logged,
        page: after ? 'next' : 'first',
        count: page.length,
        total,
        digest: summary.digest,
      },
    });
    return {
      items: page.map((r) => toListItem(r, directory, actor)),
      total,
      nextCursor:
        rows.length > query.limit && last ? encodeCursor({ k1: last.k1, k2: last.k2, id: last.id }) : null,
    };
  });
}

type Match = NonNullable<MemberListItem['match']>;
const STAGES: Match[] = ['exact', 'prefix', 'phonetic', 'fuzzy'];

/**
 * One search box. Numbers, e-mail addresses, phone numbers and postcodes are looked up exactly;
 * anything else is a name: each word is resolved against the term table (exact, prefix, Kölner
 * Phonetik, trigram similarity) and members are fetched stage by stage until the page is full.
 */
async function search(
  tx: ScopedTx,
  q: string,
  unitIds: number[] | null,
  statuses: string[] | null,
  limit: number,
): Promise<{ items: { row: repo.ListItemRow; match: Match }[]; total: number }> {
  const text = q.trim();
  // The totals below count at most SEARCH_TOTAL_CAP + 1 members: more means "more than the cap".
  const digits = text.replace(/[\s.-]/g, '');
  const exact = async (field: repo.ExactField, value: string, match: Match) => {
    const { rows, total } = await repo.findByField(
      tx,
      field,
      value,
      unitIds,
      statuses,
      limit,
      SEARCH_TOTAL_CAP,
    );
    return { items: rows.map((row) => ({ row, match })), total };
  };
  if (/^\d{8}$/.test(digits)) return exact('member_number', digits, 'number');
  if (/^\d{7}$/.test(digits)) return exact('member_number_prefix', digits, 'number');
  if (/^\d{5}$/.test(digits)) return exact('postcode', digits, 'postcode');
  if (text.includes('@')) return exact('email', normaliseEmail(text), 'email');
  if (/^[+0(][\d\s()/.-]{5,}$/.test(text)) {
    const phone = normalisePhone(text);
    if (phone) return exact('phone', phone, 'phone');
  }

  const words = [...new Set(nameWords(text))].slice(0, 5);
  if (words.length === 0) return { items: [], total: 0 };
  // One statement: the words' terms, the stages' candidates and, for a full page, the total.
  const found = await repo.searchByNames(
    tx,
    words,
    words.map((w) => koelnerPhonetik(w)),
    unitIds,
    statuses,
    limit,
    SEARCH_TOTAL_CAP,
  );
  // One word that only sounds like or resembles a name is taken as a last name: "Meyer" should
  // not bring every Maria (both 67 in Kölner Phonetik). Exact and prefix matches count for both.
  const lastNameOnly = (stage: number) => words.length === 1 && stage >= 2;
  // The one word's terms up to each stage.
  const stageTerms = STAGES.map(
    (_, stage) => new Set((found.terms[0] ?? []).filter((t) => t.stage <= stage).map((t) => t.term)),
  );
  const chosen: { id: number; match: Match }[] = [];
  const kept = new Set<number>();
  let filtered = false;
  for (const c of found.candidates) {
    if (chosen.length >= limit) break;
    if (kept.has(c.id)) continue;
    // The database decided plain last names (lastName null); the others are checked here.
    if (
      lastNameOnly(c.stage) &&
      c.lastName !== null &&
      !nameTerms(c.lastName).some((t) => stageTerms[c.stage]!.has(t))
    ) {
      filtered = true;
      continue;
    }
    chosen.push({ id: c.id, match: STAGES[c.stage]! });
    kept.add(c.id);
  }
  const rows = await repo.listItemsByIds(
    tx,
    chosen.map((c) => c.id),
  );
  const matchOf = new Map(chosen.map((c) => [c.id, c.match]));
  const items = rows.map((row) => ({ row, match: matchOf.get(Number(row.id))! }));
  // A page that is not full holds every match: the last stage ran with every word's terms and
  // returned fewer than it was asked for. Only a full page needs the count (counted with it).
  let total = items.length < limit ? items.length : (found.total ?? items.length);
  if (items.length === 0 && (total === 0 || filtered)) {
    // Not a name on file: perhaps a city.
    const city = await exact('city', text.toLowerCase(), 'city');
    if (city.total > 0 || total === 0) return city;
  }
  // The count cannot tell first from last names; when every match is on the page, count the page.
  if (filtered && items.length < limit) total = items.length;
  total = Math.max(total, items.length);
  return { items, total };
}

/** How many records had the statuses in a unit's subtree on a date (from the history). */
export async function countAsOf(
  ctx: ServiceContext,
  query: { unit: string; date: string; status?: MemberStatus[] | undefined },
): Promise<{ unitCode: string; date: string; statuses: MemberStatus[]; count: number }> {
  const actor = requireActor(ctx);
  const directory = await orgUnits.unitDirectory(ctx.database);
  const unitIds = await scopeUnitIds(ctx, actor, directory, query.unit);
  const statuses = query.status ?? ['member'];
  return withScope(ctx.database, actor, async (tx) => {
    const count = await repo.countAsOf(tx, unitIds, statuses, query.date);
    await writeAudit(tx, {
      action: 'member.count',
      details: { unit: query.unit, date: query.date, statuses, count },
    });
    return { unitCode: query.unit, date: query.date, statuses, count };
  });
}

// ---------------------------------------------------------------------------------------------
// Create

export async function createMember(ctx: ServiceContext, input: CreateMemberInput): Promise<Member> {
  const actor = requireActor(ctx);
  let directory = await orgUnits.unitDirectory(ctx.database);
  await checkAssociations(ctx.database, input);
  const residence = await decideResidence(ctx, directory, {
    postcode: input.postcode ?? null,
    country: input.country ?? 'DE',
    gemeindeAgs: input.gemeindeAgs,
    unitCode: input.unitCode,
    residenceException: input.residenceException,
  });
  directory = await orgUnits.unitDirectory(ctx.database);
  const unit = directory.byId.get(residence.unitId)!;
  if (!can(actor, 'member:create', unit.id) || !can(actor, 'member:update', unit.id)) {
    throw forbidden(`You may not add members to ${unit.name}.`);
  }
  const since = input.since ?? germanToday();
  const keys = searchKeysFor(input);
  return withScope(ctx.database, actor, async (tx) => {
    if (!input.confirmDuplicate) {
      refuseDuplicates(await duplicateCandidates(tx, directory, input));
    }
    const memberNumber =
      input.status === 'member' ? memberNumberWithCheckDigit(await repo.nextRunningNumber(tx)) : null;
    const id = await repo.insertMember(tx, {
      member_number: memberNumber,
      salutation: input.salutation ?? null,
      title: input.title ?? null,
      first_name: input.firstName,
      last_name: input.lastName,
      name_affix: input.nameAffix ?? null,
      birthdate: input.birthdate ?? null,
      gender: input.gender ?? 'unspecified',
      street: input.street ?? null,
      house_number: input.houseNumber ?? null,
      address_extra: input.addressExtra ?? null,
      postcode: input.postcode ?? null,
      city: input.city ?? null,
      country: input.country ?? 'DE',
      email: input.email ?? null,
      phone: input.phone ?? null,
      entry_date: input.entryDate ?? (input.status === 'member' ? since : null),
      unit_id: unit.id,
      status: input.status,
      notes: input.notes ?? null,
      residence_ags: residence.residenceAgs,
      residence_exception: residence.residenceException,
      name_keys: keys.nameKeys,
      last_name_key: keys.lastNameKey,
      first_name_key: keys.firstNameKey,
      address_key: keys.addressKey,
    });
    await repo.addNameTerms(tx, keys.terms);
    await repo.insertHistory(tx, {
      memberId: id,
      status: input.status,
      unitId: unit.id,
      validFrom: since,
      reason: input.status === 'applicant' ? 'Aufnahmeantrag' : 'Erfassung',
      transition: null,
      actorUserId: actor.userId,
    });
    if (input.consents) await repo.replaceConsents(tx, id, input.consents);
    if (input.associations) await repo.replaceAssociations(tx, id, input.associations);
    const row = (await repo.findMember(tx, id))!;
    const member = await buildMember(tx, row, directory, actor);
    await writeAudit(tx, {
      action: 'member.create',
      entityType: 'member',
      entityId: id,
      unitId: unit.id,
      subjectIds: [id],
      details: {
        after: { ...changedFields({}, input), unitCode: unit.code, status: input.status, memberNumber },
        residenceException: residence.residenceException,
        duplicateConfirmed: input.confirmDuplicate ?? false,
      },
    });
    return member;
  });
}

/** The written fields for the audit trail (names of personal fields only, not their values). */
function changedFields(
  before: Record<string, unknown>,
  input: Record<string, unknown>,
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const skip = new Set(['confirmDuplicate', 'gemeindeAgs', 'effectiveDate', 'consents', 'associations']);
  for (const [k, v] of Object.entries(input)) {
    if (v === undefined || skip.has(k)) continue;
    if (k in before && before[k] === v) continue;
    out[k] = v;
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Update

const FIELD_COLUMNS: Record<string, keyof repo.MemberWrite> = {
  salutation: 'salutation',
  title: 'title',
  firstName: 'first_name',
  lastName: 'last_name',
  nameAffix: 'name_affix',
  birthdate: 'birthdate',
  gender: 'gender',
  street: 'street',
  houseNumber: 'house_number',
  addressExtra: 'address_extra',
  postcode: 'postcode',
  city: 'city',
  country: 'country',
  email: 'email',
  phone: 'phone',
  entryDate: 'entry_date',
  notes: 'notes',
};

function rowValue(row: repo.MemberRow, field: string): unknown {
  const column = FIELD_COLUMNS[field];
  return column ? (row as unknown as Record<string, unknown>)[column] : undefined;
}

async function versionConflict(
  tx: ScopedTx,
  id: number,
  directory: orgUnits.UnitDirectory,
  actor: Actor,
): Promise<AppError> {
  const current = await repo.findMember(tx, id);
  if (!current) return notFound(id);
  return new AppError('member.version_conflict', {
    detail: `The record was changed by someone else (now version ${current.version}). Compare and apply your change again.`,
    details: { currentVersion: current.version, current: await buildMember(tx, current, directory, actor) },
  });
}

export async function updateMember(
  ctx: ServiceContext,
  id: number,
  expectedVersion: number | null,
  input: UpdateMemberInput,
): Promise<Member> {
  const actor = requireActor(ctx);
  if (expectedVersion === null) {
    throw new AppError('member.version_required', {
      detail: 'Send the version you read as If-Match (the ETag of GET /members/{id}).',
    });
  }
  const directory = await orgUnits.unitDirectory(ctx.database);
  await checkAssociations(ctx.database, input);
  // Read first (outside the write transaction) to know whether the residence must be decided again.
  const before = await withScope(ctx.database, actor, (tx) => repo.findMember(tx, id));
  if (!before) throw notFound(id);
  if (!can(actor, 'member:update', before.unit_id)) throw forbidden('You may not change this member.');
  const addressChanged =
    (input.postcode !== undefined && input.postcode !== before.postcode) ||
    (input.country !== undefined && input.country !== before.country) ||
    input.gemeindeAgs !== undefined ||
    input.unitCode !== undefined;
  const residence = addressChanged
    ? await decideResidence(ctx, directory, {
        postcode: input.postcode !== undefined ? input.postcode : before.postcode,
        country: input.country ?? before.country,
        gemeindeAgs: input.gemeindeAgs,
        unitCode: input.unitCode,
        residenceException: input.residenceException,
      })
    : null;
  const freshDirectory = await orgUnits.unitDirectory(ctx.database);
  const effectiveDate = input.effectiveDate ?? germanToday();

  return withScope(ctx.database, actor, async (tx) => {
    const row = await repo.findMember(tx, id, { forUpdate: true });
    if (!row) throw notFound(id);
    if (row.version !== expectedVersion) throw await versionConflict(tx, id, freshDirectory, actor);
    const merged = {
      firstName: input.firstName ?? row.first_name,
      lastName: input.lastName ?? row.last_name,
      street: input.street !== undefined ? input.street : row.street,
      houseNumber: input.houseNumber !== undefined ? input.houseNumber : row.house_number,
      postcode: input.postcode !== undefined ? input.postcode : row.postcode,
    };
    const identityChanged = [
      'firstName',
      'lastName',
      'birthdate',
      'email',
      'phone',
      'street',
      'houseNumber',
      'postcode',
    ].some(
      (f) =>
        (input as Record<string, unknown>)[f] !== undefined &&
        (input as Record<string, unknown>)[f] !== rowValue(row, f),
    );
    if (identityChanged && !input.confirmDuplicate) {
      refuseDuplicates(
        await duplicateCandidates(tx, freshDirectory, {
          excludeId: id,
          firstName: merged.firstName,
          lastName: merged.lastName,
          birthdate: input.birthdate !== undefined ? input.birthdate : row.birthdate,
          email: input.email !== undefined ? input.email : row.email,
          phone: input.phone !== undefined ? input.phone : row.phone,
          street: merged.street,
          houseNumber: merged.houseNumber,
          postcode: merged.postcode,
        }),
      );
    }
    const write: repo.MemberWrite = {};
    const beforeValues: Record<string, unknown> = {};
    const afterValues: Record<string, unknown> = {};
    for (const [field, column] of Object.entries(FIELD_COLUMNS)) {
      const value = (input as Record<string, unknown>)[field];
      if (value === undefined) continue;
      const old = rowValue(row, field);
      if (old === value) continue;
      (write as Record<string, unknown>)[column] = value;
      beforeValues[field] = old;
      afterValues[field] = value;
    }
    const keys = searchKeysFor(merged);
    if (
      write.first_name !== undefined ||
      write.last_name !== undefined ||
      write.street !== undefined ||
      write.house_number !== undefined ||
      write.postcode !== undefined
    ) {
      Object.assign(write, {
        name_keys: keys.nameKeys,
        last_name_key: keys.lastNameKey,
        first_name_key: keys.firstNameKey,
        address_key: keys.addressKey,
      });
      await repo.addNameTerms(tx, keys.terms);
    }
    const moving = residence !== null && residence.unitId !== row.unit_id;
    if (residence) {
      if (residence.residenceAgs !== row.residence_ags) {
        write.residence_ags = residence.residenceAgs;
        beforeValues.residenceAgs = row.residence_ags;
        afterValues.residenceAgs = residence.residenceAgs;
      }
      if (residence.residenceException !== row.residence_exception) {
        write.residence_exception = residence.residenceException;
        beforeValues.residenceException = row.residence_exception;
        afterValues.residenceException = residence.residenceException;
      }
    }
    if (input.consents) await repo.replaceConsents(tx, id, input.consents);
    if (input.associations) await repo.replaceAssociations(tx, id, input.associations);
    const version = await repo.updateMember(tx, id, expectedVersion, write);
    if (version === null) throw await versionConflict(tx, id, freshDirectory, actor);

    let transfer: { id: number; crossDistrict: boolean } | null = null;
    // Built before the move: afterwards the record may be outside the caller's scope.
    let answer: Member | null = null;
    if (moving && residence) {
      answer = await buildMember(tx, (await repo.findMember(tx, id))!, freshDirectory, actor);
      const fromDistrict = freshDirectory.districtOf(row.unit_id);
      const toDistrict = freshDirectory.districtOf(residence.unitId);
      const crossDistrict = (fromDistrict?.id ?? null) !== (toDistrict?.id ?? null);
      const transferId = await repo.moveMember(tx, {
        memberId: id,
        toUnitId: residence.unitId,
        effectiveDate,
        reason: residence.residenceException ?? 'Umzug',
        crossDistrict,
      });
      transfer = { id: transferId, crossDistrict };
      beforeValues.unitCode = freshDirectory.byId.get(row.unit_id)?.code;
      afterValues.unitCode = freshDirectory.byId.get(residence.unitId)?.code;
      if (crossDistrict) {
        const params = {
          memberNumber: row.member_number,
          memberName: displayName({ first_name: merged.firstName, last_name: merged.lastName }),
          fromUnit: freshDirectory.byId.get(row.unit_id)?.name ?? null,
          toUnit: freshDirectory.byId.get(residence.unitId)?.name ?? null,
          fromDistrict: fromDistrict?.name ?? null,
          toDistrict: toDistrict?.name ?? null,
          effectiveDate,
          transferId,
        };
        if (fromDistrict)
          await tasks.notify(tx, {
            unitId: fromDistrict.id,
            kind: 'member.transfer_out',
            memberId: id,
            params,
          });
        if (toDistrict)
          await tasks.notify(tx, { unitId: toDistrict.id, kind: 'member.transfer_in', memberId: id, params });
      }
    }
    await writeAudit(tx, {
      action: 'member.update',
      entityType: 'member',
      entityId: id,
      unitId: row.unit_id,
      subjectIds: [id],
      details: {
        before: beforeValues,
        after: afterValues,
        version: { before: expectedVersion, after: version },
        ...(input.consents ? { consents: 'replaced' } : {}),
        ...(input.associations ? { associations: 'replaced' } : {}),
        ...(transfer ? { transfer } : {}),
      },
    });
    const updated = await repo.findMember(tx, id);
    if (updated) return buildMember(tx, updated, freshDirectory, actor);
    // Moved out of the caller's scope: answer with the record as written, in its new unit.
    const to = freshDirectory.byId.get(residence!.unitId);
    return {
      ...answer!,
      unitCode: to?.code ?? 'UNKNOWN',
      unitName: to?.name ?? '',
      districtCode: freshDirectory.districtOf(residence!.unitId)?.code ?? null,
      allowedTransitions: [],
    };
  });
}

// ---------------------------------------------------------------------------------------------
// Lifecycle

export async function applyTransition(
  ctx: ServiceContext,
  id: number,
  expectedVersion: number | null,
  input: TransitionInput,
): Promise<Member> {
  const actor = requireActor(ctx);
  const directory = await orgUnits.unitDirectory(ctx.database);
  return withScope(ctx.database, actor, async (tx) => {
    const row = await repo.findMember(tx, id, { forUpdate: true });
    if (!row) throw notFound(id);
    if (!can(actor, 'member:update', row.unit_id)) throw forbidden('You may not change this member.');
    if (expectedVersion !== null && row.version !== expectedVersion)
      throw await versionConflict(tx, id, directory, actor);
    const open = await repo.findOpenHistory(tx, id);
    const since = open?.valid_from ?? row.created_at.slice(0, 10);
    const plan = planTransition(statute, { status: row.status, since }, input);
    if (open) await repo.closeHistory(tx, open.id, plan.validFrom);
    await repo.insertHistory(tx, {
      memberId: id,
      status: plan.to,
      unitId: row.unit_id,
      validFrom: plan.validFrom,
      reason: input.reason ?? null,
      transition: plan.type,
      actorUserId: actor.userId,
    });
    const write: repo.MemberWrite = {};
    // A step dated in the future (a resignation "zum 31.12.") changes the record when it is due.
    if (plan.validFrom <= germanToday()) write.status = plan.to;
    let memberNumber = row.member_number;
    if ((plan.to === 'provisional' || plan.to === 'member') && !row.member_number) {
      memberNumber = memberNumberWithCheckDigit(await repo.nextRunningNumber(tx));
      write.member_number = memberNumber;
      if (!row.entry_date) write.entry_date = plan.validFrom;
    }
    const version = await repo.updateMember(tx, id, row.version, write);
    if (version === null) throw await versionConflict(tx, id, directory, actor);
    await writeAudit(tx, {
      action: 'member.transition',
      entityType: 'member',
      entityId: id,
      unitId: row.unit_id,
      subjectIds: [id],
      details: {
        type: plan.type,
        before: { status: plan.from },
        after: {
          status: plan.to,
          validFrom: plan.validFrom,
          ...(memberNumber !== row.member_number ? { memberNumber } : {}),
        },
        reason: input.reason ?? null,
      },
    });
    return buildMember(tx, (await repo.findMember(tx, id))!, directory, actor);
  });
}

/**
 * Sets each record's status to its history row that has begun (a step entered ahead with a
 * future effective date, e.g. a resignation at the end of the quarter). For the daily job; the
 * step itself was audited when it was entered, this records that it took effect.
 */
export async function applyDueTransitions(
  database: Database,
  day: string = germanToday(),
  who = 'daily job',
): Promise<number> {
  const ids = await repo.applyDueStatuses(database, day);
  if (ids.length > 0) {
    await appendAudit(database, {
      action: 'member.statuses_applied',
      actor: { userId: null, name: who },
      entityType: 'member',
      subjectIds: ids,
      details: { day, count: ids.length },
    });
  }
  return ids.length;
}

// ---------------------------------------------------------------------------------------------
// Deadlines as tasks

export interface DeadlineTask {
  kind: 'admission_decision' | 'objection_window';
  unitCode: string;
  unitName: string;
  count: number;
  oldestSince: string;
  oldestDays: number;
  /** The deadline of the oldest one. */
  due: string;
  overdue: boolean;
}

/** Running deadlines in the caller's units: applications to decide, objection windows open. */
export async function deadlineTasks(ctx: ServiceContext): Promise<DeadlineTask[]> {
  const actor = requireActor(ctx);
  const unitIds = unitIdsWith(actor, 'member:read');
  if (unitIds.length === 0) return [];
  const directory = await orgUnits.unitDirectory(ctx.database);
  const day = germanToday();
  const rows = await withScope(ctx.database, actor, (tx) => repo.findOpenDeadlines(tx, unitIds));
  return rows
    .map((r) => {
      const deadline = deadlineFor(statute, r.status, r.oldest_since);
      const unit = directory.byId.get(r.unit_id);
      return {
        kind: r.status === 'applicant' ? ('admission_decision' as const) : ('objection_window' as const),
        unitCode: unit?.code ?? 'UNKNOWN',
        unitName: unit?.name ?? '',
        count: r.count,
        oldestSince: r.oldest_since,
        oldestDays: daysBetween(r.oldest_since, day),
        due: deadline?.due ?? addDays(r.oldest_since, 0),
        overdue: deadline ? deadline.due < day : false,
      };
    })
    .sort((a, b) => (a.due < b.due ? -1 : a.due > b.due ? 1 : 0));
}

// ---------------------------------------------------------------------------------------------
// Merge

export async function mergeMembers(
  ctx: ServiceContext,
  input: { keepId: number; mergeId: number; reason: string },
): Promise<{
  mergeId: number;
  keptId: number;
  retiredId: number;
  moved: { functions: number; mandates: number; consents: number; associations: number; history: number };
  undoableUntil: string;
}> {
  const actor = requireActor(ctx);
  if (input.keepId === input.mergeId) {
    throw new AppError('member.merge_invalid', { detail: 'A record cannot be merged into itself.' });
  }
  return withScope(ctx.database, actor, async (tx) => {
    const kept = await repo.findMember(tx, input.keepId, { forUpdate: true });
    const retired = await repo.findMember(tx, input.mergeId, { forUpdate: true });
    if (!kept) throw notFound(input.keepId);
    if (!retired) throw notFound(input.mergeId);
    if (!can(actor, 'member:update', kept.unit_id) || !can(actor, 'member:update', retired.unit_id)) {
      throw forbidden('You may not change both records.');
    }
    const result = await repo.mergeInto(tx, kept.id, retired.id, kept.unit_id, input.reason, actor.userId);
    await repo.updateMember(tx, kept.id, kept.version, {
      // The kept record takes the number if it had none (an application of a known member).
      ...(kept.member_number ? {} : { member_number: retired.member_number }),
    });
    const moved = {
      functions: result.moved.member_functions?.length ?? 0,
      mandates: result.moved.member_mandates?.length ?? 0,
      consents: result.moved.member_consents?.length ?? 0,
      associations: result.moved.member_associations?.length ?? 0,
      history: (result.moved.member_transfers?.length ?? 0) + result.historyRows,
    };
    await writeAudit(tx, {
      action: 'member.merge',
      entityType: 'member',
      entityId: kept.id,
      unitId: kept.unit_id,
      subjectIds: [kept.id, retired.id],
      details: {
        mergeId: result.mergeId,
        retiredId: retired.id,
        retiredNumber: retired.member_number,
        moved,
        reason: input.reason,
      },
    });
    const undoableUntil = new Date(Date.parse(result.createdAt) + 86_400_000).toISOString();
    return { mergeId: result.mergeId, keptId: kept.id, retiredId: retired.id, moved, undoableUntil };
  });
}

/** Undoes a merge within a day: the retired record comes back with its history and rows. */
export async function undoMerge(
  ctx: ServiceContext,
  mergeId: number,
): Promise<{ keptId: number; restoredId: number }> {
  const actor = requireActor(ctx);
  return withScope(ctx.database, actor, async (tx) => {
    const merge = await repo.findMerge(tx, mergeId);
    if (!merge)
      throw new AppError('request.not_found', { detail: `There is no merge ${mergeId} that you may see.` });
    if (!can(actor, 'member:update', merge.unit_id)) throw forbidden('You may not undo this merge.');
    if (merge.undone_at)
      throw new AppError('member.merge_not_reversible', { detail: 'This merge was undone already.' });
    if (merge.age_seconds > 86_400) {
      throw new AppError('member.merge_not_reversible', {
        detail: 'A merge can be undone for one day; this one is older. Split the record by hand.',
      });
    }
    const kept = await repo.findMember(tx, merge.kept_id, { forUpdate: true });
    // The kept record may have taken the retired one's number: give it back first.
    if (kept && kept.member_number) {
      const snapshotNumber = await tx.query<{ n: string | null }>(
        `SELECT snapshot->'member'->>'member_number' AS n FROM member_merges WHERE id = $1`,
        [mergeId],
      );
      if (snapshotNumber[0]?.n && snapshotNumber[0].n === kept.member_number) {
        await repo.updateMember(tx, kept.id, kept.version, { member_number: null });
      }
    }
    await repo.undoMerge(tx, merge);
    await writeAudit(tx, {
      action: 'member.merge_undo',
      entityType: 'member',
      entityId: merge.kept_id,
      unitId: merge.unit_id,
      subjectIds: [merge.kept_id, merge.retired_id],
      details: { mergeId },
    });
    return { keptId: merge.kept_id, restoredId: merge.retired_id };
  });
}

// ---------------------------------------------------------------------------------------------
// Duplicate scan (CLI)

export interface DuplicateScanRow {
  reasons: string[];
  a: repo.ListItemRow;
  b: repo.ListItemRow;
}

/**
 * Pairs of records sharing a blocking key across the whole file, for `servicestelle duplicates
 * scan`. Runs as the owner (the CLI has no scope); audited as a whole-file read.
 */
export async function scanDuplicates(
  database: Database,
  options: { maxGroup?: number; who?: string } = {},
): Promise<{ pairs: DuplicateScanRow[]; units: Map<number, string> }> {
  const pairs = await repo.scanDuplicatePairs(database, options.maxGroup ?? 50);
  const ids = [...new Set(pairs.flatMap((p) => [p.a_id, p.b_id]))];
  const byId = new Map<number, repo.ListItemRow>();
  for (let i = 0; i < ids.length; i += 10_000) {
    for (const row of await repo.findListItems(database, ids.slice(i, i + 10_000))) byId.set(row.id, row);
  }
  const directory = await orgUnits.unitDirectory(database, { fresh: true });
  const units = new Map<number, string>([...directory.byId].map(([id, u]) => [id, u.code]));
  const digest = createHash('sha256')
    .update(pairs.map((p) => `${p.a_id}-${p.b_id}`).join(','))
    .digest('hex');
  await appendAudit(database, {
    action: 'member.duplicate_scan',
    actor: { userId: null, name: options.who ?? 'cli' },
    details: { pairs: pairs.length, members: ids.length, digest },
  });
  return {
    pairs: pairs
      .filter((p) => byId.has(p.a_id) && byId.has(p.b_id))
      .map((p) => ({ reasons: p.reasons, a: byId.get(p.a_id)!, b: byId.get(p.b_id)! })),
    units,
  };
}

/** A CSV field for spreadsheets: quoted when needed, formulas defused ("=…" would run in Excel). */
function csvField(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return '';
  let text = String(value);
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[;"\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** The duplicate scan as CSV lines (semicolon-separated, for German spreadsheets), header first. */
export function* duplicateReportLines(result: Awaited<ReturnType<typeof scanDuplicates>>): Generator<string> {
  const side = (p: string) =>
    ['id', 'member_number', 'last_name', 'first_name', 'birthdate', 'postcode', 'city', 'unit', 'status'].map(
      (c) => `${p}_${c}`,
    );
  yield [...['reasons'], ...side('a'), ...side('b')].join(';') + '\n';
  for (const pair of result.pairs) {
    const cells = (r: repo.ListItemRow) => [
      r.id,
      r.member_number,
      r.last_name,
      r.first_name,
      r.birthdate,
      r.postcode,
      r.city,
      result.units.get(r.unit_id) ?? '',
      r.status,
    ];
    yield [pair.reasons.join('+'), ...cells(pair.a), ...cells(pair.b)].map(csvField).join(';') + '\n';
  }
}
