import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import type { Command } from 'commander';
import { InvalidArgumentError } from 'commander';
import { loadConfig } from '@/server/config';
import { openDatabase } from '@/server/db/database';
import { runMigrations } from '@/server/db/migrate';
import { duplicateReportLines, scanDuplicates } from '@/server/modules/members/members.service';
import { germanToday } from '@/contracts/dates';

function positiveInt(value: string): number {
  if (!/^\d+$/.test(value) || Number(value) < 2)
    throw new InvalidArgumentError('expects a whole number of at least 2.');
  return Number(value);
}

export function registerDuplicates(program: Command): void {
  const duplicates = program.command('duplicates').description('Find records that may be the same person');
  duplicates
    .command('scan')
    .description(
      'Scan the whole member file for pairs sharing a blocking key (last name + birthdate, e-mail, phone, ' +
        'address + name, IBAN) and write them as CSV. Reads only; recorded in the audit trail.',
    )
    .option(
      '--out <file>',
      'where to write the CSV ("-" for standard output)',
      `duplicates-${germanToday()}.csv`,
    )
    .option(
      '--max-group <n>',
      'skip keys shared by more records than this (e.g. an office e-mail)',
      positiveInt,
      50,
    )
    .action(async (options: { out: string; maxGroup: number }) => {
      const config = loadConfig();
      const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
      try {
        await runMigrations(database);
        const started = Date.now();
        const result = await scanDuplicates(database, {
          maxGroup: options.maxGroup,
          who: 'cli duplicates scan',
        });
        const out =
          options.out === '-' ? process.stdout : createWriteStream(options.out, { encoding: 'utf8' });
        for (const line of duplicateReportLines(result)) {
          if (!out.write(line)) await once(out, 'drain');
        }
        if (out !== process.stdout) {
          out.end();
          await once(out, 'finish');
        }
        process.stderr.write(
          `${result.pairs.length} possible duplicate pair(s) in ${((Date.now() - started) / 1000).toFixed(1)} s` +
            (options.out === '-' ? '\n' : ` — written to ${options.out}\n`),
        );
      } finally {
        await database.close();
      }
    });
}
