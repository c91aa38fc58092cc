import { z } from 'zod';
import { jobSchema } from '@/contracts/jobs';
import { isoDateSchema, memberStatusSchema } from '@/contracts/members';
import { unitCodeSchema } from '@/contracts/units';

/** Columns a member export can hold, in this order when chosen. */
export const exportColumns = [
  'memberNumber',
  'salutation',
  'title',
  'firstName',
  'lastName',
  'nameAffix',
  'birthdate',
  'gender',
  'street',
  'houseNumber',
  'addressExtra',
  'postcode',
  'city',
  'country',
  'email',
  'phone',
  'entryDate',
  'status',
  'unitCode',
  'unitName',
] as const;
export const exportColumnSchema = z.enum(exportColumns);
export type ExportColumn = z.infer<typeof exportColumnSchema>;

export const defaultExportColumns: ExportColumn[] = [
  'memberNumber',
  'salutation',
  'title',
  'firstName',
  'lastName',
  'street',
  'houseNumber',
  'postcode',
  'city',
  'email',
  'phone',
  'status',
  'unitCode',
];

export const exportFormatSchema = z
  .enum(['csv', 'xlsx'])
  .describe('csv: UTF-8 with BOM and semicolons (German Excel)');

export const exportPurposeSchema = z
  .object({ code: z.string(), label: z.string().describe('German'), labelEn: z.string() })
  .meta({ id: 'ExportPurpose' });
export type ExportPurpose = z.infer<typeof exportPurposeSchema>;

const csvList = <T extends z.ZodType>(item: T) =>
  z.preprocess(
    (v) =>
      typeof v === 'string'
        ? v
            .split(',')
            .map((s) => s.trim())
            .filter(Boolean)
        : v,
    z.array(item).min(1),
  );

export const exportRequestSchema = z
  .object({
    unit: unitCodeSchema.describe('The unit whose subtree is exported'),
    purpose: z
      .string()
      .min(1)
      .max(60)
      .describe('A code from GET /exports/purposes; recorded in the audit trail'),
    format: exportFormatSchema.default('csv'),
    asOf: isoDateSchema.optional().describe('Members (status and unit) as they were on this date'),
    status: csvList(memberStatusSchema).optional().describe('Default: member'),
    columns: csvList(exportColumnSchema).optional(),
  })
  .meta({ id: 'ExportRequest' });
export type ExportRequest = z.infer<typeof exportRequestSchema>;

export const exportResultSchema = z
  .object({
    rows: z.number().int(),
    fileName: z.string(),
    format: exportFormatSchema,
    expiresAt: z.iso.datetime({ offset: true }).describe('The download link works until then'),
  })
  .meta({ id: 'ExportResult' });
export type ExportResult = z.infer<typeof exportResultSchema>;

export const exportJobSchema = jobSchema
  .extend({ export: exportResultSchema.nullable() })
  .meta({ id: 'ExportJob' });

export const startedExportSchema = exportJobSchema
  .extend({
    downloadToken: z
      .string()
      .describe(
        'Shown only in this answer (stored hashed): GET /exports/{id}/download?token=… once the job is done',
      ),
  })
  .meta({ id: 'StartedExport' });
