import type { MemberStatus } from '@/contracts/members';
import type { Database } from '@/server/db/database';
import type { ScopedTx } from '@/server/db/scoped';
import type { MemberRow } from '@/server/modules/members/members.repository';

/**
 * Reads members for an export in batches, in constant memory: a server-side cursor on PostgreSQL
 * (one snapshot for the whole file), keyset pages by id on PGlite (one connection: a long open
 * transaction would block every other request).
 *
 * Part of the members module (it reads its tables) for the exports module; the columns and the
 * as-of logic follow members.repository (status and unit from the status history on a date).
 */
/** The member record's exported columns, as the repository reads them. */
export type ExportRow = Pick<
  MemberRow,
  | 'id'
  | 'member_number'
  | 'salutation'
  | 'title'
  | 'first_name'
  | 'last_name'
  | 'name_affix'
  | 'birthdate'
  | 'gender'
  | 'street'
  | 'house_number'
  | 'address_extra'
  | 'postcode'
  | 'city'
  | 'country'
  | 'email'
  | 'phone'
  | 'entry_date'
  | 'status'
  | 'unit_id'
>;

export interface ExportFilter {
  unitIds: number[];
  statuses: MemberStatus[];
  asOf: string | null;
}

const COLUMNS = `m.id::int AS id, m.member_number, m.salutation, m.title, m.first_name, m.last_name, m.name_affix,
  to_char(m.birthdate, 'YYYY-MM-DD') AS birthdate, m.gender, m.street, m.house_number, m.address_extra, m.postcode,
  m.city, m.country, m.email, m.phone, to_char(m.entry_date, 'YYYY-MM-DD') AS entry_date`;

function query(filter: ExportFilter, keyset: boolean): { text: string; params: unknown[] } {
  const units = `{${filter.unitIds.join(',')}}`;
  const statuses = `{${filter.statuses.join(',')}}`;
  if (filter.asOf) {
    return {
      text: `SELECT ${COLUMNS}, h.status, h.unit_id
               FROM member_status_history h JOIN members m ON m.id = h.member_id
              WHERE h.unit_id = ANY($1::int[]) AND h.status = ANY($2::text[])
                AND h.valid_from <= $3::date AND (h.valid_to IS NULL OR h.valid_to > $3::date)
                ${keyset ? 'AND m.id > $4' : ''}
              ORDER BY m.id ${keyset ? 'LIMIT $5' : ''}`,
      params: [units, statuses, filter.asOf],
    };
  }
  return {
    text: `SELECT ${COLUMNS}, m.status, m.unit_id FROM members m
            WHERE m.unit_id = ANY($1::int[]) AND m.status = ANY($2::text[]) ${keyset ? 'AND m.id > $3' : ''}
            ORDER BY m.id ${keyset ? 'LIMIT $4' : ''}`,
    params: [units, statuses],
  };
}

export async function* memberBatches(
  database: Database,
  inTx: <T>(fn: (tx: ScopedTx) => Promise<T>) => Promise<T>,
  filter: ExportFilter,
  batchSize = 2000,
): AsyncGenerator<ExportRow[]> {
  if (filter.unitIds.length === 0) return;
  if (database.kind === 'pglite') {
    let after = 0;
    for (;;) {
      const q = query(filter, true);
      const rows = await inTx((tx) => tx.query<ExportRow>(q.text, [...q.params, after, batchSize]));
      if (rows.length === 0) return;
      yield rows;
      after = rows[rows.length - 1]!.id;
      if (rows.length < batchSize) return;
    }
  }
  // PostgreSQL: one transaction, one snapshot, a cursor; the consumer's pace drives the fetches.
  const batches: ExportRow[][] = [];
  let wake: (() => void) | null = null;
  let finished = false;
  let failure: unknown = null;
  let release: (() => void) | null = null;
  let stopped = false;
  const q = query(filter, false);
  const reader = inTx(async (tx) => {
    await tx.query(`DECLARE member_export NO SCROLL CURSOR FOR ${q.text}`, q.params);
    for (;;) {
      const rows = await tx.query<ExportRow>(`FETCH FORWARD ${batchSize} FROM member_export`);
      if (rows.length === 0) break;
      batches.push(rows);
      wake?.();
      // Wait until the consumer has taken it: at most one batch in memory.
      await new Promise<void>((resolve) => (release = resolve));
      if (stopped) break;
    }
  })
    .catch((error: unknown) => {
      failure = error;
    })
    .finally(() => {
      finished = true;
      wake?.();
    });
  try {
    for (;;) {
      if (batches.length > 0) {
        const next = batches.shift()!;
        const r = release as (() => void) | null;
        release = null;
        yield next;
        r?.();
        continue;
      }
      if (failure) throw failure;
      if (finished) return;
      await new Promise<void>((resolve) => (wake = resolve));
      wake = null;
    }
  } finally {
    stopped = true;
    (release as (() => void) | null)?.();
    await reader;
  }
}
