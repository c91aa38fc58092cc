import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '@/server/app';
import { createLogger } from '@/server/platform/logger';
import { createTestDatabase, type TestDatabase } from '../support/database';

const bodyLimitBytes = 4096;

describe('HTTP edges: body limit, malformed input, single-page app fallback', () => {
  let testDb: TestDatabase;
  let app: FastifyInstance;
  let webRoot: string;

  beforeAll(async () => {
    testDb = await createTestDatabase('pglite');
    webRoot = mkdtempSync(path.join(tmpdir(), 'servicestelle-web-'));
    writeFileSync(
      path.join(webRoot, 'index.html'),
      '<!doctype html><title>Servicestelle</title><div id="root">spa-marker</div>',
    );
    mkdirSync(path.join(webRoot, 'assets'));
    writeFileSync(path.join(webRoot, 'assets', 'app-abc123.js'), 'console.log("app");');
    app = await buildApp({
      config: { bodyLimitBytes, baseUrl: 'http://127.0.0.1' },
      database: testDb.database,
      logger: createLogger('silent', false),
      webRoot,
    });
    // A route of the test's own, so that body handling is checked without depending on any module.
    app.post('/api/v1/test-echo', { config: { access: 'public' } }, async (request) => ({
      received: request.body,
    }));
    await app.ready();
  });
  afterAll(async () => {
    await app?.close();
    await testDb?.drop();
    if (webRoot) rmSync(webRoot, { recursive: true, force: true });
  });

  it('accepts a JSON body within the limit', async () => {
    const res = await app.inject({ method: 'POST', url: '/api/v1/test-echo', payload: { name: 'Erika' } });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ received: { name: 'Erika' } });
  });

  it('answers a body over the limit with 413 problem+json', async () => {
    const res = await app.inject({
      method: 'POST',
      url: '/api/v1/test-echo',
      headers: { 'content-type': 'application/json' },
      payload: JSON.stringify({ text: 'x'.repeat(bodyLimitBytes) }),
    });
    expect(res.statusCode).toBe(413);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.json()).toMatchObject({
      status: 413,
      code: 'request.too_large',
      requestId: res.headers['x-request-id'],
    });
  });

  it('answers malformed JSON with 400 problem+json', async () => {
    const res = await app.inject({
      method: 'POST',
      url: '/api/v1/test-echo',
      headers: { 'content-type': 'application/json' },
      payload: '{"name": "Erika",',
    });
    expect(res.statusCode).toBe(400);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.json()).toMatchObject({ status: 400, code: 'request.invalid' });
  });

  it('answers a body of an unsupported type with 415 problem+json', async () => {
    const res = await app.inject({
      method: 'POST',
      url: '/api/v1/test-echo',
      headers: { 'content-type': 'application/x-unknown' },
      payload: 'a=b',
    });
    expect(res.statusCode).toBe(415);
    expect(res.json()).toMatchObject({ code: 'request.unsupported_media_type' });
  });

  it('serves the single-page app for any other GET path, never cached', async () => {
    const res = await app.inject({ url: '/members/12345?tab=history' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('text/html');
    expect(res.headers['cache-control']).toBe('no-cache');
    expect(res.body).toContain('spa-marker');
  });

  it('serves built assets as files, cached for long', async () => {
    const res = await app.inject({ url: '/assets/app-abc123.js' });
    expect(res.statusCode).toBe(200);
    expect(res.body).toBe('console.log("app");');
    expect(res.headers['cache-control']).toContain('immutable');
  });

  it('keeps answering unknown API paths and non-GET requests with problem+json 404', async () => {
    for (const request of [
      { method: 'GET' as const, url: '/api/v1/nothing-here' },
      { method: 'GET' as const, url: '/api' },
      { method: 'POST' as const, url: '/members' },
    ]) {
      const res = await app.inject(request);
      expect(res.statusCode, request.url).toBe(404);
      expect(res.headers['content-type']).toContain('application/problem+json');
      expect(res.body).not.toContain('spa-marker');
    }
  });
});
