import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { problemSchema } from '@/contracts/errors';
import { memberStatisticsSchema, statisticsQuerySchema } from '@/contracts/statistics';
import '@/server/platform/context';
import * as service from '@/server/modules/statistics/statistics.service';

export const statisticsRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/statistics/members',
    {
      config: { access: 'member:read' },
      schema: {
        tags: ['Statistics'],
        summary: 'Member statistics of a unit (with subtree) on a day, within your scope',
        description:
          'Counts from the status history (half-open ranges), so a past date shows the members of that day ' +
          'where they were then. Members are the statuses provisional, member and dormant; applicants are ' +
          'counted apart. Only units where you hold member:read are included.',
        querystring: statisticsQuerySchema,
        response: { 200: memberStatisticsSchema, 403: problemSchema, 404: problemSchema },
      },
    },
    async (request) => service.memberStatistics(request.ctx, request.query),
  );
};
