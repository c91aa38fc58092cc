import type { Command } from 'commander';
import { InvalidArgumentError } from 'commander';
import { permissions, type Permission } from '@/contracts/permissions';
import { loadConfig } from '@/server/config';
import { openDatabase } from '@/server/db/database';
import { runMigrations } from '@/server/db/migrate';
import { createLogger } from '@/server/platform/logger';
import { createAccessSettings, createTokenAsOperator } from '@/server/modules/access/access.service';
import { cliErrorFrom } from '@/cli/commands/user';

function days(value: string): number {
  if (!/^\d+$/.test(value) || Number(value) < 1 || Number(value) > 730) {
    throw new InvalidArgumentError('--days expects a whole number from 1 to 730.');
  }
  return Number(value);
}

function permissionList(value: string): Permission[] {
  const list = value
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean);
  const unknown = list.filter((p) => !(permissions as readonly string[]).includes(p));
  if (unknown.length)
    throw new InvalidArgumentError(
      `unknown permission ${unknown.join(', ')}; known: ${permissions.join(', ')}`,
    );
  return list as Permission[];
}

export function registerToken(program: Command): void {
  const token = program.command('token').description('Manage API tokens');
  token
    .command('add')
    .description(
      "Create an API token for an account and print it once. It carries the account's permissions " +
        '(or the subset given with --permissions); send it as "Authorization: Bearer <token>".',
    )
    .requiredOption('--user <email>', 'the account the token acts for (a person or a service account)')
    .requiredOption('--name <name>', 'what the token is for, e.g. "Website"')
    .option('--days <n>', 'valid for this many days (1 to 730)', days, 90)
    .option('--permissions <list>', "comma-separated subset of the account's permissions", permissionList)
    .action(async (options: { user: string; name: string; days: number; permissions?: Permission[] }) => {
      const config = loadConfig();
      const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
      try {
        await runMigrations(database);
        const settings = createAccessSettings({ ...config, logger: createLogger('warn', false) });
        const result = await createTokenAsOperator(database, settings, {
          email: options.user,
          name: options.name,
          days: options.days,
          ...(options.permissions ? { permissions: options.permissions } : {}),
        }).catch((error: unknown) => {
          throw cliErrorFrom(error);
        });
        process.stderr.write(
          `Token "${result.info.name}" for ${options.user}: ${result.info.permissions.join(', ')}; ` +
            `expires ${result.info.expiresAt}. It is shown only now:\n`,
        );
        process.stdout.write(`${result.token}\n`);
      } finally {
        await database.close();
      }
    });
}
