import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);
const root = path.resolve(import.meta.dirname, '../..');
const depcruise = path.join(root, 'node_modules/dependency-cruiser/bin/dependency-cruise.mjs');
const config = path.join(root, '.dependency-cruiser.cjs');

interface Violation {
  rule: string;
  from: string;
  to: string;
}

/** Runs `depcruise src` in `cwd` with the project's rules, as `npm run boundaries` does. */
async function depcruiseIn(cwd: string, ...extra: string[]): Promise<{ exitCode: number; stdout: string }> {
  return run(process.execPath, [depcruise, 'src', '--config', config, ...extra], {
    cwd,
    maxBuffer: 64 * 1024 * 1024,
  }).then(
    (r) => ({ stdout: r.stdout, exitCode: 0 }),
    (error: { stdout?: string; code?: number }) => ({
      stdout: error.stdout ?? '',
      exitCode: error.code ?? -1,
    }),
  );
}

interface Report {
  modules: { source: string; dependencies: { resolved: string }[] }[];
  summary: { violations: { rule: { name: string }; from: string; to: string }[] };
}

/** The JSON report for `cwd` (its exit code is always 0) and its violations. */
async function reportIn(cwd: string): Promise<{ report: Report; violations: Violation[] }> {
  const { stdout } = await depcruiseIn(cwd, '--output-type', 'json');
  const report = JSON.parse(stdout) as Report;
  const violations = report.summary.violations.map((v) => ({ rule: v.rule.name, from: v.from, to: v.to }));
  return { report, violations };
}

const byRule = (a: Violation, b: Violation) =>
  a.rule.localeCompare(b.rule) || a.from.localeCompare(b.from) || a.to.localeCompare(b.to);

describe('import boundaries', () => {
  it('reports every broken rule in the fixture tree, and nothing that the rules allow', async () => {
    const fixture = path.join(root, 'test/fixtures/boundaries');
    const { violations } = await reportIn(fixture);

    const circular = violations.filter((v) => v.rule === 'no-circular');
    expect(circular).toHaveLength(1);
    expect([circular[0]!.from, circular[0]!.to].sort()).toEqual([
      'src/server/modules/gamma/gamma.format.ts',
      'src/server/modules/gamma/gamma.service.ts',
    ]);

    const m = 'src/server/modules';
    expect(violations.filter((v) => v.rule !== 'no-circular').sort(byRule)).toEqual(
      [
        {
          rule: 'no-other-module-repository',
          from: `${m}/alpha/alpha.service.ts`,
          to: `${m}/beta/beta.repository.ts`,
        },
        {
          rule: 'no-other-module-tables',
          from: `${m}/alpha/alpha.service.ts`,
          to: `${m}/beta/beta.tables.ts`,
        },
        {
          rule: 'no-other-module-routes',
          from: `${m}/alpha/alpha.routes.ts`,
          to: `${m}/beta/beta.routes.ts`,
        },
        { rule: 'module-internals-stay-inside', from: 'src/cli/main.ts', to: `${m}/beta/beta.repository.ts` },
        {
          rule: 'platform-knows-no-module',
          from: 'src/server/platform/jobs.ts',
          to: `${m}/alpha/alpha.service.ts`,
        },
        { rule: 'web-only-contracts', from: 'src/web/app.ts', to: 'src/server/platform/log.ts' },
        { rule: 'contracts-stand-alone', from: 'src/contracts/leaky.ts', to: 'src/server/platform/log.ts' },
        {
          rule: 'repository-below-service',
          from: `${m}/alpha/alpha.repository.ts`,
          to: `${m}/alpha/alpha.service.ts`,
        },
        { rule: 'service-below-routes', from: `${m}/beta/beta.service.ts`, to: `${m}/beta/beta.routes.ts` },
        { rule: 'not-to-unresolvable', from: 'src/web/app.ts', to: '@/web/does-not-exist' },
      ].sort(byRule),
    );

    const { exitCode, stdout } = await depcruiseIn(fixture);
    expect(exitCode).toBe(violations.length);
    expect(stdout).toContain('web-only-contracts: src/web/app.ts');
  });

  it('finds no violation in the real source tree, with the @/ alias resolved', async () => {
    const { report, violations } = await reportIn(root);
    expect(violations).toEqual([]);
    // The alias resolves: app.ts reaches the modules it wires through @/ imports.
    const app = report.modules.find((m) => m.source === 'src/server/app.ts');
    expect(app?.dependencies.map((d) => d.resolved)).toContain('src/server/modules/system/system.routes.ts');

    const { exitCode, stdout } = await depcruiseIn(root);
    expect(exitCode).toBe(0);
    expect(stdout).toContain('no dependency violations found');
  });
});
