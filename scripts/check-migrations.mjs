// `npm run db:check`: fails when the Drizzle schema (src/server/modules/*/*.tables.ts) and the
// committed migrations disagree. It runs `drizzle-kit generate` against a temporary copy of the
// migrations folder; if that would write a new migration, the schema has changes that nobody
// generated and committed. The real migrations/ folder is never touched.
//
//   node scripts/check-migrations.mjs [--migrations <folder>]   (default: migrations)
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const flag = process.argv.indexOf('--migrations');
const migrations = path.resolve(root, flag > 0 ? process.argv[flag + 1] : 'migrations');
const drizzleKit = path.join(root, 'node_modules/drizzle-kit/bin.cjs');

function fail(message) {
  process.stderr.write(`db:check failed: ${message}\n`);
  process.exitCode = 1;
}

/** Every file below dir, as paths relative to it. */
function listFiles(dir) {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => path.relative(dir, path.join(entry.parentPath, entry.name)))
    .sort();
}

/** The journal and the .sql files must name the same migrations. */
function checkJournal() {
  const journalFile = path.join(migrations, 'meta/_journal.json');
  if (!existsSync(journalFile)) return [`${path.relative(root, journalFile)} is missing`];
  const journal = JSON.parse(readFileSync(journalFile, 'utf8'));
  const tags = journal.entries.map((entry) => `${entry.tag}.sql`);
  const files = readdirSync(migrations).filter((name) => name.endsWith('.sql'));
  return [
    ...tags.filter((t) => !files.includes(t)).map((t) => `the journal lists ${t}, but the file is missing`),
    ...files.filter((f) => !tags.includes(f)).map((f) => `${f} is not listed in meta/_journal.json`),
  ];
}

const problems = checkJournal();
if (problems.length > 0) {
  fail(`migrations/ is inconsistent:\n  ${problems.join('\n  ')}`);
} else {
  const temp = mkdtempSync(path.join(tmpdir(), 'servicestelle-db-check-'));
  try {
    const copy = path.join(temp, 'migrations');
    cpSync(migrations, copy, { recursive: true });
    // drizzle-kit treats `out` as relative to the working folder, so hand it a relative path.
    const config = path.join(temp, 'drizzle.config.ts');
    writeFileSync(
      config,
      `import base from ${JSON.stringify(path.join(root, 'drizzle.config.ts'))};\n` +
        `export default { ...base, out: ${JSON.stringify(path.relative(root, copy))} };\n`,
    );
    const before = listFiles(copy);
    const result = spawnSync(process.execPath, [drizzleKit, 'generate', '--config', config], {
      cwd: root,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
      timeout: 180_000,
      env: { ...process.env, FORCE_COLOR: '0' },
    });
    const output = `${result.stdout ?? ''}${result.stderr ?? ''}`.trim();
    const after = listFiles(copy);
    const added = after.filter((f) => !before.includes(f));
    const changed = before.filter(
      (f) =>
        after.includes(f) && !readFileSync(path.join(copy, f)).equals(readFileSync(path.join(migrations, f))),
    );
    const newSql = added.filter((f) => f.endsWith('.sql'));

    if (newSql.length > 0) {
      const sql = newSql
        .map((f) => `--- ${f}\n${readFileSync(path.join(copy, f), 'utf8').trim()}`)
        .join('\n');
      fail(
        'the schema in src/server/modules/*/*.tables.ts differs from the committed migrations.\n' +
          `drizzle-kit would generate ${newSql.join(', ')}:\n\n${sql}\n\n` +
          'Run `npm run db:generate -- --name <what-changed>` and commit the new migration.',
      );
    } else if (result.error || result.status !== 0 || !/No schema changes/i.test(output)) {
      // drizzle-kit exits 0 on some errors, and asks questions (renames?) that nobody can answer here.
      const why =
        result.error?.code === 'ETIMEDOUT' ? 'it did not finish (waiting for an answer?)' : 'it failed';
      fail(
        `could not compare schema and migrations: drizzle-kit generate ${why}.\n${output}\n\n` +
          'Run `npm run db:generate` by hand to see what it wants.',
      );
    } else if (added.length > 0 || changed.length > 0) {
      fail(`drizzle-kit changed ${[...added, ...changed].join(', ')} although it found no schema changes.`);
    } else {
      const count = before.filter((f) => f.endsWith('.sql')).length;
      process.stdout.write(`db:check: schema and the ${count} committed migrations agree.\n`);
    }
  } finally {
    rmSync(temp, { recursive: true, force: true });
  }
}
