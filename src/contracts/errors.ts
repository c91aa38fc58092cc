import { z } from 'zod';

/**
 * The closed set of error codes. The server maps each to an HTTP status in one place
 * (server/platform/errors.ts) and the UI translates each by its code (web/i18n).
 * Adding a code here without mapping and translating it fails to compile.
 */
export const errorCodes = [
  'request.invalid',
  'request.not_found',
  'request.too_large',
  'request.unsupported_media_type',
  'auth.required',
  'auth.forbidden',
  'auth.invalid_credentials',
  'auth.locked',
  'auth.totp_invalid',
  'auth.csrf_failed',
  'auth.enrolment_required',
  'auth.password_too_common',
  'auth.password_personal',
  'auth.link_invalid',
  'auth.two_factor_required',
  'user.not_found',
  'user.email_taken',
  'token.not_found',
  'grant.not_found',
  'unit.not_found',
  'member.not_found',
  'member.version_conflict',
  'member.version_required',
  'member.invalid_transition',
  'member.residence_ambiguous',
  'member.residence_unresolved',
  'member.residence_exception_required',
  'member.duplicate_suspected',
  'member.merge_invalid',
  'member.merge_not_reversible',
  'member.function_not_found',
  'catalogue.unknown_code',
  'saved_list.not_found',
  'database.unavailable',
  'import.not_found',
  'import.file_invalid',
  'export.not_found',
  'export.expired',
  'export.purpose_unknown',
  'delegates.invalid',
  'delegates.not_found',
  'internal',
] as const;

export type ErrorCode = (typeof errorCodes)[number];

/** RFC 9457 problem details, as every API error is sent. */
export const problemSchema = z
  .object({
    type: z.string().describe('URI naming the problem type'),
    title: z.string().describe('Short, human-readable summary (English)'),
    status: z.number().int(),
    code: z.enum(errorCodes).describe('Stable machine-readable code; the UI translates by it'),
    detail: z.string().optional(),
    instance: z.string().optional(),
    requestId: z.string().optional(),
    errors: z
      .array(z.object({ path: z.string(), message: z.string() }))
      .optional()
      .describe('Per-field validation messages'),
  })
  .meta({ id: 'Problem' });

export type Problem = z.infer<typeof problemSchema>;
