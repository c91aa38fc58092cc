import type { ErrorCode, Problem } from '@/contracts/errors';

const statusByCode: Record<ErrorCode, { status: number; title: string }> = {
  'request.invalid': { status: 400, title: 'The request is invalid' },
  'request.not_found': { status: 404, title: 'Not found' },
  'request.too_large': { status: 413, title: 'The request body is too large' },
  'request.unsupported_media_type': { status: 415, title: 'Unsupported media type' },
  'auth.required': { status: 401, title: 'Sign-in required' },
  'auth.forbidden': { status: 403, title: 'Not permitted' },
  'auth.invalid_credentials': { status: 401, title: 'E-mail address or password is wrong' },
  'auth.locked': { status: 429, title: 'Too many failed sign-ins: try again later' },
  'auth.totp_invalid': { status: 401, title: 'The code is wrong or expired' },
  'auth.csrf_failed': { status: 403, title: 'The request lacks a valid x-csrf-token header' },
  'auth.enrolment_required': { status: 403, title: 'Set up the second factor first' },
  'auth.password_too_common': { status: 422, title: 'This password is too common' },
  'auth.password_personal': { status: 422, title: 'The password must not be the e-mail address or name' },
  'auth.link_invalid': { status: 400, title: 'The link is invalid, used or expired' },
  'auth.two_factor_required': { status: 409, title: 'A role of this account requires a second factor' },
  'user.not_found': { status: 404, title: 'Account not found' },
  'user.email_taken': { status: 409, title: 'An account with this e-mail address exists' },
  'token.not_found': { status: 404, title: 'API token not found' },
  'grant.not_found': { status: 404, title: 'Grant not found' },
  'unit.not_found': { status: 404, title: 'Unit not found' },
  'member.not_found': { status: 404, title: 'Member not found' },
  'member.version_conflict': { status: 409, title: 'The record was changed by someone else' },
  'member.version_required': { status: 428, title: 'Send If-Match with the version you read' },
  'member.invalid_transition': { status: 409, title: 'This lifecycle step is not possible' },
  'member.residence_ambiguous': { status: 422, title: 'The postcode spans several Gemeinden: choose one' },
  'member.residence_unresolved': { status: 422, title: 'No unit can be derived from the address' },
  'member.residence_exception_required': {
    status: 422,
    title: 'Another unit than the residence needs a recorded reason',
  },
  'member.duplicate_suspected': { status: 409, title: 'Possible duplicate: confirm to save anyway' },
  'member.merge_invalid': { status: 409, title: 'These records cannot be merged' },
  'member.merge_not_reversible': { status: 409, title: 'This merge can no longer be undone' },
  'member.function_not_found': { status: 404, title: 'Function or mandate not found' },
  'catalogue.unknown_code': { status: 422, title: 'Unknown catalogue entry' },
  'saved_list.not_found': { status: 404, title: 'Saved list not found' },
  'database.unavailable': { status: 503, title: 'The database is not reachable' },
  'import.not_found': { status: 404, title: 'Import not found' },
  'import.file_invalid': { status: 422, title: 'The import file cannot be used' },
  'export.not_found': { status: 404, title: 'Export not found' },
  'export.expired': { status: 410, title: 'The download link has expired' },
  'export.purpose_unknown': { status: 422, title: 'The purpose is not on the list of export purposes' },
  'delegates.invalid': { status: 422, title: 'The delegate allocation cannot be computed' },
  'delegates.not_found': { status: 404, title: 'Delegate allocation not found' },
  internal: { status: 500, title: 'Internal error' },
};

export interface FieldError {
  path: string;
  message: string;
}

/** An expected failure with a stable code; anything else that is thrown becomes `internal`. */
export class AppError extends Error {
  readonly code: ErrorCode;
  readonly details: Record<string, unknown> | undefined;
  readonly fieldErrors: FieldError[] | undefined;

  constructor(
    code: ErrorCode,
    options: { detail?: string; details?: Record<string, unknown>; errors?: FieldError[] } = {},
  ) {
    super(options.detail ?? statusByCode[code].title);
    this.name = 'AppError';
    this.code = code;
    this.details = options.details;
    this.fieldErrors = options.errors;
  }

  get status(): number {
    return statusByCode[this.code].status;
  }
}

export function statusOf(code: ErrorCode): number {
  return statusByCode[code].status;
}

export function toProblem(
  code: ErrorCode,
  extra: { detail?: string; instance?: string; requestId?: string; errors?: FieldError[] } & Record<
    string,
    unknown
  > = {},
): Problem & Record<string, unknown> {
  const { status, title } = statusByCode[code];
  return {
    type: `https://servicestelle.dev/problems/${code.replace(/\./g, '/')}`,
    title,
    status,
    code,
    ...extra,
  };
}
