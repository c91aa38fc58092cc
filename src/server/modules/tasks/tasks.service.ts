import type { Notification, Task, TaskOverview } from '@/contracts/tasks';
import { withScope, type ScopedTx } from '@/server/db/scoped';
import type { ServiceContext } from '@/server/platform/context';
import { AppError } from '@/server/platform/errors';
import { unitIdsWith } from '@/server/platform/scope';
import * as orgUnits from '@/server/modules/org-units/org-units.service';
import * as repo from '@/server/modules/tasks/tasks.repository';

/**
 * A module that has running deadlines hands a source of tasks to this one (wired in app.ts, so
 * that this module needs to know none of them).
 */
export type TaskSource = (ctx: ServiceContext) => Promise<Task[]>;

/** Records a notification for a unit inside the caller's transaction (it commits with the change). */
export async function notify(
  tx: ScopedTx,
  notification: { unitId: number; kind: string; memberId: number | null; params: Record<string, unknown> },
): Promise<void> {
  await repo.insertNotification(tx, notification);
}

export async function listNotifications(
  ctx: ServiceContext,
  options: { includeDone: boolean; limit: number },
): Promise<Notification[]> {
  if (!ctx.actor) throw new AppError('auth.required');
  const unitIds = unitIdsWith(ctx.actor, 'member:read');
  if (unitIds.length === 0) return [];
  const directory = await orgUnits.unitDirectory(ctx.database);
  const rows = await withScope(ctx.database, ctx.actor, (tx) =>
    repo.findNotifications(tx, unitIds, options.includeDone, options.limit),
  );
  return rows.map((r) => ({
    id: r.id,
    unitCode: directory.byId.get(r.unit_id)?.code ?? 'UNKNOWN',
    kind: r.kind,
    memberId: r.member_id,
    params: typeof r.params === 'string' ? (JSON.parse(r.params) as Record<string, unknown>) : r.params,
    createdAt: r.created_at,
    done: r.done_at !== null,
  }));
}

export async function markNotificationDone(ctx: ServiceContext, id: number): Promise<void> {
  if (!ctx.actor) throw new AppError('auth.required');
  const actor = ctx.actor;
  // The service checks the unit itself; row-level security is the second, independent layer.
  const unitIds = unitIdsWith(actor, 'member:read');
  const done =
    unitIds.length > 0 &&
    (await withScope(ctx.database, actor, (tx) => repo.markDone(tx, id, actor.userId, unitIds)));
  if (!done)
    throw new AppError('request.not_found', { detail: `There is no open notification ${id} for you.` });
}

/** Tasks from every source and the open notifications, for the caller's units. */
export async function overview(ctx: ServiceContext, sources: readonly TaskSource[]): Promise<TaskOverview> {
  const tasks: Task[] = [];
  for (const source of sources) tasks.push(...(await source(ctx)));
  const notifications = await listNotifications(ctx, { includeDone: false, limit: 100 });
  return { tasks, notifications };
}
