import type { Command } from 'commander';
import { loadConfig } from '@/server/config';
import { openDatabase } from '@/server/db/database';
import { runMigrations } from '@/server/db/migrate';
import { verifyAuditTrail, writeCheckpoint } from '@/server/modules/audit/audit.service';
import { loadSigningKey, publicKeyPem } from '@/server/modules/audit/signing';
import { CliError, ExitCode } from '@/cli/exit-codes';

function keyFrom(file: string, create = false) {
  try {
    return loadSigningKey(file, { create });
  } catch (error) {
    throw new CliError(
      `cannot read the audit signing key: ${(error as Error).message}. Set AUDIT_SIGNING_KEY_FILE or pass --public-key.`,
      ExitCode.config,
    );
  }
}

export function registerAudit(program: Command): void {
  const audit = program.command('audit').description('The tamper-evident audit trail');
  audit
    .command('verify')
    .description(
      'Check every entry of the audit trail: its hash, the chain to the entry before, gap-free numbering, and the ' +
        'signed checkpoints (which reveal cut-off newest entries). Exits 1 naming the first broken entry.',
    )
    .option('--public-key <file>', 'verify with this public key (PEM) instead of AUDIT_SIGNING_KEY_FILE')
    .action(async (options: { publicKey?: string }) => {
      const config = loadConfig();
      const key = keyFrom(options.publicKey ?? config.auditSigningKeyFile);
      const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
      try {
        const result = await verifyAuditTrail(database, key);
        const checkpoint = result.lastCheckpoint
          ? `; last checkpoint covers ${result.lastCheckpoint.entryCount} entries (${result.lastCheckpoint.createdAt})`
          : '; no checkpoint yet';
        if (!result.ok) {
          const p = result.firstProblem!;
          throw new CliError(
            `audit trail BROKEN at entry #${p.seq ?? '?'} (${p.kind}): ${p.message}`,
            ExitCode.failure,
          );
        }
        process.stdout.write(
          `audit trail intact: ${result.entries} entries, ${result.checkpoints} signed checkpoints${checkpoint}\n` +
            `head ${result.headHash ?? '(empty)'}, key ${key.keyId}\n`,
        );
      } finally {
        await database.close();
      }
    });
  audit
    .command('checkpoint')
    .description('Sign the current head of the audit trail now (the server also does so periodically)')
    .action(async () => {
      const config = loadConfig();
      const key = keyFrom(config.auditSigningKeyFile, true);
      const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
      try {
        await runMigrations(database);
        const result = await writeCheckpoint(
          database,
          { signingKey: key, clock: () => new Date() },
          { force: true },
        );
        process.stdout.write(`checkpoint signed: ${result!.entryCount} entries, head ${result!.headHash}\n`);
      } finally {
        await database.close();
      }
    });
  audit
    .command('public-key')
    .description('Print the public key that verifies the checkpoints (keep a copy outside this machine)')
    .action(() => {
      const config = loadConfig();
      const key = keyFrom(config.auditSigningKeyFile);
      process.stdout.write(publicKeyPem(key));
    });
}
