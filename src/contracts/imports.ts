import { z } from 'zod';
import { jobSchema } from '@/contracts/jobs';
import { unitCodeSchema } from '@/contracts/units';

/** The fields of a member that an import column can fill. */
export const importFields = [
  'externalId',
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
  'phoneAreaCode',
  'phone',
  'mobile',
  'entryDate',
  'status',
  'unitCode',
  'iban',
  'bic',
  'accountHolder',
  'notes',
] as const;
export const importFieldSchema = z
  .enum(importFields)
  .describe(
    'externalId = the number in the old system (kept in the notes), phoneAreaCode = a separate Vorwahl column ' +
      'joined with phone, street may hold the house number too ("Am Teich 1"), unitCode = Gliederung by code',
  );
export type ImportField = z.infer<typeof importFieldSchema>;

export const importEncodings = ['utf-8', 'windows-1252', 'iso-8859-1'] as const;
export const importEncodingSchema = z.enum(importEncodings);
export type ImportEncoding = z.infer<typeof importEncodingSchema>;

export const csvDelimiters = [';', ',', '\t'] as const;
export const csvDelimiterSchema = z.enum(csvDelimiters);
export type CsvDelimiter = z.infer<typeof csvDelimiterSchema>;

/**
 * Which column fills which field. Columns are named by their header text; a column that is not
 * listed (or maps to null) is ignored. `defaults` fill fields that no column provides.
 * This is also the format of the CLI's --mapping file.
 */
export const importMappingSchema = z
  .object({
    columns: z.record(z.string(), importFieldSchema.nullable()),
    defaults: z
      .object({
        status: z.enum(['member', 'applicant']).optional(),
        country: z
          .string()
          .regex(/^[A-Z]{2}$/)
          .optional(),
        unitCode: unitCodeSchema.optional(),
      })
      .optional(),
  })
  .meta({ id: 'ImportMapping' });
export type ImportMapping = z.infer<typeof importMappingSchema>;

export const importFileSchema = z
  .object({
    fileId: z
      .string()
      .regex(/^[0-9a-f]{64}$/)
      .describe('SHA-256 of the file; the key of everything below'),
    name: z.string(),
    size: z.number().int(),
    format: z.enum(['csv', 'xlsx']),
    encoding: importEncodingSchema.nullable().describe('Detected (CSV only)'),
    delimiter: csvDelimiterSchema.nullable().describe('Detected (CSV only)'),
    headers: z.array(z.string()),
    sample: z.array(z.array(z.string())).describe('The first rows after the header, as read'),
    knownFormat: z
      .string()
      .nullable()
      .describe(
        'Export format recognised from the headers (civicrm, hitobito, admidio, jverein, kuerschner)',
      ),
    suggestedMapping: importMappingSchema,
  })
  .meta({ id: 'ImportFile' });
export type ImportFile = z.infer<typeof importFileSchema>;

export const startImportInputSchema = z
  .object({
    fileId: z.string().regex(/^[0-9a-f]{64}$/),
    mapping: importMappingSchema,
    unitCode: unitCodeSchema
      .optional()
      .describe('Put every row into this unit; otherwise the row’s unitCode column, else the residence'),
    encoding: importEncodingSchema.optional().describe('Override the detected encoding'),
    dryRun: z.boolean().default(false).describe('Validate and report only; nothing is written'),
  })
  .meta({ id: 'StartImportInput' });
export type StartImportInput = z.infer<typeof startImportInputSchema>;

export const importSummarySchema = z
  .object({
    fileId: z.string(),
    dryRun: z.boolean(),
    rows: z.number().int().describe('Data rows in the file'),
    imported: z.number().int().describe('Dry run: rows that would be imported'),
    rejected: z.number().int(),
    duplicates: z.number().int().describe('Matched an existing member or an earlier row of the file'),
    issues: z.number().int().describe('Lines in the report'),
    preview: z
      .array(
        z.object({
          line: z.number().int(),
          outcome: z.enum(['imported', 'rejected', 'duplicate']),
          values: z.record(z.string(), z.string().nullable()),
        }),
      )
      .describe('The first rows as they would be stored (dry run) or were stored'),
  })
  .meta({ id: 'ImportSummary' });
export type ImportSummary = z.infer<typeof importSummarySchema>;

export const importJobSchema = jobSchema
  .extend({ summary: importSummarySchema.nullable() })
  .meta({ id: 'ImportJob' });

export const importIssueSchema = z.object({
  line: z.number().int(),
  column: z.string().nullable(),
  value: z.string().nullable(),
  message: z.string().describe('In plain German, for the person who fixes the file'),
});
export type ImportIssue = z.infer<typeof importIssueSchema>;

export const savedMappingSchema = z
  .object({
    id: z.number().int(),
    name: z.string(),
    mapping: importMappingSchema,
    createdAt: z.iso.datetime({ offset: true }),
  })
  .meta({ id: 'SavedImportMapping' });
export const saveMappingInputSchema = z
  .object({ name: z.string().trim().min(1).max(100), mapping: importMappingSchema })
  .meta({ id: 'SaveImportMappingInput' });
