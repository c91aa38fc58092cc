import { createWriteStream } from 'node:fs';
import { userInfo } from 'node:os';
import path from 'node:path';
import type { Command } from 'commander';
import { exportRequestSchema } from '@/contracts/exports';
import { loadConfig } from '@/server/config';
import { openDatabase } from '@/server/db/database';
import { runMigrations } from '@/server/db/migrate';
import { AppError } from '@/server/platform/errors';
import { CliError, ExitCode } from '@/cli/exit-codes';

interface ExportOptions {
  unit: string;
  purpose: string;
  format: string;
  asOf?: string;
  status?: string;
  columns?: string;
  out?: string;
}

export function registerExport(program: Command): void {
  const command = program.command('export').description('Export data to files');
  command
    .command('members')
    .description(
      'Export the members of a unit (with its subtree) as CSV for German Excel (UTF-8 with BOM, semicolons) or XLSX. ' +
        'A purpose is required and recorded in the audit trail with the row count and the filter.',
    )
    .requiredOption('--unit <code>', 'the unit, e.g. HE-06631')
    .requiredOption(
      '--purpose <code>',
      'why, recorded in the audit trail: meeting_invitation, election, member_mailing, dues, data_maintenance, subject_request',
    )
    .option('--format <format>', 'csv or xlsx', 'csv')
    .option('--as-of <date>', 'members as they were on this date (YYYY-MM-DD)')
    .option('--status <statuses>', 'comma-separated statuses (default: member)')
    .option(
      '--columns <columns>',
      'comma-separated columns (default: number, name, address, contact, status, unit)',
    )
    .option('--out <file>', 'the file to write (default: mitglieder-<unit>-<date>.<format> here)')
    .action(async (options: ExportOptions) => {
      const parsed = exportRequestSchema.safeParse({
        unit: options.unit,
        purpose: options.purpose,
        format: options.format,
        asOf: options.asOf,
        status: options.status,
        columns: options.columns,
      });
      if (!parsed.success) {
        const issue = parsed.error.issues[0]!;
        throw new CliError(`--${String(issue.path[0] ?? 'option')}: ${issue.message}`, ExitCode.usage);
      }
      const request = parsed.data;
      const { exportFileName, writeExport } = await import('@/server/modules/exports/exports.service');
      const config = loadConfig();
      const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
      const today = new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Berlin' }).format(new Date());
      const out = path.resolve(options.out ?? exportFileName(request, today));
      try {
        await runMigrations(database);
        const { rows } = await writeExport(database, null, request, createWriteStream(out), {
          operator: `cli:${userInfo().username}`,
        }).catch((error: unknown) => {
          if (error instanceof AppError) throw new CliError(error.message, ExitCode.dataError);
          throw error;
        });
        process.stdout.write(`${rows} members exported to ${out} (purpose: ${request.purpose})\n`);
      } finally {
        await database.close();
      }
    });
}
