import type { z } from 'zod';
import type { savedListInputSchema, savedListSchema } from '@/contracts/members';
import { withScope } from '@/server/db/scoped';
import type { ServiceContext } from '@/server/platform/context';
import { AppError } from '@/server/platform/errors';
import { unitIdsWith, type Actor } from '@/server/platform/scope';
import * as orgUnits from '@/server/modules/org-units/org-units.service';
import * as repo from '@/server/modules/members/members.repository';

type SavedList = z.infer<typeof savedListSchema>;
type SavedListInput = z.infer<typeof savedListInputSchema>;

function requireActor(ctx: ServiceContext): Actor {
  if (!ctx.actor) throw new AppError('auth.required');
  return ctx.actor;
}

/** Saved member lists: a name and a query (not the members: running it again gives today's list). */
export async function listSavedLists(ctx: ServiceContext): Promise<SavedList[]> {
  const actor = requireActor(ctx);
  const directory = await orgUnits.unitDirectory(ctx.database);
  const rows = await withScope(ctx.database, actor, (tx) =>
    repo.findSavedLists(tx, actor.userId, unitIdsWith(actor, 'member:read')),
  );
  return rows.map((r) => toSavedList(r, actor, directory));
}

function toSavedList(r: repo.SavedListRow, actor: Actor, directory: orgUnits.UnitDirectory): SavedList {
  return {
    id: r.id,
    name: r.name,
    query: r.query as SavedList['query'],
    sharedWithUnitCode:
      r.shared_unit_id === null ? null : (directory.byId.get(r.shared_unit_id)?.code ?? null),
    ownedByMe: r.owner_user_id === actor.userId,
    createdAt: r.created_at,
  };
}

/** Saves (or replaces, by name) a list for oneself or shares it with a unit one may read. */
export async function saveList(ctx: ServiceContext, input: SavedListInput): Promise<SavedList> {
  const actor = requireActor(ctx);
  let sharedUnitId: number | null = null;
  let directory = await orgUnits.unitDirectory(ctx.database);
  if (input.sharedWithUnitCode) {
    const found = await orgUnits.unitByCode(ctx.database, input.sharedWithUnitCode);
    directory = found.directory;
    if (!unitIdsWith(actor, 'member:read').includes(found.unit.id)) {
      throw new AppError('auth.forbidden', { detail: `You may not share lists with ${found.unit.name}.` });
    }
    sharedUnitId = found.unit.id;
  }
  const row = await withScope(ctx.database, actor, (tx) =>
    repo.insertSavedList(tx, {
      ownerUserId: actor.userId,
      name: input.name,
      query: input.query,
      sharedUnitId,
    }),
  );
  return toSavedList(row, actor, directory);
}

export async function deleteSavedList(ctx: ServiceContext, id: number): Promise<void> {
  const actor = requireActor(ctx);
  const deleted = await withScope(ctx.database, actor, (tx) => repo.deleteSavedList(tx, id, actor.userId));
  if (!deleted) throw new AppError('saved_list.not_found', { detail: `You have no saved list ${id}.` });
}
