import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '@/server/app';
import { createLogger } from '@/server/platform/logger';
import { createTestDatabase, databaseKinds, type TestDatabase } from '../support/database';

describe.each(databaseKinds)('system endpoints on %s', (kind) => {
  let testDb: TestDatabase;
  let app: FastifyInstance;

  beforeAll(async () => {
    testDb = await createTestDatabase(kind);
    app = await buildApp({
      config: { bodyLimitBytes: 1024 * 64, baseUrl: 'http://127.0.0.1' },
      database: testDb.database,
      logger: createLogger('silent', false),
      webRoot: '/nonexistent',
    });
  });
  afterAll(async () => {
    await app?.close();
    await testDb?.drop();
  });

  it('reports liveness', async () => {
    const res = await app.inject({ url: '/healthz' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ status: 'ok' });
  });

  it('is ready once every migration is applied', async () => {
    const res = await app.inject({ url: '/readyz' });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.status).toBe('ready');
    expect(body.database).toBe(kind);
    expect(body.migrations.applied).toBe(body.migrations.expected);
  });

  it('answers unknown API paths with problem+json 404 and a request id', async () => {
    const res = await app.inject({ url: '/api/v1/does-not-exist' });
    expect(res.statusCode).toBe(404);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.json()).toMatchObject({ code: 'request.not_found', status: 404 });
    expect(res.headers['x-request-id']).toBe(res.json().requestId);
  });

  it('serves an OpenAPI 3.1 document', async () => {
    const res = await app.inject({ url: '/api/v1/openapi.json' });
    expect(res.statusCode).toBe(200);
    const doc = res.json();
    expect(doc.openapi).toBe('3.1.0');
    expect(Object.keys(doc.paths)).toContain('/api/v1/units/{code}');
  });

  it('sets security headers', async () => {
    const res = await app.inject({ url: '/healthz' });
    expect(res.headers['content-security-policy']).toContain("default-src 'self'");
    expect(res.headers['x-content-type-options']).toBe('nosniff');
  });
});
