import { afterEach, describe, expect, it, vi } from 'vitest';
import { describeError } from '@/web/components/error-message';
import { createTranslator } from '@/web/components/i18n/translate';
import { ApiError, apiGet, apiPost } from '@/web/lib/api-client';

function answer(status: number, body: string, type = 'application/json') {
  return vi.fn(async () => new Response(body, { status, headers: { 'content-type': type } }));
}

const problem = (code: string, status: number) =>
  JSON.stringify({ type: 'x', title: 't', status, code, requestId: 'req-1' });

async function failure(promise: Promise<unknown>): Promise<ApiError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ApiError);
  return error as ApiError;
}

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('apiRequest', () => {
  it('returns the JSON body of a successful answer', async () => {
    vi.stubGlobal('fetch', answer(200, '{"items":[],"total":0}'));
    expect(await apiGet('/api/v1/units')).toEqual({ items: [], total: 0 });
  });

  it('turns problem+json into an ApiError carrying its code and request id', async () => {
    vi.stubGlobal('fetch', answer(404, problem('unit.not_found', 404), 'application/problem+json'));
    const error = await failure(apiGet('/api/v1/units/XX'));
    expect(error.code).toBe('unit.not_found');
    expect(error.status).toBe(404);
    expect(error.requestId).toBe('req-1');
  });

  it('calls a code it does not know, or a body that is no problem, unknown', async () => {
    vi.stubGlobal('fetch', answer(409, problem('future.code', 409)));
    expect((await failure(apiGet('/x'))).code).toBe('unknown');
    vi.stubGlobal('fetch', answer(500, '<html>oops</html>', 'text/html'));
    expect((await failure(apiGet('/x'))).code).toBe('unknown');
  });

  it('treats no answer, or a gateway that cannot reach the server, as a network problem', async () => {
    vi.stubGlobal(
      'fetch',
      vi.fn(async () => {
        throw new TypeError('Failed to fetch');
      }),
    );
    expect((await failure(apiGet('/x'))).code).toBe('network');
    vi.stubGlobal('fetch', answer(502, 'Bad Gateway', 'text/plain'));
    expect((await failure(apiGet('/x'))).code).toBe('network');
  });

  it('echoes the CSRF cookie on unsafe requests only', async () => {
    vi.stubGlobal('document', { cookie: 'other=1; ss_csrf=abc%20123; x=y' });
    const fetch = answer(200, '{"status":"ok"}');
    vi.stubGlobal('fetch', fetch);
    await apiPost('/api/v1/auth/logout', {});
    await apiGet('/api/v1/me');
    const headersOf = (call: number) =>
      (fetch.mock.calls[call] as unknown as [string, RequestInit])[1].headers;
    expect(headersOf(0)).toMatchObject({ 'x-csrf-token': 'abc 123', 'content-type': 'application/json' });
    expect(headersOf(1)).not.toHaveProperty('x-csrf-token');
  });
});

describe('describeError', () => {
  const t = createTranslator('de');

  it('explains an API error by its code, with the request id to quote', async () => {
    vi.stubGlobal('fetch', answer(401, problem('auth.invalid_credentials', 401)));
    const described = describeError(t, await failure(apiPost('/api/v1/auth/login', {})));
    expect(described.message).toBe(t('errors.auth.invalid_credentials'));
    expect(described.reference).toBe('Fehlernummer für Rückfragen: req-1');
  });

  it('says the server is unreachable for network problems and names the status of unknown ones', () => {
    expect(describeError(t, new ApiError('network', 0)).message).toMatch(/^Der Server ist nicht erreichbar/);
    expect(describeError(t, new ApiError('unknown', 418)).message).toContain('Status 418');
  });
});
