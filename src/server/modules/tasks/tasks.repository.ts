import type { ScopedTx } from '@/server/db/scoped';

export interface NotificationRow {
  id: number;
  unit_id: number;
  kind: string;
  member_id: number | null;
  params: Record<string, unknown> | string;
  created_at: string;
  done_at: string | null;
}

export async function insertNotification(
  tx: ScopedTx,
  row: { unitId: number; kind: string; memberId: number | null; params: Record<string, unknown> },
): Promise<void> {
  // No RETURNING: the notifying side usually may not read the other unit's notifications.
  await tx.query(
    `INSERT INTO notifications (unit_id, kind, member_id, params) VALUES ($1, $2, $3, $4::jsonb)`,
    [row.unitId, row.kind, row.memberId, JSON.stringify(row.params)],
  );
}

export async function findNotifications(
  tx: ScopedTx,
  unitIds: number[],
  includeDone: boolean,
  limit: number,
): Promise<NotificationRow[]> {
  return tx.query<NotificationRow>(
    `SELECT id::int AS id, unit_id, kind, member_id::int AS member_id, params,
            to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS created_at, done_at::text AS done_at
       FROM notifications WHERE unit_id = ANY($1::int[]) AND ($2 OR done_at IS NULL)
      ORDER BY created_at DESC, id DESC LIMIT $3`,
    [`{${unitIds.join(',')}}`, includeDone, limit],
  );
}

export async function markDone(
  tx: ScopedTx,
  id: number,
  userId: number,
  unitIds: readonly number[],
): Promise<boolean> {
  const rows = await tx.query(
    `UPDATE notifications SET done_at = now(), done_by_user_id = $2
      WHERE id = $1 AND done_at IS NULL AND unit_id = ANY($3::int[]) RETURNING id`,
    [id, userId, `{${unitIds.join(',')}}`],
  );
  return rows.length > 0;
}
