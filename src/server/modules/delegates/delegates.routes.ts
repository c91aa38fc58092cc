import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { allocationIdParamsSchema, allocationRequestSchema, allocationSchema } from '@/contracts/delegates';
import { problemSchema } from '@/contracts/errors';
import '@/server/platform/context';
import * as service from '@/server/modules/delegates/delegates.service';

export const delegatesRoutes: FastifyPluginAsyncZod = async (app) => {
  app.post(
    '/delegates/allocations',
    {
      config: { access: 'member:read' },
      schema: {
        tags: ['Delegates'],
        summary: 'Allocate delegates to the units of a level by their members on a cut-off date',
        body: allocationRequestSchema,
        response: { 201: allocationSchema, 403: problemSchema, 404: problemSchema, 422: problemSchema },
      },
    },
    async (request, reply) =>
      reply
        .status(201)
        .send(await service.allocateDelegates(request.ctx.database, request.ctx.actor, request.body)),
  );

  app.get(
    '/delegates/allocations',
    {
      config: { access: 'member:read' },
      schema: {
        tags: ['Delegates'],
        summary: 'Stored allocations, newest first',
        response: { 200: z.object({ items: z.array(allocationSchema) }) },
      },
    },
    async (request) => ({ items: await service.listAllocations(request.ctx.database, request.ctx.actor) }),
  );

  app.get(
    '/delegates/allocations/:id',
    {
      config: { access: 'member:read' },
      schema: {
        tags: ['Delegates'],
        summary: 'One stored allocation with its count snapshot and seed',
        params: allocationIdParamsSchema,
        response: { 200: allocationSchema, 404: problemSchema },
      },
    },
    async (request) => service.getAllocation(request.ctx.database, request.params.id, request.ctx.actor),
  );

  app.get(
    '/delegates/allocations/:id/table.csv',
    {
      config: { access: 'member:read' },
      schema: {
        tags: ['Delegates'],
        summary: 'The allocation table as CSV (German Excel)',
        params: allocationIdParamsSchema,
        response: { 404: problemSchema },
      },
    },
    async (request, reply) => {
      const allocation = await service.getAllocation(
        request.ctx.database,
        request.params.id,
        request.ctx.actor,
      );
      return reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="delegierte-${allocation.id}.csv"`)
        .send(service.allocationCsv(allocation) as never);
    },
  );

  app.get(
    '/delegates/allocations/:id/openslides.csv',
    {
      config: { access: 'member:read' },
      schema: {
        tags: ['Delegates'],
        summary:
          'Participant list for the OpenSlides import (one placeholder per seat, structure level = unit)',
        params: allocationIdParamsSchema,
        response: { 404: problemSchema },
      },
    },
    async (request, reply) => {
      const allocation = await service.getAllocation(
        request.ctx.database,
        request.params.id,
        request.ctx.actor,
      );
      return reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="openslides-teilnehmende-${allocation.id}.csv"`)
        .send(service.openSlidesCsv(allocation) as never);
    },
  );
};
