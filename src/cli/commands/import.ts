import { readFile } from 'node:fs/promises';
import { userInfo } from 'node:os';
import path from 'node:path';
import type { Command } from 'commander';
import {
  importEncodings,
  importMappingSchema,
  type ImportEncoding,
  type ImportSummary,
} from '@/contracts/imports';
import { loadConfig } from '@/server/config';
import { openDatabase } from '@/server/db/database';
import { runMigrations } from '@/server/db/migrate';
import { AppError } from '@/server/platform/errors';
import { createJobQueue } from '@/server/platform/jobs';
import { createLogger } from '@/server/platform/logger';
import { CliError, ExitCode } from '@/cli/exit-codes';
import { createProgressLine } from '@/cli/progress';

interface ImportOptions {
  mapping?: string;
  unit?: string;
  dryRun?: boolean;
  encoding?: string;
}

export function registerImport(program: Command): void {
  const command = program.command('import').description('Import data from files');
  command
    .command('members')
    .description(
      'Import members from a CSV or XLSX file: encoding and delimiter are detected, columns mapped from German and ' +
        'English headers and known export formats (CiviCRM, hitobito, Admidio, JVerein, Kürschner). Every row is checked; ' +
        'the report lists each problem. Running the same file again resumes it and never imports a row twice.',
    )
    .argument('<file>', 'the CSV or XLSX file')
    .option(
      '--mapping <file>',
      'a JSON mapping file {"columns": {"Header": "field", ...}, "defaults": {...}}',
    )
    .option(
      '--unit <code>',
      'put every row into this unit (otherwise a unit column or the residence decides)',
    )
    .option('--dry-run', 'check and report only; nothing is written')
    .option('--encoding <name>', `override the detected encoding (${importEncodings.join(', ')})`)
    .action(async (file: string, options: ImportOptions) => {
      if (options.encoding && !(importEncodings as readonly string[]).includes(options.encoding)) {
        throw new CliError(`--encoding expects one of ${importEncodings.join(', ')}.`, ExitCode.usage);
      }
      // Loaded when the command runs: the CLI starts fast for every other command.
      const { registerImportWorker, startImport, storeFile } =
        await import('@/server/modules/imports/imports.service');
      const config = loadConfig();
      const logger = createLogger('warn', false);
      const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
      const jobs = createJobQueue(database, { logger });
      const env = { database, jobs, dataDir: config.dataDir, log: logger };
      const progress = createProgressLine(process.stderr);
      try {
        await runMigrations(database);
        await registerImportWorker(env);
        const described = await storeFile(env, { path: file }, path.basename(file), {
          ...(options.encoding ? { encoding: options.encoding as ImportEncoding } : {}),
        }).catch(rethrowAsDataError);
        const mapping = options.mapping ? await readMapping(options.mapping) : described.suggestedMapping;
        process.stderr.write(
          `${described.name}: ${described.format.toUpperCase()}` +
            (described.encoding
              ? `, ${described.encoding}, delimiter ${JSON.stringify(described.delimiter)}`
              : '') +
            (described.knownFormat ? `, recognised as a ${described.knownFormat} export` : '') +
            '\n',
        );
        if (!options.mapping) {
          for (const [column, field] of Object.entries(mapping.columns)) {
            if (field) process.stderr.write(`  ${column} → ${field}\n`);
          }
        }
        const { jobId, created } = await startImport(
          env,
          null,
          {
            fileId: described.fileId,
            mapping,
            dryRun: options.dryRun ?? false,
            ...(options.unit ? { unitCode: options.unit } : {}),
            ...(options.encoding ? { encoding: options.encoding as ImportEncoding } : {}),
          },
          { operator: `cli:${userInfo().username}` },
        ).catch(rethrowAsDataError);
        // Started only now, so that an import of this file that a crash interrupted is found (and
        // then resumed) instead of racing a new one.
        await jobs.start();
        if (!created) process.stderr.write('This file was being imported already: resuming that import.\n');
        const stop = () => void jobs.cancel(jobId);
        process.once('SIGINT', stop);
        const job = await jobs.waitFor(jobId, {
          onUpdate: (j) => {
            if (j.progress.total !== null)
              progress.update(j.progress.message ?? 'import', j.progress.done, j.progress.total);
          },
        });
        process.removeListener('SIGINT', stop);
        progress.done();
        if (job.status === 'failed')
          throw new CliError(`the import failed: ${job.error?.message ?? 'unknown error'}`);
        const summary = job.result as ImportSummary | null;
        if (job.status === 'cancelled') {
          throw new CliError('the import was cancelled; run the same command again to resume it.');
        }
        if (summary) {
          const verb = summary.dryRun ? 'would be imported' : 'imported';
          process.stdout.write(
            `${summary.rows} rows: ${summary.imported} ${verb}, ${summary.rejected} rejected, ${summary.duplicates} duplicates` +
              (summary.dryRun ? ' (dry run, nothing written)' : '') +
              '\n',
          );
          if (summary.issues > 0) {
            process.stdout.write(
              `Report (${summary.issues} lines): ${path.join(config.dataDir, 'imports', 'reports', `${jobId}.csv`)}\n`,
            );
          }
        }
      } finally {
        progress.done();
        await jobs.stop();
        await database.close();
      }
    });
}

async function readMapping(file: string) {
  let raw: unknown;
  try {
    raw = JSON.parse(await readFile(file, 'utf8'));
  } catch (error) {
    throw new CliError(
      `cannot read the mapping file ${file}: ${(error as Error).message}`,
      ExitCode.dataError,
    );
  }
  const parsed = importMappingSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new CliError(
      `the mapping file ${file} is invalid at ${issue.path.join('.') || 'top level'}: ${issue.message}`,
      ExitCode.dataError,
    );
  }
  return parsed.data;
}

function rethrowAsDataError(error: unknown): never {
  if (error instanceof AppError) throw new CliError(error.message, ExitCode.dataError);
  if ((error as NodeJS.ErrnoException).code === 'ENOENT')
    throw new CliError(`file not found: ${(error as NodeJS.ErrnoException).path}`, ExitCode.dataError);
  throw error;
}
