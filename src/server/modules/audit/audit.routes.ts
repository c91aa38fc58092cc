import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  accessReportSchema,
  auditPageSchema,
  auditQuerySchema,
  auditVerifyResultSchema,
} from '@/contracts/audit';
import { problemSchema } from '@/contracts/errors';
import '@/server/platform/context';
import * as service from '@/server/modules/audit/audit.service';
import { renderAccessReportPdf } from '@/server/modules/audit/access-report-pdf';

const problems = { 401: problemSchema, 403: problemSchema, 404: problemSchema };

/** The audit trail: browse, verify, checkpoints, access reports. */
export const auditRoutes: FastifyPluginAsyncZod<{ settings: service.AuditSettings }> = async (
  app,
  { settings },
) => {
  app.get(
    '/audit',
    {
      config: { access: 'audit:read' },
      schema: {
        tags: ['Audit'],
        summary: 'Audit entries of my units, newest first, with filters',
        querystring: auditQuerySchema,
        response: { 200: auditPageSchema, ...problems },
      },
    },
    async (request) => service.listEntries(request.ctx, request.query),
  );

  app.get(
    '/audit/verify',
    {
      config: { access: 'audit:read' },
      schema: {
        tags: ['Audit'],
        summary: 'Verify the hash chain and the signed checkpoints of the whole trail',
        response: { 200: auditVerifyResultSchema, ...problems },
      },
    },
    async (request) => service.verifyAuditTrail(request.ctx.database, settings.signingKey),
  );

  app.post(
    '/audit/checkpoints',
    {
      config: { access: 'audit:read' },
      schema: {
        tags: ['Audit'],
        summary: 'Write a signed checkpoint of the current head now',
        response: {
          200: z.object({ entryCount: z.number().int(), headHash: z.string() }),
          ...problems,
        },
      },
    },
    async (request) => {
      const result = await service.writeCheckpoint(request.ctx.database, settings, { force: true });
      return result!;
    },
  );

  app.get(
    '/members/:id/access-report',
    {
      config: { access: 'audit:read' },
      schema: {
        tags: ['Audit'],
        summary: 'Access report for one member (GDPR Art. 15): who read, changed or exported their data',
        description: '`?format=pdf` returns the report as a letter to the member (application/pdf).',
        params: z.object({ id: z.coerce.number().int().positive() }),
        querystring: z.object({
          format: z.enum(['json', 'pdf']).default('json'),
          purpose: z.string().trim().max(200).optional().describe('Recorded in the audit trail'),
        }),
        response: { 200: accessReportSchema.or(z.any()), ...problems },
      },
    },
    async (request, reply) => {
      const report = await service.accessReport(request.ctx, request.params.id, request.query.purpose);
      if (request.query.format !== 'pdf') return report;
      const pdf = await renderAccessReportPdf(report);
      return reply
        .type('application/pdf')
        .header(
          'content-disposition',
          `attachment; filename="auskunft-${report.member.memberNumber ?? report.member.id}.pdf"`,
        )
        .header('cache-control', 'no-store')
        .send(pdf);
    },
  );
};
