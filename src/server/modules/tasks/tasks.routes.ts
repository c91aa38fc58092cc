import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { problemSchema } from '@/contracts/errors';
import { notificationQuerySchema, notificationSchema, taskOverviewSchema } from '@/contracts/tasks';
import '@/server/platform/context';
import * as service from '@/server/modules/tasks/tasks.service';

export interface TasksRoutesOptions {
  /** Where tasks come from (running deadlines of other modules), wired in app.ts. */
  sources: readonly service.TaskSource[];
}

export const tasksRoutes: FastifyPluginAsyncZod<TasksRoutesOptions> = async (app, options) => {
  app.get(
    '/tasks',
    {
      config: { access: 'authenticated' },
      schema: {
        tags: ['Tasks'],
        summary: 'Running deadlines and open notifications in your units',
        description: 'e.g. "3 Aufnahmeanträge warten, einer seit 26 Tagen" and transfers in and out.',
        response: { 200: taskOverviewSchema },
      },
    },
    async (request) => service.overview(request.ctx, options.sources),
  );

  app.get(
    '/notifications',
    {
      config: { access: 'authenticated' },
      schema: {
        tags: ['Tasks'],
        summary: 'Notifications of your units',
        querystring: notificationQuerySchema,
        response: { 200: z.object({ items: z.array(notificationSchema) }) },
      },
    },
    async (request) => ({
      items: await service.listNotifications(request.ctx, {
        includeDone: request.query.includeDone === 'true',
        limit: request.query.limit,
      }),
    }),
  );

  app.post(
    '/notifications/:id/done',
    {
      config: { access: 'member:read' },
      schema: {
        tags: ['Tasks'],
        summary: 'Mark a notification done (for the whole unit)',
        params: z.object({ id: z.coerce.number().int().positive() }),
        response: { 204: z.null(), 404: problemSchema },
      },
    },
    async (request, reply) => {
      await service.markNotificationDone(request.ctx, request.params.id);
      return reply.status(204).send(null);
    },
  );
};
