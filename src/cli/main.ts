#!/usr/bin/env node
import { Command, CommanderError } from 'commander';
import { ConfigError } from '@/server/config';
import { DatabaseUnavailableError } from '@/server/db/database';
import { CliError, ExitCode } from '@/cli/exit-codes';
import { registerAudit } from '@/cli/commands/audit';
import { registerDemo } from '@/cli/commands/demo';
import { registerDuplicates } from '@/cli/commands/duplicates';
import { registerMigrate } from '@/cli/commands/migrate';
import { registerServe } from '@/cli/commands/serve';
import { registerToken } from '@/cli/commands/token';
import { registerUser } from '@/cli/commands/user';
import { registerImport } from '@/cli/commands/import';
import { registerExport } from '@/cli/commands/export';
import { registerDelegates } from '@/cli/commands/delegates';

const program = new Command()
  .name('servicestelle')
  .description('Servicestelle: the central member file and service centre of a party state office')
  .showHelpAfterError('(run with --help for usage)')
  .exitOverride();

registerServe(program);
registerMigrate(program);
registerDemo(program);
registerDuplicates(program);
registerImport(program);
registerExport(program);
registerDelegates(program);
registerUser(program);
registerToken(program);
registerAudit(program);

program.addHelpText(
  'after',
  `
Exit codes: 0 ok, 1 failure, 64 wrong usage, 65 bad input data, 69 database unreachable, 78 bad configuration.`,
);

function fail(message: string, code: number): never {
  process.stderr.write(`servicestelle: ${message}\n`);
  process.exit(code);
}

try {
  await program.parseAsync(process.argv);
} catch (error) {
  if (error instanceof CommanderError) {
    // Help and version end here too, with code 0; commander has printed them already.
    process.exit(error.exitCode === 0 ? ExitCode.ok : ExitCode.usage);
  }
  if (error instanceof ConfigError) fail(error.message, ExitCode.config);
  if (error instanceof DatabaseUnavailableError) {
    fail(`${error.message}. Check DATABASE_URL and that the server is running.`, ExitCode.unavailable);
  }
  if (error instanceof CliError) fail(error.message, error.exitCode);
  if ((error as NodeJS.ErrnoException).code === 'EADDRINUSE') {
    fail('the port is already in use by another program. Stop it or choose another PORT.', ExitCode.failure);
  }
  const message = error instanceof Error ? error.message : String(error);
  fail(`unexpected error: ${message}`, ExitCode.failure);
}
