import type { Command } from 'commander';
import { loadConfig } from '@/server/config';
import { openDatabase } from '@/server/db/database';
import { runMigrations } from '@/server/db/migrate';
import { JOB_QUEUES } from '@/server/app';
import { prepareJobQueue } from '@/server/platform/jobs';

export function registerMigrate(program: Command): void {
  program
    .command('migrate')
    .description('Apply every committed database migration that is not yet applied, then exit')
    .action(async () => {
      const config = loadConfig();
      const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
      try {
        const { applied, total } = await runMigrations(database);
        // The job queue's schema and queues, which a server without the owner's rights cannot create.
        await prepareJobQueue(database, JOB_QUEUES);
        process.stdout.write(
          applied === 0
            ? `Database is up to date (${total} migrations) — ${database.description}\n`
            : `Applied ${applied} migration(s); ${total} in total — ${database.description}\n`,
        );
      } finally {
        await database.close();
      }
    });
}
