import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { migrationStatus } from '@/server/db/migrate';
import '@/server/platform/context';

const readySchema = z
  .object({
    status: z.enum(['ready', 'not_ready']),
    database: z.enum(['pglite', 'postgres']),
    migrations: z.object({ applied: z.number().int(), expected: z.number().int() }),
    reason: z.string().optional(),
  })
  .meta({ id: 'Readiness' });

/** Liveness and readiness for load balancers and orchestrators. */
export const systemRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/healthz',
    {
      config: { access: 'public' },
      logLevel: 'warn',
      schema: {
        tags: ['System'],
        summary: 'Liveness: the process is up',
        response: { 200: z.object({ status: z.literal('ok') }) },
      },
    },
    async () => ({ status: 'ok' as const }),
  );

  app.get(
    '/readyz',
    {
      config: { access: 'public' },
      logLevel: 'warn',
      schema: {
        tags: ['System'],
        summary: 'Readiness: the database answers and every migration is applied',
        response: { 200: readySchema, 503: readySchema },
      },
    },
    async (request, reply) => {
      const { database } = request.ctx;
      let migrations: Awaited<ReturnType<typeof migrationStatus>>;
      try {
        migrations = await migrationStatus(database);
      } catch (error) {
        request.log.warn({ err: error }, 'readiness check failed');
        return reply.status(503).send({
          status: 'not_ready',
          database: database.kind,
          migrations: { applied: 0, expected: 0 },
          reason: 'database not reachable',
        });
      }
      const ready = migrations.applied >= migrations.expected;
      return reply.status(ready ? 200 : 503).send({
        status: ready ? 'ready' : 'not_ready',
        database: database.kind,
        migrations,
        ...(ready ? {} : { reason: `${migrations.expected - migrations.applied} migration(s) not applied` }),
      });
    },
  );
};
