import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { problemSchema } from '@/contracts/errors';
import { unitCodeSchema, unitListQuerySchema, unitListSchema, unitSchema } from '@/contracts/units';
import '@/server/platform/context';
import * as service from '@/server/modules/org-units/org-units.service';

export const orgUnitsRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/units',
    {
      // The party's structure is public (it is on every party website); member data is not.
      config: { access: 'public' },
      schema: {
        tags: ['Units'],
        summary: 'List organisational units',
        querystring: unitListQuerySchema,
        response: { 200: unitListSchema },
      },
    },
    async (request) => service.listUnits(request.ctx, request.query),
  );

  app.get(
    '/units/:code',
    {
      config: { access: 'public' },
      schema: {
        tags: ['Units'],
        summary: 'One organisational unit by its code',
        params: z.object({ code: unitCodeSchema }),
        response: { 200: unitSchema, 404: problemSchema },
      },
    },
    async (request) => service.getUnit(request.ctx, request.params.code),
  );
};
