import { writeFile } from 'node:fs/promises';
import { userInfo } from 'node:os';
import type { Command } from 'commander';
import { allocationRequestSchema } from '@/contracts/delegates';
import { loadConfig } from '@/server/config';
import { openDatabase } from '@/server/db/database';
import { runMigrations } from '@/server/db/migrate';
import { AppError } from '@/server/platform/errors';
import { CliError, ExitCode } from '@/cli/exit-codes';

/** German and English level names as people type them. */
const LEVELS: Record<string, string> = {
  kreis: 'district',
  kreisverband: 'district',
  kv: 'district',
  district: 'district',
  gemeinde: 'local',
  ort: 'local',
  ortsverband: 'local',
  stadt: 'local',
  local: 'local',
  land: 'state',
  landesverband: 'state',
  state: 'state',
};

interface AllocateOptions {
  level: string;
  seats: string;
  method: string;
  cutoff: string;
  minimum?: string;
  basic?: string;
  seed?: string;
  parent?: string;
  csv?: string;
  openslides?: string;
}

export function registerDelegates(program: Command): void {
  const command = program.command('delegates').description('Delegate keys for party conventions');
  command
    .command('allocate')
    .description(
      'Allocate N delegates to the units of one level by their members on the cut-off date and print the table. ' +
        'The result is stored with the count snapshot and the seed of the lot for ties, so it can be reproduced.',
    )
    .requiredOption('--level <level>', 'kreis (Kreisverbände), gemeinde (Orts-/Gemeindeverbände) or land')
    .requiredOption('--seats <n>', 'number of delegates')
    .requiredOption('--method <method>', 'sainte-lague, hare-niemeyer or dhondt')
    .requiredOption('--cutoff <date>', 'cut-off date YYYY-MM-DD (Stichtag)')
    .option('--minimum <k>', 'at least this many delegates per unit')
    .option('--basic <b>', 'basic seats (Grundmandate) every unit gets first')
    .option('--seed <s>', 'seed of the lot for ties (default: random, printed and stored)')
    .option('--parent <code>', 'only units below this unit (default: the Landesverband)')
    .option('--csv <file>', 'also write the table as CSV')
    .option('--openslides <file>', 'also write the OpenSlides participant import list')
    .action(async (options: AllocateOptions) => {
      const number = (v: string | undefined) =>
        v === undefined ? undefined : /^\d+$/.test(v) ? Number(v) : NaN;
      const parsed = allocationRequestSchema.safeParse({
        level: LEVELS[options.level.toLowerCase()] ?? options.level,
        seats: number(options.seats),
        method: options.method,
        cutoff: options.cutoff,
        minimumSeats: number(options.minimum),
        basicSeats: number(options.basic),
        seed: number(options.seed),
        parent: options.parent,
      });
      if (!parsed.success) {
        const issue = parsed.error.issues[0]!;
        throw new CliError(`${String(issue.path[0] ?? 'option')}: ${issue.message}`, ExitCode.usage);
      }
      const { allocateDelegates, allocationCsv, allocationText, openSlidesCsv } =
        await import('@/server/modules/delegates/delegates.service');
      const config = loadConfig();
      const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
      try {
        await runMigrations(database);
        const allocation = await allocateDelegates(database, null, parsed.data, {
          operator: `cli:${userInfo().username}`,
        }).catch((error: unknown) => {
          if (error instanceof AppError) throw new CliError(error.message, ExitCode.dataError);
          throw error;
        });
        process.stdout.write(allocationText(allocation));
        if (options.csv) await writeFile(options.csv, allocationCsv(allocation));
        if (options.openslides) await writeFile(options.openslides, openSlidesCsv(allocation));
      } finally {
        await database.close();
      }
    });
}
