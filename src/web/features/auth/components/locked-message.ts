import { ApiError } from '@/web/lib/api-client';

/** The moment from which a locked account (429 auth.locked) may try again, when the server said it. */
export function retryAfterOf(error: unknown): Date | undefined {
  if (!(error instanceof ApiError) || error.code !== 'auth.locked') return undefined;
  const value = (error.problem as { retryAfter?: unknown } | undefined)?.retryAfter;
  if (typeof value !== 'string') return undefined;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? undefined : date;
}
