import { Transform, type Readable } from 'node:stream';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { problemSchema } from '@/contracts/errors';
import {
  importEncodingSchema,
  importFileSchema,
  importJobSchema,
  saveMappingInputSchema,
  savedMappingSchema,
  startImportInputSchema,
} from '@/contracts/imports';
import { jobIdParamsSchema } from '@/contracts/jobs';
import '@/server/platform/context';
import { AppError } from '@/server/platform/errors';
import * as service from '@/server/modules/imports/imports.service';

/** The largest import file accepted (a million rows of CSV are about 200 MB). */
const MAX_FILE_BYTES = 512 * 1024 * 1024;

const FILE_TYPES = [
  'application/octet-stream',
  'text/csv',
  'text/plain',
  'text/tab-separated-values',
  'application/vnd.ms-excel',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
];

function limited(stream: Readable, max: number): Readable {
  let seen = 0;
  return stream.pipe(
    new Transform({
      transform(chunk: Buffer, _encoding, callback) {
        seen += chunk.length;
        if (seen > max)
          callback(
            new AppError('request.too_large', { detail: `Import files may have at most ${max} bytes.` }),
          );
        else callback(null, chunk);
      },
    }),
  );
}

export const importsRoutes: FastifyPluginAsyncZod<{ env: service.ImportEnvironment }> = async (
  app,
  { env },
) => {
  // The file is the request body itself, streamed to disk (no multipart parsing, no size limit of JSON bodies).
  app.addContentTypeParser(FILE_TYPES, (_request, payload, done) => done(null, payload));

  app.post(
    '/imports/files',
    {
      config: { access: 'member:create' },
      bodyLimit: MAX_FILE_BYTES,
      schema: {
        tags: ['Import'],
        summary: 'Upload a member file (CSV or XLSX) as the request body',
        description:
          'Send the file as the body (Content-Type text/csv or the XLSX type) with its name in X-File-Name. ' +
          'The answer describes it: encoding and delimiter found, columns, the first rows and a suggested mapping.',
        querystring: z.object({
          encoding: importEncodingSchema.optional().describe('Override the detected encoding'),
        }),
        headers: z.object({ 'x-file-name': z.string().max(255).optional() }),
        response: { 200: importFileSchema, 413: problemSchema, 422: problemSchema },
      },
    },
    async (request) => {
      const name = decodeURIComponent(request.headers['x-file-name'] ?? 'upload.csv');
      return service.storeFile(env, { stream: limited(request.body as Readable, MAX_FILE_BYTES) }, name, {
        ...(request.query.encoding ? { encoding: request.query.encoding } : {}),
      });
    },
  );

  app.post(
    '/imports',
    {
      config: { access: 'member:create' },
      schema: {
        tags: ['Import'],
        summary: 'Start an import (or a dry run) of an uploaded file as a background job',
        body: startImportInputSchema,
        response: { 202: importJobSchema, 403: problemSchema, 404: problemSchema, 422: problemSchema },
      },
    },
    async (request, reply) => {
      const { jobId } = await service.startImport(env, request.ctx.actor, request.body);
      return reply.status(202).send(await service.getImport(env, request.ctx.actor, jobId));
    },
  );

  app.get(
    '/imports/:id',
    {
      config: { access: 'member:create' },
      schema: {
        tags: ['Import'],
        summary: 'Progress and, once finished, the summary of an import',
        params: jobIdParamsSchema,
        response: { 200: importJobSchema, 404: problemSchema },
      },
    },
    async (request) => service.getImport(env, request.ctx.actor, request.params.id),
  );

  app.post(
    '/imports/:id/cancel',
    {
      config: { access: 'member:create' },
      schema: {
        tags: ['Import'],
        summary: 'Cancel an import; rows already written stay (each batch is whole)',
        params: jobIdParamsSchema,
        response: { 200: importJobSchema, 404: problemSchema },
      },
    },
    async (request) => service.cancelImport(env, request.ctx.actor, request.params.id),
  );

  app.get(
    '/imports/:id/report.csv',
    {
      config: { access: 'member:create' },
      schema: {
        tags: ['Import'],
        summary: 'The per-row report (line, column, value, message) as CSV for Excel',
        params: jobIdParamsSchema,
        response: { 404: problemSchema },
      },
    },
    async (request, reply) => {
      const report = await service.reportFile(env, request.ctx.actor, request.params.id);
      return reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="${report.fileName}"`)
        .send(service.reportStream(report.path) as never);
    },
  );

  app.get(
    '/imports/mappings',
    {
      config: { access: 'member:create' },
      schema: {
        tags: ['Import'],
        summary: 'Saved column mappings',
        response: { 200: z.object({ items: z.array(savedMappingSchema) }) },
      },
    },
    async () => ({ items: await service.listMappings(env.database) }),
  );

  app.post(
    '/imports/mappings',
    {
      config: { access: 'member:create' },
      schema: {
        tags: ['Import'],
        summary: 'Save a column mapping under a name (replaces one of the same name)',
        body: saveMappingInputSchema,
        response: { 200: savedMappingSchema },
      },
    },
    async (request) =>
      service.saveMapping(env.database, request.ctx.actor, request.body.name, request.body.mapping),
  );
};
