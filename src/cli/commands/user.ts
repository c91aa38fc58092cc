import type { Command } from 'commander';
import { roleKeys, type RoleKey } from '@/contracts/access';
import { loadConfig } from '@/server/config';
import { openDatabase } from '@/server/db/database';
import { runMigrations } from '@/server/db/migrate';
import { AppError } from '@/server/platform/errors';
import { createLogger } from '@/server/platform/logger';
import { createAccessSettings, createUserAsOperator } from '@/server/modules/access/access.service';
import { CliError, ExitCode } from '@/cli/exit-codes';

/** Reads all of standard input (for --password-stdin); drops one trailing line break. */
export async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks)
    .toString('utf8')
    .replace(/\r?\n$/, '');
}

/** AppErrors from the services as CLI errors with a plain message and a fitting exit code. */
export function cliErrorFrom(error: unknown): unknown {
  if (!(error instanceof AppError)) return error;
  const messages: Partial<Record<string, string>> = {
    'unit.not_found': error.message,
    'user.email_taken': 'an account with this e-mail address exists already',
    'user.not_found': error.message,
    'auth.password_too_common': 'the password is on the list of the most common passwords; choose another',
    'auth.password_personal': 'the password must not be the e-mail address or the name',
    'auth.forbidden': error.message,
  };
  return new CliError(messages[error.code] ?? `${error.code}: ${error.message}`, ExitCode.dataError);
}

interface UserAddOptions {
  email: string;
  name: string;
  role: string;
  unit: string;
  passwordStdin?: boolean;
  service?: boolean;
}

export function registerUser(program: Command): void {
  const user = program.command('user').description('Manage accounts');
  user
    .command('add')
    .description(
      'Create an account with one role at a unit (valid for its whole subtree). Without --password-stdin ' +
        'it prints a one-time setup link (valid 7 days) with which the person sets their password.',
    )
    .requiredOption('--email <address>', 'e-mail address (the sign-in name)')
    .requiredOption('--name <name>', 'display name')
    .requiredOption('--role <role>', `one of: ${roleKeys.join(', ')}`)
    .requiredOption('--unit <code>', 'unit code, e.g. HE or HE-06631')
    .option('--password-stdin', 'read the password from standard input instead of printing a setup link')
    .option('--service', 'a service account: no sign-in, API tokens only (see `token add`)')
    .action(async (options: UserAddOptions) => {
      if (!(roleKeys as readonly string[]).includes(options.role)) {
        throw new CliError(`--role expects one of ${roleKeys.join(', ')}.`, ExitCode.usage);
      }
      const password = options.passwordStdin ? await readStdin() : undefined;
      if (password !== undefined && password.length < 10) {
        throw new CliError('the password must be at least 10 characters long', ExitCode.dataError);
      }
      const config = loadConfig();
      const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
      try {
        await runMigrations(database);
        const settings = createAccessSettings({ ...config, logger: createLogger('warn', false) });
        const result = await createUserAsOperator(database, settings, {
          email: options.email,
          displayName: options.name,
          role: options.role as RoleKey,
          unitCode: options.unit,
          ...(options.service ? { kind: 'service' as const } : {}),
          ...(password !== undefined ? { password } : {}),
        }).catch((error: unknown) => {
          throw cliErrorFrom(error);
        });
        process.stdout.write(
          `Created account ${options.email.toLowerCase()} (id ${result.userId}) as ${options.role} at ${options.unit}.\n`,
        );
        if (result.setupLink) {
          process.stdout.write(`One-time setup link (valid 7 days, works once):\n${result.setupLink}\n`);
        }
      } finally {
        await database.close();
      }
    });
}
