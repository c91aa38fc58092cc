import { errorCodes, type ErrorCode, type Problem } from '@/contracts/errors';

/** `network`: no answer at all; `unknown`: an answer that is not one of our problem documents. */
export type ApiErrorCode = ErrorCode | 'network' | 'unknown';

/** Every failed API call ends up as one of these, so the UI can translate it by its code. */
export class ApiError extends Error {
  readonly code: ApiErrorCode;
  readonly status: number;
  readonly problem: Problem | undefined;

  constructor(code: ApiErrorCode, status: number, problem?: Problem) {
    super(problem?.detail ?? problem?.title ?? `API error ${code} (${status})`);
    this.name = 'ApiError';
    this.code = code;
    this.status = status;
    this.problem = problem;
  }

  get requestId(): string | undefined {
    return this.problem?.requestId;
  }
}

const knownCodes: ReadonlySet<string> = new Set(errorCodes);

function isProblem(body: unknown): body is Problem {
  return (
    typeof body === 'object' &&
    body !== null &&
    typeof (body as { code?: unknown }).code === 'string' &&
    knownCodes.has((body as { code: string }).code)
  );
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * The session's CSRF token: the server sets it in the readable cookie ss_csrf and expects it
 * back in the x-csrf-token header of every unsafe request (double submit).
 */
function csrfToken(): string | undefined {
  if (typeof document === 'undefined') return undefined;
  const match = /(?:^|;\s*)ss_csrf=([^;]*)/.exec(document.cookie);
  return match ? decodeURIComponent(match[1]!) : undefined;
}

export interface RequestOptions {
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  body?: unknown;
  signal?: AbortSignal;
  /** Extra request headers, e.g. If-Match for optimistic locking. */
  headers?: Record<string, string>;
  /** A file sent as the body itself (an import upload) instead of JSON. */
  file?: Blob;
}

/** Calls the API on the same origin and returns the JSON body, or throws an ApiError. */
export async function apiRequest<T>(path: string, options: RequestOptions = {}): Promise<T> {
  const headers: Record<string, string> = {
    accept: 'application/json, application/problem+json',
    ...options.headers,
  };
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  // Browsers guess a CSV's type differently (text/csv, application/vnd.ms-excel, none): the server
  // tells CSV from XLSX by the bytes, so the type says only "a file".
  if (options.file) headers['content-type'] = 'application/octet-stream';
  const method = options.method ?? 'GET';
  const csrf = SAFE_METHODS.has(method) ? undefined : csrfToken();
  if (csrf) headers['x-csrf-token'] = csrf;
  let response: Response;
  try {
    response = await fetch(path, {
      method,
      headers,
      credentials: 'same-origin',
      ...(options.body !== undefined ? { body: JSON.stringify(options.body) } : {}),
      ...(options.file ? { body: options.file } : {}),
      ...(options.signal ? { signal: options.signal } : {}),
    });
  } catch (error) {
    if (options.signal?.aborted) throw error;
    throw new ApiError('network', 0);
  }
  const text = await response.text();
  let body: unknown = undefined;
  if (text) {
    try {
      body = JSON.parse(text);
    } catch {
      body = undefined;
    }
  }
  if (response.ok) return body as T;
  if (isProblem(body)) throw new ApiError(body.code, response.status, body);
  // A gateway in front of the server (or the dev proxy) answers this way when the server is down.
  if (response.status === 502 || response.status === 503 || response.status === 504) {
    throw new ApiError('network', response.status);
  }
  throw new ApiError('unknown', response.status);
}

export const apiGet = <T>(path: string, signal?: AbortSignal) =>
  apiRequest<T>(path, signal ? { signal } : {});

export const apiPost = <T>(path: string, body: unknown) => apiRequest<T>(path, { method: 'POST', body });
