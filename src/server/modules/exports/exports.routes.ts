import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { problemSchema } from '@/contracts/errors';
import {
  exportJobSchema,
  exportPurposeSchema,
  exportRequestSchema,
  startedExportSchema,
} from '@/contracts/exports';
import { jobIdParamsSchema } from '@/contracts/jobs';
import '@/server/platform/context';
import { AppError } from '@/server/platform/errors';
import * as service from '@/server/modules/exports/exports.service';

const CONTENT_TYPES = {
  csv: 'text/csv; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
} as const;

export const exportsRoutes: FastifyPluginAsyncZod<{ env: service.ExportEnvironment }> = async (
  app,
  { env },
) => {
  app.get(
    '/exports/purposes',
    {
      config: { access: 'member:export' },
      schema: {
        tags: ['Export'],
        summary: 'The purposes an export may serve (one is required)',
        response: { 200: z.object({ items: z.array(exportPurposeSchema) }) },
      },
    },
    async () => ({ items: service.exportPurposes() }),
  );

  app.post(
    '/exports',
    {
      config: { access: 'member:export' },
      schema: {
        tags: ['Export'],
        summary: 'Export the members of a unit (with its subtree) as a background job',
        description:
          'Answers at once with the job and a download token that is shown only here. Poll GET /exports/{id}; ' +
          `when it is completed, GET /exports/{id}/download?token=… (valid ${service.DOWNLOAD_HOURS} hours).`,
        body: exportRequestSchema,
        response: { 202: startedExportSchema, 403: problemSchema, 404: problemSchema, 422: problemSchema },
      },
    },
    async (request, reply) => {
      const actor = request.ctx.actor;
      if (!actor) throw new AppError('auth.required');
      const { jobId, token } = await service.startExport(env, actor, request.body);
      return reply
        .status(202)
        .send({ ...(await service.getExport(env, actor, jobId)), downloadToken: token });
    },
  );

  app.get(
    '/exports/:id',
    {
      config: { access: 'member:export' },
      schema: {
        tags: ['Export'],
        summary: 'Progress and result of an export',
        params: jobIdParamsSchema,
        response: { 200: exportJobSchema, 404: problemSchema },
      },
    },
    async (request) => service.getExport(env, request.ctx.actor, request.params.id),
  );

  app.get(
    '/exports/:id/download',
    {
      config: { access: 'member:export' },
      schema: {
        tags: ['Export'],
        summary: 'Download a finished export (the link expires)',
        params: jobIdParamsSchema,
        querystring: z.object({ token: z.string().min(20).max(100) }),
        response: { 404: problemSchema, 410: problemSchema },
      },
    },
    async (request, reply) => {
      const file = await service.openDownload(env, request.ctx.actor, request.params.id, request.query.token);
      return reply
        .type(CONTENT_TYPES[file.format])
        .header('content-disposition', `attachment; filename="${file.fileName}"`)
        .header('cache-control', 'no-store')
        .send(file.stream as never);
    },
  );
};
