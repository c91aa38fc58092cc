import type { Command } from 'commander';
import { loadConfig } from '@/server/config';
import { startServer } from '@/server/main';
import { createLogger } from '@/server/platform/logger';
import { wholeNumber } from '@/cli/commands/demo';
import { demoDefaults, maxDemoMembers } from '@/server/modules/demo/demo.service';
import type { Database } from '@/server/db/database';
import { createAccessSettings, ensureFirstAdmin } from '@/server/modules/access/access.service';
import { ensurePostcodeAreas } from '@/server/modules/org-units/org-units.service';

export function registerServe(program: Command): void {
  program
    .command('serve')
    .description('Start the web server: applies migrations, then serves the UI and the API')
    .option('--demo-if-empty', 'load the demo data first when the database holds no units yet')
    .option(
      '--demo-members <n>',
      'members to create with --demo-if-empty',
      wholeNumber('--demo-members', maxDemoMembers),
      demoDefaults.members,
    )
    .addHelpText(
      'after',
      '\nConfigured through environment variables (PORT, HOST, DATABASE_URL, DATA_DIR, ...); see README.md.',
    )
    .action(async (options: { demoIfEmpty?: boolean; demoMembers: number }) => {
      const config = loadConfig();
      const logger = createLogger(config.logLevel);
      let firstAdmin: { email: string; unitCode: string; setupLink: string } | null = null;
      let demoLoaded = false;
      const server = await startServer(config, logger, {
        beforeListen: async (database) => {
          const areas = await ensurePostcodeAreas(database);
          if (areas > 0) logger.info(`reference data: ${areas} postcode areas of Hessen loaded`);
          await loadDemoIfEmpty(database);
          // No account at all (and no demo accounts): the first system-admin, with a setup link.
          firstAdmin = await ensureFirstAdmin(database, createAccessSettings({ ...config, logger }));
        },
      });
      async function loadDemoIfEmpty(database: Database) {
        if (!options.demoIfEmpty) return;
        {
          const { isDatabaseEmpty, loadDemo } = await import('@/server/modules/demo/demo.service');
          if (!(await isDatabaseEmpty(database))) return;
          logger.info(
            `empty database: loading the demo (${options.demoMembers.toLocaleString('de-DE')} members)`,
          );
          const result = await loadDemo(database, {
            ...demoDefaults,
            members: options.demoMembers,
            onProgress: (p) => logger.info(`demo: ${p.phase} ${p.done}/${p.total}`),
          });
          logger.info(`demo loaded in ${(result.millis / 1000).toFixed(1)} s`);
          demoLoaded = true;
        }
      }
      for (const signal of ['SIGTERM', 'SIGINT'] as const) {
        process.once(signal, () => {
          void server.stop(`${signal} received`).then(() => process.exit(0));
        });
      }
      const lines = [
        '',
        `  Servicestelle läuft: ${server.url}`,
        `  API-Referenz:        ${server.url}/api/docs`,
        `  Datenbank:           ${server.database.description}`,
        '',
      ];
      if (demoLoaded) {
        const { demoAccounts, DEMO_PASSWORD, DEMO_TOTP_SECRET } =
          await import('@/server/modules/access/access.service');
        lines.push('  Demo-Zugänge (Passwort für alle: ' + DEMO_PASSWORD + '):');
        for (const account of demoAccounts) {
          lines.push(`    ${account.email.padEnd(46)} ${account.role} @ ${account.unitCode}`);
        }
        lines.push(
          `  Zweiter Faktor: TOTP-Geheimnis ${DEMO_TOTP_SECRET} in einer Authenticator-App`,
          '  (oder: oathtool --totp -b ' + DEMO_TOTP_SECRET + '). Details: docs/security.md',
          '',
        );
      }
      const admin = firstAdmin as { email: string; unitCode: string; setupLink: string } | null;
      if (admin) {
        lines.push(
          `  First start: an administrator account (system-admin at ${admin.unitCode}) was created.`,
          `  Sign-in name: ${admin.email} (change it after signing in)`,
          `  Set its password with this one-time link (valid 7 days):`,
          `  ${admin.setupLink}`,
          '',
        );
      }
      process.stdout.write(lines.join('\n') + '\n');
    });
}
