import { z } from 'zod';

export const jobStatuses = ['queued', 'running', 'completed', 'failed', 'cancelled'] as const;
export const jobStatusSchema = z
  .enum(jobStatuses)
  .describe('queued → running → completed | failed | cancelled; a crashed run goes back to queued');
export type JobStatusName = z.infer<typeof jobStatusSchema>;

/** What the UI shows about one background job (import, export, later dues runs and OCR). */
export const jobSchema = z
  .object({
    id: z.uuid(),
    name: z.string().describe('The kind of job, e.g. members.import'),
    status: jobStatusSchema,
    progress: z.object({
      done: z.number().int(),
      total: z.number().int().nullable().describe('null while the total is not known yet'),
      message: z.string().nullable(),
    }),
    result: z
      .unknown()
      .nullable()
      .describe('What the job returned once completed (its shape depends on the job)'),
    error: z
      .object({ code: z.string().nullable(), message: z.string() })
      .nullable()
      .describe('Why the job failed'),
    attempts: z.number().int().describe('How often a worker started it (more than 1 after a crash)'),
    cancelRequested: z.boolean(),
    createdBy: z
      .number()
      .int()
      .nullable()
      .describe('The account that started it; null for the operator (CLI)'),
    createdAt: z.iso.datetime({ offset: true }),
    startedAt: z.iso.datetime({ offset: true }).nullable(),
    finishedAt: z.iso.datetime({ offset: true }).nullable(),
  })
  .meta({ id: 'Job' });
export type Job = z.infer<typeof jobSchema>;

export const jobIdParamsSchema = z.object({ id: z.uuid() });
