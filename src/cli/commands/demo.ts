import type { Command } from 'commander';
import { InvalidArgumentError } from 'commander';
import { loadConfig } from '@/server/config';
import { openDatabase } from '@/server/db/database';
import { runMigrations } from '@/server/db/migrate';
import { DemoRefusedError, demoDefaults, loadDemo, maxDemoMembers } from '@/server/modules/demo/demo.service';
import { createProgressLine } from '@/cli/progress';
import { CliError, ExitCode } from '@/cli/exit-codes';

export function wholeNumber(name: string, max: number) {
  return (value: string): number => {
    if (!/^\d+$/.test(value)) throw new InvalidArgumentError(`${name} expects a whole number.`);
    const n = Number(value);
    if (n < 0 || n > max)
      throw new InvalidArgumentError(`${name} expects a number from 0 to ${max.toLocaleString('en')}.`);
    return n;
  };
}

function isoDate(value: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  const valid = m && new Date(`${value}T00:00:00Z`).toISOString().startsWith(value);
  if (!valid) throw new InvalidArgumentError('--as-of expects a date as YYYY-MM-DD.');
  return value;
}

export function registerDemo(program: Command): void {
  program
    .command('demo')
    .description(
      'Load the demo: the fictional Musterpartei with Landesverband Hessen, its 26 Kreisverbände, 422 Stadt- and Gemeindeverbände and members',
    )
    .option(
      '--members <n>',
      'how many members to create',
      wholeNumber('--members', maxDemoMembers),
      demoDefaults.members,
    )
    .option(
      '--seed <s>',
      'random seed; the same seed gives the same data',
      wholeNumber('--seed', 2 ** 31),
      demoDefaults.seed,
    )
    .option(
      '--as-of <date>',
      'the day the data describes (ages, pending applications); fixed by default so that a seed always gives the same data',
      isoDate,
      demoDefaults.asOf,
    )
    .option('--replace', 'delete an existing demo first (refuses a database that holds other data)')
    .action(async (options: { members: number; seed: number; asOf: string; replace?: boolean }) => {
      const config = loadConfig();
      const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
      const progress = createProgressLine(process.stderr);
      try {
        await runMigrations(database);
        const result = await loadDemo(database, {
          members: options.members,
          seed: options.seed,
          asOf: options.asOf,
          replace: options.replace ?? false,
          onProgress: (p) => progress.update(p.phase, p.done, p.total),
        });
        progress.done();
        process.stdout.write(
          `Demo loaded: ${result.units} units, ${result.members.toLocaleString('de-DE')} members in ${(result.millis / 1000).toFixed(1)} s — ${database.description}\n`,
        );
      } catch (error) {
        if (error instanceof DemoRefusedError) throw new CliError(error.message, ExitCode.dataError);
        throw error;
      } finally {
        progress.done();
        await database.close();
      }
    });
}
