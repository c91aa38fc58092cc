import type { Command } from 'commander';
import { InvalidArgumentError } from 'commander';
import { loadConfig } from '@/server/config';
import { openDatabase } from '@/server/db/database';
import { runMigrations } from '@/server/db/migrate';
import { demoDefaults, loadDemo } from '@/server/modules/demo/demo.service';
import { createProgressLine } from '@/cli/progress';

function positiveInt(name: string, max: number) {
  return (value: string): number => {
    if (!/^\d+$/.test(value)) throw new InvalidArgumentError(`${name} expects a whole number.`);
    const n = Number(value);
    if (n < 0 || n > max)
      throw new InvalidArgumentError(`${name} expects a number from 0 to ${max.toLocaleString('en')}.`);
    return n;
  };
}

export function registerDemo(program: Command): void {
  program
    .command('demo')
    .description(
      'Load the demo: the fictional Musterpartei with Landesverband Hessen, its 26 Kreisverbände, 422 Gemeindeverbände and members',
    )
    .option(
      '--members <n>',
      'how many members to create',
      positiveInt('--members', 5_000_000),
      demoDefaults.members,
    )
    .option(
      '--seed <s>',
      'random seed; the same seed gives the same data',
      positiveInt('--seed', 2 ** 31),
      demoDefaults.seed,
    )
    .option('--replace', 'delete existing demo data first (refuses a database that holds other data)')
    .action(async (options: { members: number; seed: number; replace?: boolean }) => {
      const config = loadConfig();
      const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
      const progress = createProgressLine(process.stderr);
      try {
        await runMigrations(database);
        const result = await loadDemo(database, {
          members: options.members,
          seed: options.seed,
          replace: options.replace ?? false,
          onProgress: (p) => progress.update(p.phase, p.done, p.total),
        });
        progress.done();
        process.stdout.write(
          `Demo loaded: ${result.units} units, ${result.members.toLocaleString('de-DE')} members in ${(result.millis / 1000).toFixed(1)} s — ${database.description}\n`,
        );
      } finally {
        progress.done();
        await database.close();
      }
    });
}
