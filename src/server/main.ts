import type { FastifyInstance } from 'fastify';
import { buildApp } from '@/server/app';
import type { Config } from '@/server/config';
import { openDatabase, type Database } from '@/server/db/database';
import { migrationStatus, runMigrations } from '@/server/db/migrate';
import type { Logger } from '@/server/platform/logger';

export interface RunningServer {
  app: FastifyInstance;
  database: Database;
  url: string;
  stop(reason?: string): Promise<void>;
}

/**
 * Opens the database, applies migrations, starts listening, and stops gracefully on SIGTERM/SIGINT:
 * no new connections, running requests finish, then the database closes (PGlite flushes to disk).
 */
export async function startServer(
  config: Config,
  logger: Logger,
  hooks: { beforeListen?: (database: Database) => Promise<void> } = {},
): Promise<RunningServer> {
  const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  logger.info(`database: ${database.description}`);
  try {
    // Up to date: nothing to do, which also lets the server run as a login role that owns no
    // tables and may not create any (docs/security.md); the owner migrates with `servicestelle migrate`.
    const status = await migrationStatus(database).catch(() => undefined);
    if (status && status.applied >= status.expected) {
      logger.info(`migrations: up to date (${status.applied})`);
    } else {
      const { applied, total } = await runMigrations(database);
      logger.info(`migrations: ${applied} applied, ${total} in total`);
    }
    await hooks.beforeListen?.(database);
  } catch (error) {
    await database.close().catch(() => undefined);
    throw error;
  }

  const app = await buildApp({ config, database, logger, dailyMaintenance: config.dailyMaintenance });
  await app.listen({ port: config.port, host: config.host });
  const url = `http://${config.host.includes(':') ? `[${config.host}]` : config.host}:${config.port}`;

  let stopping: Promise<void> | undefined;
  const stop = (reason = 'stop requested') =>
    (stopping ??= (async () => {
      logger.info(`${reason}: finishing open requests, then closing the database`);
      const timer = setTimeout(() => {
        logger.error(`shutdown took longer than ${config.shutdownTimeoutMs} ms; exiting`);
        process.exit(1);
      }, config.shutdownTimeoutMs);
      timer.unref();
      try {
        await app.close();
      } finally {
        await database.close();
        clearTimeout(timer);
        logger.info('stopped');
      }
    })());

  return { app, database, url, stop };
}
