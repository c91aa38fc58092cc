// `npm test`: every test tier, in order unit -> integration -> e2e, and one closing line with the
// counts summed over all tiers. Works on a machine with nothing but Node.js: PostgreSQL variants run
// only when TEST_DATABASE_URL is set, browser tests only when /usr/bin/chromium exists (they need
// the built app, so it is built first). Arguments are passed on to vitest (e.g. a file filter).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
// CHROMIUM_PATH only changes where to look (set it to a missing path to leave out the browser tests).
const chromium = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const vitest = path.join(root, 'node_modules/vitest/vitest.mjs');
const extraArgs = process.argv.slice(2);

const skipped = [];
if (!process.env.TEST_DATABASE_URL) skipped.push('PostgreSQL tests skipped: TEST_DATABASE_URL not set');
const projects = ['unit', 'integration'];
if (existsSync(chromium)) projects.push('e2e');
else skipped.push(`Browser tests skipped: ${chromium} not found`);

const totals = { passed: 0, failed: 0, skipped: 0 };
const notes = [];
let ok = true;

function banner(text) {
  process.stdout.write(`\n=== ${text} ===\n`);
}

for (const line of skipped) process.stdout.write(`${line}\n`);

const temp = mkdtempSync(path.join(tmpdir(), 'servicestelle-test-'));
try {
  for (const project of projects) {
    if (project === 'e2e') {
      banner('build (the browser tests run against the built app)');
      const build = spawnSync('npm', ['run', 'build'], { cwd: root, stdio: 'inherit' });
      if (build.status !== 0) {
        ok = false;
        totals.failed += 1;
        notes.push('the build failed, so the browser tests did not run');
        break;
      }
    }

    banner(`${project} tests`);
    const started = Date.now();
    const report = path.join(temp, `${project}.json`);
    const run = spawnSync(
      process.execPath,
      [
        vitest,
        'run',
        '--project',
        project,
        '--passWithNoTests',
        '--reporter=default',
        '--reporter=json',
        `--outputFile.json=${report}`,
        ...extraArgs,
      ],
      { cwd: root, stdio: 'inherit' },
    );

    let counted = { passed: 0, failed: 0, skipped: 0 };
    if (existsSync(report)) {
      const r = JSON.parse(readFileSync(report, 'utf8'));
      // A file that fails before any test runs (import error, failing hook) fails no single test.
      const brokenFiles = r.testResults.filter(
        (file) => file.status === 'failed' && !file.assertionResults.some((t) => t.status === 'failed'),
      ).length;
      counted = {
        passed: r.numPassedTests,
        failed: r.numFailedTests + brokenFiles,
        skipped: r.numPendingTests + r.numTodoTests,
      };
    }
    if (run.status !== 0) {
      ok = false;
      if (counted.failed === 0) {
        counted.failed = 1;
        notes.push(`${project}: vitest exited with ${run.status ?? run.signal} (errors outside a test)`);
      }
    }
    totals.passed += counted.passed;
    totals.failed += counted.failed;
    totals.skipped += counted.skipped;
    process.stdout.write(
      `Result of the ${project} tests: ${counted.passed} passed, ${counted.failed} failed, ` +
        `${counted.skipped} skipped in ${Math.round((Date.now() - started) / 1000)} s\n`,
    );
  }
} finally {
  rmSync(temp, { recursive: true, force: true });
}

process.stdout.write('\n');
for (const line of [...skipped, ...notes]) process.stdout.write(`${line}\n`);
process.stdout.write(`${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped\n`);
process.exitCode = ok ? 0 : 1;
