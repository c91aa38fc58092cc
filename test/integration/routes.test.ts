import type { FastifyInstance, RouteOptions } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { permissions } from '@/contracts/permissions';
import { buildApp } from '@/server/app';
import { createLogger } from '@/server/platform/logger';
import { createTestDatabase, type TestDatabase } from '../support/database';

interface ListedRoute {
  methods: string[];
  url: string;
  access: unknown;
}

const knownAccess = new Set<unknown>([...permissions, 'public', 'authenticated']);

/** The swagger UI serves its own pages and assets; they hold no data and carry no access rule. */
const isApiReferenceAsset = (url: string) => url === '/api/docs' || url.startsWith('/api/docs/');
const isApi = (url: string) => url === '/api' || url.startsWith('/api/');

/** One line per route that breaks the rule "every /api route declares who may call it". */
function accessProblems(routes: ListedRoute[]): string[] {
  const problems: string[] = [];
  for (const route of routes) {
    const name = `${route.methods.join(',')} ${route.url}`;
    if (route.access === undefined) {
      if (isApi(route.url) && !isApiReferenceAsset(route.url)) problems.push(`${name} declares no access`);
    } else if (!knownAccess.has(route.access)) {
      problems.push(`${name} declares unknown access ${JSON.stringify(route.access)}`);
    }
  }
  return problems;
}

async function appListingRoutes(testDb: TestDatabase) {
  const routes: ListedRoute[] = [];
  const app = await buildApp({
    config: { bodyLimitBytes: 64 * 1024, baseUrl: 'http://127.0.0.1' },
    database: testDb.database,
    logger: createLogger('silent', false),
    webRoot: '/nonexistent',
    onRoute: (route: RouteOptions) => {
      routes.push({
        methods: [route.method].flat(),
        url: route.url,
        access: (route.config as { access?: unknown } | undefined)?.access,
      });
    },
  });
  return { app, routes };
}

describe('route access declarations', () => {
  let testDb: TestDatabase;
  let app: FastifyInstance;
  let routes: ListedRoute[];

  beforeAll(async () => {
    testDb = await createTestDatabase('pglite');
    ({ app, routes } = await appListingRoutes(testDb));
    await app.ready();
  });
  afterAll(async () => {
    await app?.close();
    await testDb?.drop();
  });

  it('sees the routes of the app, API and API reference alike', () => {
    const urls = routes.map((r) => r.url);
    expect(urls).toContain('/api/v1/openapi.json');
    expect(urls).toContain('/healthz');
    expect(urls.some(isApiReferenceAsset)).toBe(true);
    expect(routes.filter((r) => isApi(r.url) && !isApiReferenceAsset(r.url)).length).toBeGreaterThan(1);
  });

  it('finds that every /api route declares a known permission, public or authenticated', () => {
    expect(accessProblems(routes)).toEqual([]);
  });

  it('would catch a route without an access rule and one with a misspelt permission', async () => {
    const extra = await appListingRoutes(testDb);
    extra.app.get('/api/v1/forgotten', async () => ({}));
    extra.app.get('/api/v1/misspelt', { config: { access: 'member:reed' as never } }, async () => ({}));
    extra.app.get('/not-api', async () => ({}));
    await extra.app.ready();
    await extra.app.close();
    // Fastify adds a HEAD route for each GET route, with the same config.
    expect(accessProblems(extra.routes).sort()).toEqual([
      'GET /api/v1/forgotten declares no access',
      'GET /api/v1/misspelt declares unknown access "member:reed"',
      'HEAD /api/v1/forgotten declares no access',
      'HEAD /api/v1/misspelt declares unknown access "member:reed"',
    ]);
  });
});
