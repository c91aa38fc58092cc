import { randomUUID } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import fastifyCookie from '@fastify/cookie';
import fastifyHelmet from '@fastify/helmet';
import fastifyStatic from '@fastify/static';
import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import Fastify, { type FastifyInstance, type FastifyServerOptions, type RouteOptions } from 'fastify';
import {
  jsonSchemaTransform,
  jsonSchemaTransformObject,
  serializerCompiler,
  validatorCompiler,
  type ZodTypeProvider,
} from 'fastify-type-provider-zod';
import type { Config } from '@/server/config';
import type { Database } from '@/server/db/database';
import '@/server/platform/context';
import { PROBLEM_JSON, installErrorHandling } from '@/server/platform/http';
import { toProblem } from '@/server/platform/errors';
import type { Logger } from '@/server/platform/logger';
import { projectPath } from '@/server/platform/paths';
import { createJobQueue, type JobQueue } from '@/server/platform/jobs';
import type { Actor } from '@/server/platform/scope';
import { installAccess } from '@/server/modules/access/access.hooks';
import { accessRoutes } from '@/server/modules/access/access.routes';
import { createAccessSettings, loadActorById } from '@/server/modules/access/access.service';
import { auditRoutes } from '@/server/modules/audit/audit.routes';
import { createAuditSettings, startCheckpointTimer } from '@/server/modules/audit/audit.service';
import { importsRoutes } from '@/server/modules/imports/imports.routes';
import {
  IMPORT_JOB,
  registerImportWorker,
  type ImportEnvironment,
} from '@/server/modules/imports/imports.service';
import { exportsRoutes } from '@/server/modules/exports/exports.routes';
import { delegatesRoutes } from '@/server/modules/delegates/delegates.routes';
import { EXPORT_JOB, registerExportWorker } from '@/server/modules/exports/exports.service';
import { membersRoutes } from '@/server/modules/members/members.routes';
import { deadlineTasks } from '@/server/modules/members/members.service';
import { orgUnitsRoutes } from '@/server/modules/org-units/org-units.routes';
import { statisticsRoutes } from '@/server/modules/statistics/statistics.routes';
import { systemRoutes } from '@/server/modules/system/system.routes';
import { tasksRoutes } from '@/server/modules/tasks/tasks.routes';
import { DAILY_JOB, startDailyMaintenance } from '@/server/daily-maintenance';

/**
 * Every job queue the server works on. `servicestelle migrate` creates them as the owner, so that
 * a server logging in as a role that owns nothing finds them (prepareJobQueue): a new worker
 * belongs on this list.
 */
export const JOB_QUEUES = [IMPORT_JOB, EXPORT_JOB, DAILY_JOB] as const;

export const API_PREFIX = '/api/v1';

export interface AppOptions {
  config: Pick<Config, 'bodyLimitBytes' | 'baseUrl'> &
    Partial<
      Pick<
        Config,
        | 'dataDir'
        | 'smtpUrl'
        | 'mailFrom'
        | 'sessionSecret'
        | 'sessionIdleMinutes'
        | 'sessionAbsoluteHours'
        | 'auditSigningKeyFile'
        | 'auditCheckpointMinutes'
        | 'trustProxy'
      >
    >;
  database: Database;
  logger: Logger;
  /** Folder of the built single-page app; defaults to dist/web. Missing folder: API only. */
  webRoot?: string;
  /** Called for every route as it is registered (tests list the routes and their access rules). */
  onRoute?: (route: RouteOptions) => void;
  /** DATA_DIR: uploaded import files and finished exports are kept below it. Default ./data. */
  dataDir?: string;
  /**
   * The background job queue. Default: one built on the database, started when the app is ready
   * and stopped when it closes. A given queue is started and stopped by its owner.
   */
  jobs?: JobQueue;
  /**
   * Run the daily maintenance job (scheduled status steps, today's statistics). The server turns it
   * on; tests leave it off and call runDailyMaintenance themselves.
   */
  dailyMaintenance?: boolean;
  /** The actor of an account by id, for background jobs that run on behalf of the account. */
  resolveActor?: (userId: number) => Promise<Actor | null>;
  /** The time for sessions, throttling and audit checkpoints (tests move it instead of sleeping). */
  clock?: () => Date;
}

/** Assembles the HTTP application from the modules. The one place that wires modules together. */
export async function buildApp(options: AppOptions): Promise<FastifyInstance> {
  return (await assemble(options)) as unknown as FastifyInstance;
}

async function assemble(options: AppOptions) {
  const { database, logger } = options;
  const app = Fastify({
    loggerInstance: logger,
    bodyLimit: options.config.bodyLimitBytes,
    // TRUST_PROXY: behind a reverse proxy, request.ip is the client's (per-IP sign-in throttling).
    trustProxy: (options.config.trustProxy ?? false) as FastifyServerOptions['trustProxy'],
    requestIdHeader: 'x-request-id',
    genReqId: () => randomUUID(),
    return503OnClosing: true,
  }).withTypeProvider<ZodTypeProvider>();
  if (options.onRoute) app.addHook('onRoute', options.onRoute);

  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  installErrorHandling(app);

  const jobs = options.jobs ?? createJobQueue(database, { logger });
  if (!options.jobs) {
    app.addHook('onReady', () => jobs.start());
    app.addHook('onClose', () => jobs.stop());
  }
  const dataDir = path.resolve(options.dataDir ?? (options.config as Partial<Config>).dataDir ?? 'data');
  const importEnv: ImportEnvironment = {
    database,
    jobs,
    dataDir,
    log: logger,
    resolveActor: options.resolveActor ?? ((userId: number) => loadActorById(database, userId)),
  };
  await registerImportWorker(importEnv);
  await registerExportWorker(importEnv);
  if (options.dailyMaintenance) {
    const daily = await startDailyMaintenance(jobs, database, logger);
    app.addHook('onClose', async () => daily.stop());
  }

  app.addHook('onRequest', async (request, reply) => {
    request.ctx = { database, log: request.log, actor: null };
    reply.header('x-request-id', request.id);
  });

  // Sign-in, sessions, tokens and the one place that enforces every route's config.access.
  const accessSettings = createAccessSettings({ ...options.config, logger, clock: options.clock });
  const auditSettings = createAuditSettings({
    signingKeyFile: options.config.auditSigningKeyFile,
    clock: options.clock,
  });
  await app.register(fastifyCookie);
  installAccess(app, accessSettings);
  const checkpoints = startCheckpointTimer(
    database,
    auditSettings,
    options.config.auditCheckpointMinutes ?? 0,
    logger,
  );
  app.addHook('onClose', () => checkpoints.stop());

  await app.register(fastifyHelmet, {
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        // Mantine and the API reference set inline styles.
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:', 'blob:'],
        scriptSrc: ["'self'"],
        connectSrc: ["'self'"],
        upgradeInsecureRequests: null,
      },
    },
    // The session cookie carries SameSite=Lax; cross-origin isolation would break OIDC pop-ups later.
    crossOriginEmbedderPolicy: false,
  });

  await app.register(fastifySwagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Servicestelle API',
        version: '1',
        description:
          'The API of Servicestelle. Every error is sent as application/problem+json with a stable `code`.',
        license: { name: 'AGPL-3.0-or-later', url: 'https://www.gnu.org/licenses/agpl-3.0.html' },
      },
      servers: [{ url: options.config.baseUrl }],
    },
    transform: jsonSchemaTransform,
    transformObject: jsonSchemaTransformObject,
  });
  await app.register(fastifySwaggerUi, {
    routePrefix: '/api/docs',
    uiConfig: { docExpansion: 'list', deepLinking: true },
    staticCSP: true,
  });

  await app.register(systemRoutes);
  await app.register(
    async (api) => {
      api.get('/openapi.json', { config: { access: 'public' }, schema: { hide: true } }, async () =>
        app.swagger(),
      );
      await api.register(orgUnitsRoutes);
      await api.register(membersRoutes);
      await api.register(tasksRoutes, { sources: [deadlineTasks] });
      await api.register(statisticsRoutes);
      await api.register(importsRoutes, { env: importEnv });
      await api.register(exportsRoutes, { env: importEnv });
      await api.register(delegatesRoutes);
      await api.register(accessRoutes, { settings: accessSettings });
      await api.register(auditRoutes, { settings: auditSettings });
    },
    { prefix: API_PREFIX },
  );

  const webRoot = options.webRoot ?? projectPath('dist', 'web');
  const indexHtml = path.join(webRoot, 'index.html');
  const hasWeb = existsSync(indexHtml);
  if (hasWeb) {
    await app.register(fastifyStatic, {
      root: webRoot,
      wildcard: false,
      index: false,
      maxAge: '1y',
      immutable: true,
      // index.html must never be cached: it names the current asset files.
      setHeaders: (reply, filePath) => {
        if (filePath.endsWith('.html')) reply.header('cache-control', 'no-cache');
      },
    });
  }
  const indexContent = hasWeb ? readFileSync(indexHtml) : undefined;

  app.setNotFoundHandler((request, reply) => {
    const url = request.url.split('?')[0] ?? '/';
    const isApi = url === '/api' || url.startsWith('/api/');
    if (isApi || !indexContent || (request.method !== 'GET' && request.method !== 'HEAD')) {
      return reply
        .status(404)
        .type(PROBLEM_JSON)
        .send(
          toProblem('request.not_found', {
            detail: `There is no ${request.method} ${url}.`,
            instance: url,
            requestId: String(request.id),
          }),
        );
    }
    // Any other path belongs to the single-page app, which routes it in the browser.
    return reply
      .status(200)
      .type('text/html; charset=utf-8')
      .header('cache-control', 'no-cache')
      .send(indexContent);
  });

  return app;
}
